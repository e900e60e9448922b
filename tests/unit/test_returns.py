"""The return-visit rule of DOMAIN.md: the Python function passes the shared vectors
(tests/data/return_vectors.json), as static/app/coverage.js does under node --test."""
import json
from datetime import date
from pathlib import Path

import pytest

from fieldapp.households.coverage import is_due, local_date, return_due_on

VECTORS_PATH = Path(__file__).parent.parent / "data" / "return_vectors.json"
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
CASES = VECTORS["cases"]


def due_on(case):
    visits = [(v["visited_at"], v["outcome"], v["next_visit_on"]) for v in case["visits"]]
    return return_due_on(case["status"], visits, case["return_after_days"], VECTORS["time_zone"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_return_due_on_matches_every_shared_vector(case):
    due = due_on(case)
    assert (due.isoformat() if due else None) == case["due_on"]
    assert is_due(due, date.fromisoformat(case["today"])) is case["due_today"]


def test_the_vectors_hold_the_cases_the_issue_asks_for():
    names = " | ".join(c["name"] for c in CASES)
    for words in ("not_home without a date", "not_home with a date", "met with next_visit_on",
                  "met without a date", "refused without a date", "refused with a date", "covered",
                  "inactive", "later visit that covers", "out of order", "23:30 +07:00", "17:30Z"):
        assert words in names


def test_the_visits_local_date_is_in_the_communes_zone():
    assert local_date("2026-03-09T17:30:00Z", "Asia/Ho_Chi_Minh") == date(2026, 3, 10)
    assert local_date("2026-03-09T17:30:00Z", "UTC") == date(2026, 3, 9)


def test_an_unreadable_visit_time_is_an_error():
    with pytest.raises(ValueError):
        return_due_on("not_home", [("yesterday", "not_home", None)], 2, "Asia/Ho_Chi_Minh")
