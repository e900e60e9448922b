"""Each household once: GET /api/v1/households/duplicates and POST /api/v1/households/<id>/merge,
the rule's shared vectors, and what phones see of a merge."""
import json
import uuid

import pytest
from sqlalchemy import event, select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.households.matching import reasons
from fieldapp.households.models import Household, Member, Visit
from tests.conftest import ROOT
from tests.phones import new_id, op

VECTORS = json.loads((ROOT / "tests" / "data" / "duplicate_vectors.json").read_text())


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["why"] for c in VECTORS["cases"]])
def test_the_rule_passes_the_shared_vectors(case):
    assert reasons(case["a"], case["b"]) == case["reasons"]
    assert reasons(case["b"], case["a"]) == case["reasons"]


def household(village, entity_id=None, minutes=0, base_version=None, **data):
    return op("household.upsert", entity_id or new_id(), {"village_id": village.id, **data}, minutes,
              base_version=base_version)


def member(household_id, name, minutes=0, **data):
    return op("member.upsert", new_id(), {"household_id": household_id, "full_name": name, **data}, minutes)


def visit(household_id, minutes=0, **data):
    return op("visit.create", new_id(), {"household_id": household_id, "outcome": "met", **data}, minutes)


def applied(device, *ops):
    results = device.push(*ops)
    assert {r["status"] for r in results} == {"applied"}, results


