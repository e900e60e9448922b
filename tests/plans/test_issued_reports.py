"""POST/GET /api/v1/reports: the report the commune sends upward, issued, numbered and frozen."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from tests.plans.helpers import post
from tests.plans.reporting import TEXTS, desk, hold, issue, work

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def today():
    return datetime.now(LOCAL).date()


def stats(device, **query):
    response = device.client.get("/api/v1/stats/coverage", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_an_issued_report_holds_the_coverage_reports_numbers_for_its_period(team, march):
    response = issue(march)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["period"], body["kind"], body["date_from"], body["date_to"]) == (
        "2026-03", "month", "2026-03-01", "2026-03-31")
    figures, coverage = body["figures"], stats(march, **MARCH)
    for key, value in coverage["total"].items():
        assert figures[key] == value, key
    assert figures["villages"] == coverage["villages"]
    assert (figures["households"], figures["covered"], figures["visits"]) == (3, 2, 3)
    assert (figures["desk_contacts"], figures["sessions"], figures["session_attendance"]) == (2, 2, 65)
    assert figures["commune"]["name"] == team["commune"].name


def test_the_report_carries_the_plans_parts(team, march):
    post(march, "/api/v1/targets", {"village_id": None, "indicator": "covered", "value": 10,
                                    "due_on": "2026-12-31"})
    figures = issue(march).get_json()["figures"]
    assert [(m["rank"], m["name"], m["covered"], m["visits"]) for m in figures["members"]] == [
        (1, team["lan"].full_name or "lan", 2, 2), (2, team["hoa"].full_name or "hoa", 0, 1)]
    assert figures["desk"] == {"contacts": 2, "self_done": 1, "paid_online": 0, "rated": 2,
                               "organisations": 1}
    assert [(s["held_on"], s["village"], s["attendance"]) for s in figures["sessions_held"]] == [
        ("2026-03-07", team["t01"].name, 25), ("2026-03-20", None, 40)]
    assert figures["barriers"]["total"]["no_smartphone"] == 1
    [target] = figures["targets"]
    assert (target["indicator"], target["value"], target["actual"]) == ("covered", 10, 2.0)


def test_the_officers_words_are_kept_with_their_paragraphs(team, march):
    body = issue(march).get_json()
    assert body["difficulties"] == "Nhiều hộ chưa có điện thoại thông minh.\n\nNgười cao tuổi ngại dùng."
    assert (body["causes"], body["proposals"]) == (TEXTS["causes"], TEXTS["proposals"])


def test_reports_are_numbered_per_commune_and_year(team, march, phone):
    year = today().year
    first, second = issue(march).get_json(), issue(march, "2026-Q1").get_json()
    assert (first["number"], second["number"]) == (f"01/BC-{year}", f"02/BC-{year}")
    assert issue(phone("stranger")).get_json()["number"] == f"01/BC-{year}"
    listed = march.client.get("/api/v1/reports").get_json()["items"]
    assert [item["number"] for item in listed] == [f"02/BC-{year}", f"01/BC-{year}"]
    assert "figures" not in listed[0]


def test_a_report_reads_back_as_it_was_issued_and_is_audited(team, march):
    body = issue(march).get_json()
    response = march.client.get(f"/api/v1/reports/{body['id']}")
    assert response.status_code == 200 and response.get_json() == body
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "report_issued")).one()
    assert (entry.target_id, entry.details["number"]) == (str(body["id"]), body["number"])


def test_later_work_never_changes_an_issued_report(team, march, phone):
    """Visits, desk contacts and sessions recorded afterwards in the same period change the
    next report, not the one sent."""
    body = issue(march).get_json()
    work(phone("lan"), team["t01"], 6)
    work(phone("tuan"), team["t01"], 7)
    desk(march, helped_at="2026-03-11T09:00:00+07:00")
    hold(march, held_on="2026-03-12", attendance=9)
    again = march.client.get(f"/api/v1/reports/{body['id']}").get_json()
    assert again == body
    recounted = issue(march).get_json()["figures"]
    counted = ("households", "visits", "desk_contacts", "sessions")
    assert tuple(recounted[key] for key in counted) == (5, 5, 3, 3)
    assert body["figures"]["households"] == 3


@pytest.mark.parametrize("period, kind, first, last", [
    ("2026-02", "month", "2026-02-01", "2026-02-28"),
    ("2026-Q1", "quarter", "2026-01-01", "2026-03-31"),
    ("2026-H1", "half", "2026-01-01", "2026-06-30"),
    ("2025", "year", "2025-01-01", "2025-12-31"),
])
def test_each_kind_of_period(team, phone, period, kind, first, last):
    body = issue(phone("officer"), period).get_json()
    assert (body["kind"], body["date_from"], body["date_to"]) == (kind, first, last)


def test_a_period_not_ended_is_counted_to_the_day_of_issue(team, phone):
    body = issue(phone("officer"), today().strftime("%Y-%m")).get_json()
    assert body["date_to"] == today().isoformat()


@pytest.mark.parametrize("period", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "26-03", "2026-3", "", "1999",
                                    "2026-03-01", "٢٠٢٦", 2026, None, "2099-01"])
def test_a_period_that_cannot_be_reported_is_422_with_a_clear_message(team, phone, period):
    response = issue(phone("officer"), period)
    assert response.status_code == 422, response.get_json()
    assert len(response.get_json()["error"]["fields"]["period"][0]) > 10


@pytest.mark.parametrize("period, says", [
    ("2026-13", "A month is 01 to 12."), ("2026-Q5", "A quarter is Q1 to Q4."),
    ("2026-H3", "A half year is H1 or H2."), ("1999", "The year must be between 2000 and 2099."),
    ("26-03", 'Write the period as a month "2026-03", a quarter "2026-Q1", a half year "2026-H1" or '
              'a year "2026".'),
    ("2099-01", "This period has not begun yet: there is nothing to report."),
])
def test_the_message_says_how_to_write_the_period(team, phone, period, says):
    device = phone("officer")
    response = device.client.post("/api/v1/reports", json={"period": period},
                                  headers={"X-CSRFToken": device.token, "Accept-Language": "en"})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["period"] == [says]


def test_a_citizen_id_in_the_text_is_refused(team, phone):
    response = issue(phone("officer"), difficulties="Ông A, CCCD 001099012345, chưa kích hoạt.")
    assert response.status_code == 422
    assert "difficulties" in response.get_json()["error"]["fields"]


def test_another_communes_report_does_not_exist_for_the_office(team, march, phone):
    body = issue(march).get_json()
    assert phone("stranger").client.get(f"/api/v1/reports/{body['id']}").status_code == 404
    assert phone("stranger").client.get("/api/v1/reports").get_json()["items"] == []
    assert phone("leader").client.get(f"/api/v1/reports/{body['id']}").status_code == 403


def test_two_reports_taking_the_same_number_at_once_is_a_409_not_a_500(team, march, monkeypatch):
    """Two officers issuing at the same moment both read the same next number: the unique
    (commune, year, number) refuses the second, which is told to issue again."""
    from fieldapp.plans import issued

    first = issue(march).get_json()
    monkeypatch.setattr(issued, "_next_seq", lambda commune_id, year: 1)
    response = issue(march, "2026-Q1")
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"]["code"] == "conflict"
    assert [item["id"] for item in march.client.get("/api/v1/reports").get_json()["items"]] == [first["id"]]
    audited = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "report_issued")).all()
    assert len(audited) == 1
    monkeypatch.undo()
    assert issue(march, "2026-Q1").get_json()["number"].startswith("02/")
