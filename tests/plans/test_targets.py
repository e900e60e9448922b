"""POST and GET /api/v1/targets: targets with deadlines, their actual figures and their pace."""
from datetime import timedelta

import pytest

from fieldapp.core.audit import AuditEntry
from fieldapp.core.vocabulary import DEFAULT_COVERAGE_RULE
from fieldapp.dashboard.periods import local_today
from fieldapp.extensions import db
from fieldapp.plans.models import Target
from tests.plans.helpers import household_with_member, post

SKILLED = list(DEFAULT_COVERAGE_RULE)


def aim(device, **fields):
    body = {"village_id": None, "indicator": "covered_pct", "value": 100,
            "due_on": (local_today() + timedelta(days=100)).isoformat(), **fields}
    return post(device, "/api/v1/targets", body)


def listed(device):
    response = device.client.get("/api/v1/targets")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


@pytest.fixture
def half_covered(team, phone):
    """T01: one household covered, one not; T02: one not covered. The commune: 1 of 3."""
    lan = phone("lan")
    household_with_member(lan, team["t01"], skills=SKILLED)
    household_with_member(lan, team["t01"])
    household_with_member(phone("hoa"), team["t02"])
    return team


def test_a_target_starts_from_todays_figure_and_is_on_track_that_day(half_covered, phone):
    response = aim(phone("officer"))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["starts_on"] == local_today().isoformat()
    assert body["start_value"] == body["actual"] == 33.3 and body["on_track"] is True
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "target_set")).one()
    assert entry.target_id == str(body["id"])
    assert [item["id"] for item in listed(phone("leader"))] == [body["id"]]


def test_the_pace_since_the_start_decides_on_track(half_covered, phone):
    """Set 100 days ago at 0%, due in 100 days at 100%: the line stands at 50% today."""
    officer = phone("officer")
    first = aim(officer, value=100).get_json()["id"]
    second = aim(officer, value=60).get_json()["id"]
    today = local_today()
    for target_id in (first, second):
        target = db.session.get(Target, target_id)
        target.starts_on, target.start_value = today - timedelta(days=100), 0.0
        target.due_on = today + timedelta(days=100)
    db.session.commit()
    items = {item["id"]: item for item in listed(officer)}
    assert (items[first]["expected"], items[first]["on_track"]) == (50.0, False)   # 33.3 < 50
    assert (items[second]["expected"], items[second]["on_track"]) == (30.0, True)  # 33.3 >= 30


def test_a_village_target_takes_the_villages_figure(half_covered, phone):
    response = aim(phone("officer"), village_id=half_covered["t01"].id, indicator="covered")
    assert response.status_code == 201
    assert (response.get_json()["village_id"], response.get_json()["actual"]) == (half_covered["t01"].id, 1)


def test_a_desk_target_counts_the_desk(team, phone):
    officer = phone("officer")
    target = aim(officer, indicator="desk_contacts", value=500).get_json()["id"]
    assert post(officer, "/api/v1/desk", {"helped_at": "2026-03-05T09:00:00+07:00", "party": "person",
                                          "services": [], "self_done": True}).status_code == 201
    assert {item["id"]: item["actual"] for item in listed(officer)} == {target: 1}


def test_an_entered_target_takes_the_latest_month_entered(team, phone):
    officer = phone("officer")
    target = aim(officer, indicator="satisfaction_rate", value=90).get_json()
    assert (target["actual"], target["on_track"], target["start_value"]) == (None, None, 0)
    for month, value in (("2026-04", 91.5), ("2026-03", 88)):
        assert post(officer, "/api/v1/indicators", {"month": month, "indicator": "satisfaction_rate",
                                                    "value": value, "source": "Cổng DVC"}).status_code == 201
    item = listed(officer)[0]
    assert (item["actual"], item["on_track"]) == (91.5, True)


def test_an_entered_figure_is_the_communes_not_a_villages(team, phone):
    response = aim(phone("officer"), village_id=team["t01"].id, indicator="online_payment_rate", value=30)
    assert response.status_code == 422 and "village_id" in response.get_json()["error"]["fields"]


def test_who_sets_and_who_reads(team, phone):
    assert aim(phone("leader")).status_code == 403
    assert aim(phone("lan")).status_code == 403
    assert phone("lan").client.get("/api/v1/targets").status_code == 403
    assert aim(phone("officer")).status_code == 201
    assert len(listed(phone("leader"))) == 1
    assert listed(phone("stranger")) == []  # another commune sees its own targets only


@pytest.mark.parametrize("fields, field", [
    ({"indicator": "due_for_return"}, "indicator"),  # not one that grows as work is done
    ({"indicator": "cccd"}, "indicator"),
    ({"value": -1}, "value"),
    ({"value": "all"}, "value"),
    ({"due_on": "31/12/2026"}, "due_on"),
    ({"due_on": None}, "due_on"),
    ({"village_id": 2**40}, "village_id"),
    ({"village_id": "T01"}, "village_id"),
])
def test_bad_input_is_422_with_the_field(team, phone, fields, field):
    response = aim(phone("officer"), **fields)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_another_communes_village_is_not_known(team, phone):
    response = aim(phone("stranger"), village_id=team["t01"].id)
    assert response.status_code == 422 and "village_id" in response.get_json()["error"]["fields"]
