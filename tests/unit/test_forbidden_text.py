"""Free text never holds an ID-card number, an OTP or a password: the server's rule passes the
vectors the phone's rule passes too (static/app/tests/forbidden.test.mjs)."""
import json
from pathlib import Path

import pytest

from fieldapp.core.forbidden_text import forbidden_kind

VECTORS = json.loads((Path(__file__).parents[1] / "data" / "forbidden_text_vectors.json").read_text("utf-8"))


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda case: case["text"])
def test_forbidden_text_matches_the_shared_vectors(case):
    assert forbidden_kind(case["text"]) == case["kind"]


def test_the_vectors_hold_both_kinds_and_lookalikes_that_pass():
    kinds = [case["kind"] for case in VECTORS["cases"]]
    assert {"citizen_id", "secret", None} == set(kinds)


@pytest.mark.parametrize("phone", ["0912345678", "0312345678", "02438261234", "0912 345 678",
                                   "+84 912 345 678"])
def test_a_phone_number_is_never_refused(phone):
    assert forbidden_kind(phone) is None
    assert forbidden_kind(f"Gọi {phone} buổi tối") is None