def duplicates(device, **query):
    response = device.client.get("/api/v1/households/duplicates", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def merge(device, household_id, into):
    return device.client.post(f"/api/v1/households/{household_id}/merge", json={"into": str(into)},
                              headers={"X-CSRFToken": device.token})


@pytest.fixture
def twins(team, phone):
    """In T01, An recorded twice (by lan and by tuan), and two neighbours of one name; in T02,
    two households with one phone."""
    an, an_again = new_id(), new_id()
    applied(phone("lan"), household(team["t01"], an, head_name="Nguyễn Văn An", address="xóm 3"),
            household(team["t01"], head_name="Nguyễn Văn An", address="xóm 4"))
    applied(phone("tuan"), household(team["t01"], an_again, head_name="Nguyen Van An", address="Xóm 3,"))
    same_phone = [new_id(), new_id()]
    applied(phone("hoa"),
            household(team["t02"], same_phone[0], head_name="Trần Thị Bình", phone="0912345678"),
            household(team["t02"], same_phone[1], head_name="Trần Văn Cường", phone="0912 345 678"))
    return {"an": an, "an_again": an_again, "same_phone": same_phone}


def test_duplicates_of_one_village_with_their_reasons(twins, team, phone):
    items = duplicates(phone("leader"), village_id=team["t01"].id)
    assert items == [{"households": sorted([twins["an"], twins["an_again"]]), "reasons": ["name", "address"],
                      "village_id": team["t01"].id}]


def test_without_a_village_every_village_of_the_leader_is_searched(twins, team, phone):
    items = duplicates(phone("leader"))
    assert [(i["village_id"], i["reasons"]) for i in items] == [
        (team["t01"].id, ["name", "address"]), (team["t02"].id, ["phone"])]
    assert items[1]["households"] == sorted(twins["same_phone"])


def test_scope_leaders_their_villages_officers_the_commune(twins, team, phone, make_user, app):
    from tests.phones import Phone

    t02_leader = Phone(app, make_user(team["commune"], "leader", [team["t02"]], username="lead2"))
    assert [i["village_id"] for i in duplicates(t02_leader)] == [team["t02"].id]
    response = t02_leader.client.get("/api/v1/households/duplicates",
                                     query_string={"village_id": team["t01"].id})
    assert response.status_code == 403
    assert len(duplicates(phone("officer"))) == 2
    assert duplicates(phone("stranger")) == []
    response = phone("stranger").client.get("/api/v1/households/duplicates",
                                            query_string={"village_id": team["t01"].id})
    assert response.status_code == 404
    assert phone("lan").client.get("/api/v1/households/duplicates").status_code == 403


def test_an_admin_reads_duplicates_of_their_own_commune_only(twins, team, phone, make_user, app):
    """Household data is served one commune at a time, admins' too (core/permissions.py,
    scoped_village(..., households=True)): another commune's village is a 404, as its households
    are, and without a village an admin's list is their own commune's."""
    from tests.phones import Phone

    far_twin = [new_id(), new_id()]
    applied(phone("stranger"),
            household(team["far"], far_twin[0], head_name="Lê Văn Dũng", phone="0987654321"),
            household(team["far"], far_twin[1], head_name="Lê Thị Em", phone="0987 654 321"))
    assert [i["village_id"] for i in duplicates(phone("stranger"))] == [team["far"].id]
    admin = Phone(app, make_user(team["commune"], "admin", [], username="quan_tri"))
    response = admin.client.get("/api/v1/households/duplicates", query_string={"village_id": team["far"].id})
    assert response.status_code == 404
    assert far_twin[0] not in response.get_data(as_text=True)
    assert [i["village_id"] for i in duplicates(admin)] == [team["t01"].id, team["t02"].id]
    assert [i["village_id"] for i in duplicates(admin, village_id=team["t02"].id)] == [team["t02"].id]


def test_a_600_household_village_is_searched_in_sql(team, phone):
    ops = [household(team["t01"], head_name=f"Hộ số {n}", address=f"Xóm {n % 7}") for n in range(600)]
    ops.append(household(team["t01"], head_name="Hộ số 5", address="xom 5"))  # the one twin
    officer = phone("officer")
    for start in range(0, len(ops), 200):
        applied(officer, *ops[start:start + 200])
    leader, loaded = phone("leader"), []

    def count(household, context):
        loaded.append(household.id)

    event.listen(Household, "load", count)
    try:
        items = duplicates(leader, village_id=team["t01"].id)
    finally:
        event.remove(Household, "load", count)
    assert len(items) == 1 and items[0]["reasons"] == ["name", "address"]
    assert len(loaded) == 2  # the pair only: the 600 are compared by the database


# --- merge ---------------------------------------------------------------------------------

def test_merge_moves_members_and_visits_and_leaves_a_tombstone(twins, team, phone):
    lan, tuan, leader = phone("lan"), phone("tuan"), phone("leader")
    applied(lan, member(twins["an"], "Nguyễn Văn An", is_head=True, skills={"vneid_level2": True}),
            visit(twins["an"], 1))
    applied(tuan, member(twins["an_again"], "Nguyen Van An", is_head=True, birth_year=1970,
                         skills={"dvc_login": True}),
            member(twins["an_again"], "Nguyễn Thị Hoa", 1), visit(twins["an_again"], 2, outcome="not_home"))
    lan.pull_all()
    assert db.session.get(Household, uuid.UUID(twins["an"])).status == "in_progress"  # met, not capable
    response = merge(leader, twins["an_again"], twins["an"])
    assert response.status_code == 200, response.get_json()
    kept = response.get_json()
    assert kept["id"] == twins["an"] and kept["deleted"] is False and kept["merged_into"] is None
    assert kept["status"] == "not_home"  # recomputed: the latest visit was the twin's, a closed door

    detail = leader.client.get(f"/api/v1/households/{twins['an']}").get_json()
    people = {m["full_name"]: m for m in detail["members"]}
    assert sorted(people) == ["Nguyễn Thị Hoa", "Nguyễn Văn An"]  # one An: the same person twice
    assert set(people["Nguyễn Văn An"]["skills"]) == {"vneid_level2", "dvc_login"}
    assert people["Nguyễn Văn An"]["birth_year"] == 1970 and people["Nguyễn Văn An"]["is_head"]
    assert len(detail["visits"]) == 2
    assert leader.client.get(f"/api/v1/households/{twins['an_again']}").status_code == 404

    page = lan.pull_all()[-1]
    pulled = {h["id"]: h for h in page["households"]}
    assert pulled[twins["an_again"]]["deleted"] is True
    assert pulled[twins["an_again"]]["merged_into"] == twins["an"]
    assert {v["household_id"] for v in page["visits"]} == {twins["an"]}
    assert {m["household_id"] for m in page["members"]} == {twins["an"]}
    assert duplicates(leader, village_id=team["t01"].id) == []


def test_counts_drop_by_one(twins, team, phone):
    leader = phone("leader")

    def households_of_t01():
        body = leader.client.get("/api/v1/stats/coverage", query_string={"village_id": team["t01"].id})
        return body.get_json()["total"]["households"]

    assert households_of_t01() == 3  # the summary is counted, then kept
    assert merge(leader, twins["an_again"], twins["an"]).status_code == 200
    assert households_of_t01() == 2


def test_the_merge_is_audited_apart_from_an_erasure(twins, team, phone):
    applied(phone("tuan"), visit(twins["an_again"]))
    assert merge(phone("leader"), twins["an_again"], twins["an"]).status_code == 200
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "household_merged"))
    assert (entry.user_id, entry.target_id) == (team["leader"].id, twins["an"])
    assert entry.details == {"merged": twins["an_again"], "members": 0, "people_merged": 0, "visits": 1}
    gone = db.session.get(Household, uuid.UUID(twins["an_again"]))
    assert gone.deleted and gone.merged_into_id == uuid.UUID(twins["an"]) and gone.erased_at is None


