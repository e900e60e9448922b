"""Return visits (DOMAIN.md): GET /api/v1/households?due=1, `due_for_return` in the stats and
FIELDAPP_RETURN_AFTER_DAYS follow the one rule of households/coverage.py."""
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fieldapp.extensions import db
from fieldapp.households.coverage import return_due_on
from fieldapp.households.models import Household
from fieldapp.households.queries import due_for_return
from tests.phones import new_id, op
from tests.unit.test_returns import CASES, VECTORS

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}
OLD = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def today():
    return datetime.now(LOCAL).date()


def household(village, entity_id, name):
    return op("household.upsert", entity_id, {"village_id": village.id, "head_name": name})


def visit(household_id, outcome, visited_at=OLD, **data):
    return op("visit.create", new_id(), {"household_id": household_id, "outcome": outcome,
                                         "visited_at": visited_at.isoformat(), **data})


def listing(device, **query):
    response = device.client.get("/api/v1/households", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def names(body):
    return sorted(item["head_name"] for item in body["items"])


def due_count(device, **query):
    response = device.client.get("/api/v1/stats/coverage", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["total"]["due_for_return"]


@pytest.fixture
def doors(team, phone):
    """T01 (lan): households on and off the return queue; T02 (hoa): one due."""
    ids = {name: new_id() for name in ("Vắng", "Hẹn", "Vừa vắng", "Từ chối", "Từ chối hẹn", "Sắp hẹn",
                                       "Đã xong", "Chưa đến", "Vắng xa")}
    now = datetime.now(UTC) - timedelta(minutes=1)
    soon = (today() + timedelta(days=5)).isoformat()
    t01 = [
        household(team["t01"], ids["Vắng"], "Vắng"), visit(ids["Vắng"], "not_home"),  # one tap, no date
        household(team["t01"], ids["Hẹn"], "Hẹn"), visit(ids["Hẹn"], "met", next_visit_on="2026-03-06"),
        household(team["t01"], ids["Vừa vắng"], "Vừa vắng"), visit(ids["Vừa vắng"], "not_home", now),
        household(team["t01"], ids["Từ chối"], "Từ chối"), visit(ids["Từ chối"], "refused"),
        household(team["t01"], ids["Từ chối hẹn"], "Từ chối hẹn"),
        visit(ids["Từ chối hẹn"], "refused", next_visit_on="2026-03-07"),
        household(team["t01"], ids["Sắp hẹn"], "Sắp hẹn"), visit(ids["Sắp hẹn"], "met", next_visit_on=soon),
        household(team["t01"], ids["Đã xong"], "Đã xong"), visit(ids["Đã xong"], "not_home"),
        op("member.upsert", new_id(),
           {"household_id": ids["Đã xong"], "full_name": "Bà Xong", "skills": SKILLED}),
        household(team["t01"], ids["Chưa đến"], "Chưa đến"),
    ]
    assert {r["status"] for r in phone("lan").push(*t01)} == {"applied"}
    assert {r["status"] for r in phone("hoa").push(
        household(team["t02"], ids["Vắng xa"], "Vắng xa"), visit(ids["Vắng xa"], "not_home"))} == {"applied"}
    return ids


DUE_T01 = ["Hẹn", "Từ chối hẹn", "Vắng"]


def test_due_lists_the_households_due_by_today_in_the_users_villages(doors, phone):
    assert names(listing(phone("lan"), due=1)) == DUE_T01
    assert names(listing(phone("hoa"), due=1)) == ["Vắng xa"]
    assert names(listing(phone("officer"), due=1)) == sorted([*DUE_T01, "Vắng xa"])
    assert listing(phone("stranger"), due=1)["total"] == 0


def test_due_0_or_absent_lists_every_household(doors, phone):
    assert listing(phone("lan"), due=0)["total"] == listing(phone("lan"))["total"] == 8


def test_due_combines_with_village_status_and_q(doors, team, phone):
    officer = phone("officer")
    assert names(listing(officer, due=1, village_id=team["t02"].id)) == ["Vắng xa"]
    assert names(listing(officer, due=1, status="not_home")) == ["Vắng", "Vắng xa"]
    assert names(listing(officer, due=1, status="refused")) == ["Từ chối hẹn"]
    assert names(listing(officer, due=1, q="vang")) == ["Vắng", "Vắng xa"]  # not "Vừa vắng": not due yet


def test_due_pages_cover_every_due_household_once(doors, phone):
    lan = phone("lan")
    pages = [listing(lan, due=1, page=n, per_page=2) for n in (1, 2, 3)]
    assert [len(p["items"]) for p in pages] == [2, 1, 0]
    assert {p["total"] for p in pages} == {3}
    assert sorted(i["head_name"] for p in pages for i in p["items"]) == DUE_T01


def test_due_outside_the_scope_is_403(doors, team, phone):
    query = {"due": 1, "village_id": team["t02"].id}
    response = phone("lan").client.get("/api/v1/households", query_string=query)
    assert response.status_code == 403


def test_an_unreadable_due_is_422_with_the_field(team, phone):
    response = phone("lan").client.get("/api/v1/households", query_string={"due": "maybe"})
    assert response.status_code == 422
    assert "due" in response.get_json()["error"]["fields"]


def test_the_households_export_takes_the_due_filter_and_audits_it(doors, phone):
    from fieldapp.core.audit import AuditEntry

    officer = phone("officer").client
    body = officer.get("/exports/households.csv", query_string={"due": "1"}).get_data().decode("utf-8-sig")
    assert sorted(line.split(",")[2] for line in body.splitlines()[1:]) == sorted([*DUE_T01, "Vắng xa"])
    assert officer.get("/exports/households.csv", query_string={"due": "maybe"}).status_code == 422
    entry = db.session.query(AuditEntry).filter_by(action="export").one()
    assert entry.details["filters"] == {"due": True}


def test_due_for_return_in_the_stats_follows_the_same_rule(doors, phone):
    lan = phone("lan")
    assert due_count(lan) == len(DUE_T01)
    in_two_days = (today() + timedelta(days=2)).isoformat()
    assert due_count(lan, date_to=in_two_days) == len(DUE_T01) + 1        # "Vừa vắng" falls due
    assert due_count(lan, date_to="2026-03-07") == 3                      # "Vắng": 5 Mar + 2 days
    assert due_count(lan, date_to="2026-03-06") == 1                      # "Hẹn"
    assert due_count(lan, date_to="2026-03-05") == 0
    assert due_count(lan, date_from="2026-03-01", date_to="2026-03-07") == 3
    assert due_count(phone("officer")) == len(DUE_T01) + 1


@pytest.mark.parametrize("app_settings", [{"FIELDAPP_RETURN_AFTER_DAYS": 0}])
def test_the_return_after_days_setting_is_honoured(doors, phone):
    lan = phone("lan")
    assert names(listing(lan, due=1)) == sorted([*DUE_T01, "Vừa vắng"])
    assert due_count(lan) == len(DUE_T01) + 1
    assert due_count(lan, date_to="2026-03-05") == 1                      # "Vắng", the day of the visit


@pytest.mark.parametrize("app_settings", [{"FIELDAPP_RETURN_AFTER_DAYS": 30}])
def test_a_longer_setting_keeps_fresh_closed_doors_off_the_queue(doors, phone):
    lan = phone("lan")
    assert names(listing(lan, due=1)) == DUE_T01                          # March is long past
    assert due_count(lan, date_to="2026-04-03") == 2                      # "Hẹn", "Từ chối hẹn"
    assert due_count(lan, date_to="2026-04-04") == 3                      # 5 Mar + 30 days


def test_the_session_tells_the_phone_the_setting_and_the_zone(doors, phone):
    body = phone("lan").client.get("/api/v1/session").get_json()
    assert body["return_after_days"] == 2
    assert body["time_zone"] == "Asia/Ho_Chi_Minh"


DATED = [c for c in CASES if c["visits"]]


def counted_due(home, day, case):
    clause = due_for_return(day, case["return_after_days"], VECTORS["time_zone"])
    statement = db.select(db.func.count()).select_from(Household).where(clause, Household.id == home.id)
    return bool(db.session.scalar(statement))


@pytest.mark.parametrize("case", DATED, ids=[c["name"] for c in DATED])
def test_the_sql_rule_agrees_with_the_function_on_every_vector(app, team, case):
    """The household row as the write path leaves it (its latest visit's time, outcome and
    date), counted by the SQL clause every list and report uses, on the vector's day, and on
    the day before and the day its return date falls."""
    latest = max(case["visits"], key=lambda v: datetime.fromisoformat(v["visited_at"]))
    next_on = latest["next_visit_on"]
    home = Household(id=uuid.uuid4(), commune_id=team["commune"].id, village_id=team["t01"].id,
                     head_name="Hộ", status=case["status"], inactive=case["status"] == "inactive",
                     last_visit_at=datetime.fromisoformat(latest["visited_at"]),
                     last_outcome=latest["outcome"], next_visit_on=next_on and date.fromisoformat(next_on))
    db.session.add(home)
    db.session.flush()
    assert counted_due(home, date.fromisoformat(case["today"]), case) is case["due_today"]
    visits = [(v["visited_at"], v["outcome"], v["next_visit_on"]) for v in case["visits"]]
    due_on = return_due_on(case["status"], visits, case["return_after_days"], VECTORS["time_zone"])
    if due_on is not None:
        assert not counted_due(home, due_on - timedelta(days=1), case)
        assert counted_due(home, due_on, case)
    db.session.rollback()


def test_due_is_documented_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/households"]["get"]["parameters"]}
    assert parameters["due"]["schema"]["type"] == "boolean"
    assert "FIELDAPP_RETURN_AFTER_DAYS" in parameters["due"]["description"]
    session = spec["components"]["schemas"]["Session"]["properties"]
    assert {"return_after_days", "time_zone"} <= set(session)