@pytest.mark.parametrize("case", ["itself", "other_village", "unknown", "already_merged", "into_merged"])
def test_merges_that_cannot_be_made_are_clear_4xx(twins, team, phone, case):
    leader = phone("leader")
    an, again, t02 = twins["an"], twins["an_again"], twins["same_phone"][0]
    if case.endswith("merged"):
        assert merge(leader, again, an).status_code == 200
    pair, status, field = {
        "itself": ((an, an), 422, "into"),
        "other_village": ((an, t02), 422, "into"),
        "unknown": ((an, uuid.uuid4()), 422, "into"),
        "already_merged": ((again, an), 409, "id"),
        "into_merged": ((an, again), 409, "into"),
    }[case]
    response = merge(leader, *pair)
    assert response.status_code == status, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "household_merged")) is None \
        or case.endswith("merged")


def test_merge_scope_and_role(twins, team, phone, make_user, app):
    from tests.phones import Phone

    assert merge(phone("lan"), twins["an_again"], twins["an"]).status_code == 403  # a volunteer
    t02_leader = Phone(app, make_user(team["commune"], "leader", [team["t02"]], username="lead2"))
    assert merge(t02_leader, twins["an_again"], twins["an"]).status_code == 403
    assert merge(phone("stranger"), twins["an_again"], twins["an"]).status_code == 404
    response = phone("leader").client.post(f"/api/v1/households/{twins['an_again']}/merge",
                                           json={"into": twins["an"]})  # no CSRF token
    assert response.status_code in (400, 403)
    assert not db.session.get(Household, uuid.UUID(twins["an_again"])).deleted
    assert merge(phone("officer"), twins["an_again"], twins["an"]).status_code == 200


# --- a phone that still holds changes for the household merged away -------------------------

def test_late_changes_to_a_merged_household(twins, team, phone):
    tuan = phone("tuan")
    applied(tuan, member(twins["an_again"], "Nguyễn Thị Hoa"))
    tuan.pull_all()
    hoa = db.session.scalar(select(Member.id).where(Member.full_name == "Nguyễn Thị Hoa"))
    assert merge(phone("leader"), twins["an_again"], twins["an"]).status_code == 200
    results = tuan.push(
        household(team["t01"], twins["an_again"], 5, note="Nhà mái tôn"),
        visit(twins["an_again"], 6),
        member(twins["an_again"], "Nguyễn Văn Bé", 7),
        op("member.upsert", hoa, {"household_id": twins["an_again"], "note": "Cần kích hoạt"}, 8,
           base_version=1))
    assert results[0]["status"] == "rejected"
    assert "đã được gộp" in results[0]["errors"]["id"][0]
    assert [r["status"] for r in results[1:]] == ["applied"] * 3
    db.session.expire_all()
    assert set(db.session.scalars(select(Visit.household_id))) == {uuid.UUID(twins["an"])}
    assert set(db.session.scalars(select(Member.household_id).where(Member.deleted.is_(False)))) == {
        uuid.UUID(twins["an"])}
    assert db.session.get(Member, hoa).note == "Cần kích hoạt"


def test_open_conflicts_of_the_household_merged_away_are_closed(twins, team, phone):
    from fieldapp.sync.models import Conflict

    lan, tuan = phone("lan"), phone("tuan")
    applied(lan, household(team["t01"], twins["an_again"], 5, base_version=1, note="Nhà mái ngói"))
    applied(tuan, household(team["t01"], twins["an_again"], 3, base_version=1, note="Nhà mái tôn"))
    assert db.session.scalar(select(Conflict.resolved_at)) is None
    assert merge(phone("leader"), twins["an_again"], twins["an"]).status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(Conflict.resolution)) == "merged"
    assert phone("leader").client.get("/api/v1/conflicts").get_json()["total"] == 0
