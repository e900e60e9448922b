"""GET /api/v1/conflicts and POST /api/v1/conflicts/<id>/resolve, for leaders."""
import json
import uuid

import pytest
from sqlalchemy import func, select

from fieldapp.core.audit import AuditEntry
from fieldapp.core.errors import ApiError
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member
from fieldapp.sync.conflicts import write_back
from fieldapp.sync.models import AppliedOp, Conflict
from tests.phones import Phone, new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}


def stored(model, key):
    db.session.expire_all()
    return db.session.get(model, key if isinstance(key, int) else uuid.UUID(str(key)))


def resolutions_logged():
    return db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "conflict_resolved"))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def household_conflict(team, phone, field="head_name", first="Nguyễn Văn Ân", second="Nguyễn Văn Án"):
    """lan and tuan both change one field of a household from version 1: one conflict."""
    household_id = new_id()
    lan, tuan = phone("lan"), phone("tuan")
    lan.push(op("household.upsert", household_id,
                {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An"}))
    lan.push(op("household.upsert", household_id, {field: first}, minutes=20, base_version=1))
    tuan.push(op("household.upsert", household_id, {field: second}, minutes=10, base_version=1))
    assert count(Conflict) == 1
    return household_id, db.session.scalar(select(Conflict))


def listing(device, **query):
    response = device.client.get("/api/v1/conflicts", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def resolve(device, conflict_id, keep, **headers):
    return device.client.post(f"/api/v1/conflicts/{conflict_id}/resolve", json={"keep": keep},
                              headers={"X-CSRFToken": device.token, **headers})


# --- the list ------------------------------------------------------------------------------

def test_leader_lists_the_open_conflicts_of_their_villages(team, phone):
    household_id, conflict = household_conflict(team, phone)
    body = listing(phone("leader"))
    assert (body["page"], body["per_page"], body["total"]) == (1, 50, 1)
    [item] = body["items"]
    assert (item["id"], item["entity_type"], item["entity_id"], item["field"]) == (
        conflict.id, "household", household_id, "head_name")
    assert {item["kept_value"], item["lost_value"]} == {"Nguyễn Văn Ân", "Nguyễn Văn Án"}
    assert {item["kept_by_id"], item["lost_by_id"]} == {team["lan"].id, team["tuan"].id}
    assert (item["resolved_at"], item["resolution"], item["resolved_by_id"]) == (None, None, None)


def test_status_filter(team, phone):
    _, conflict = household_conflict(team, phone)
    leader = phone("leader")
    assert resolve(leader, conflict.id, "kept").status_code == 200
    assert listing(leader)["total"] == 0
    assert [c["id"] for c in listing(leader, status="resolved")["items"]] == [conflict.id]
    assert listing(leader, status="all")["total"] == 1
    assert leader.client.get("/api/v1/conflicts", query_string={"status": "closed"}).status_code == 422


def test_volunteers_may_neither_list_nor_resolve(team, phone):
    _, conflict = household_conflict(team, phone)
    lan = phone("lan")
    assert lan.client.get("/api/v1/conflicts").status_code == 403
    assert resolve(lan, conflict.id, "kept").status_code == 403
    assert stored(Conflict, conflict.id).resolved_at is None


def test_a_leader_of_another_village_neither_sees_nor_resolves_it(team, phone, make_user, app):
    _, conflict = household_conflict(team, phone)
    thu = Phone(app, make_user(team["commune"], "leader", [team["t02"]], username="thu"))
    assert listing(thu)["total"] == 0
    assert thu.client.get("/api/v1/conflicts", query_string={"village_id": team["t01"].id}).status_code == 403
    assert resolve(thu, conflict.id, "kept").status_code == 403


def test_another_commune_gets_404(team, phone):
    _, conflict = household_conflict(team, phone)
    stranger = phone("stranger")
    assert listing(stranger)["total"] == 0
    assert resolve(stranger, conflict.id, "kept").status_code == 404


def test_an_admin_lists_the_conflicts_of_their_own_commune_only(team, phone, make_user, app):
    """Conflicts hold household data: another commune's village is a 404 for an admin too, as
    its households are (core/permissions.py, scoped_village(..., households=True))."""
    household_conflict(team, phone)
    admin = Phone(app, make_user(team["far"].commune, "admin", [], username="quan_tri"))
    assert listing(admin)["total"] == 0
    response = admin.client.get("/api/v1/conflicts", query_string={"village_id": team["t01"].id})
    assert response.status_code == 404


@pytest.mark.parametrize("conflict_id", ["999999", str(2**40), "abc"])
def test_unknown_conflict_is_404(team, phone, conflict_id):
    assert resolve(phone("leader"), conflict_id, "kept").status_code == 404


def test_officer_sees_every_village(team, phone):
    household_conflict(team, phone)
    assert listing(phone("officer"))["total"] == 1


# --- resolving -----------------------------------------------------------------------------

def test_keeping_the_merged_value_closes_the_conflict_and_changes_nothing(team, phone):
    household_id, conflict = household_conflict(team, phone)
    before = stored(Household, household_id)
    version, name = before.version, before.head_name
    leader = phone("leader")
    response = resolve(leader, conflict.id, "kept")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["resolution"], body["resolved_by_id"]) == ("kept", team["leader"].id)
    assert body["resolved_at"] is not None
    after = stored(Household, household_id)
    assert (after.version, after.head_name) == (version, name)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "conflict_resolved"))
    assert (entry.user_id, entry.target_type, entry.target_id) == (
        team["leader"].id, "conflict", str(conflict.id))
    assert entry.details["resolution"] == "kept"


def test_choosing_the_lost_value_writes_it_through_the_sync_write_path(team, phone):
    household_id, conflict = household_conflict(team, phone)
    lost, version = conflict.lost_value, stored(Household, household_id).version
    leader, lan = phone("leader"), phone("lan")
    lan.pull_all()
    response = resolve(leader, conflict.id, "lost")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["resolution"] == "lost"
    row = stored(Household, household_id)
    assert (row.head_name, row.version) == (lost, version + 1)
    assert row.field_stamps["head_name"]["by"] == team["leader"].id
    assert row.search_text.startswith("nguyen van an")
    assert count(Conflict) == 1  # the write back is not itself a new conflict
    server_op = select(AppliedOp.device_id).where(AppliedOp.user_id == team["leader"].id)
    assert db.session.scalar(server_op) == "server"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "conflict_resolved"))
    assert entry.details["resolution"] == "lost" and entry.details["version"] == version + 1
    assert lost not in json.dumps(entry.details, ensure_ascii=False)  # ids only, no personal values
    # Phones learn both: the new value and the closed conflict.
    [page] = lan.pull_all()
    assert [h["head_name"] for h in page["households"]] == [lost]
    assert [c["resolution"] for c in page["conflicts"]] == ["lost"]


def test_a_conflict_is_resolved_once(team, phone):
    household_id, conflict = household_conflict(team, phone)
    leader = phone("leader")
    assert resolve(leader, conflict.id, "lost").status_code == 200
    version = stored(Household, household_id).version
    for keep in ("lost", "kept"):
        response = resolve(leader, conflict.id, keep)
        assert response.status_code == 409
        assert response.get_json()["error"]["code"] == "already_resolved"
    assert stored(Household, household_id).version == version
    assert resolutions_logged() == 1


def test_a_skill_written_back_recomputes_capable_and_the_household_status(team, phone):
    household_id, member_id = new_id(), new_id()
    lan, tuan = phone("lan"), phone("tuan")
    lan.push(op("household.upsert", household_id, {"village_id": team["t01"].id, "head_name": "Hộ A"}),
             op("member.upsert", member_id, {"household_id": household_id, "full_name": "Bà Hoa"}))
    lan.push(op("member.upsert", member_id, {"skills": SKILLED}, minutes=20, base_version=1))
    tuan.push(op("member.upsert", member_id, {"skills": {"dvc_submit": False}}, minutes=30, base_version=1))
    conflict = db.session.scalar(select(Conflict))
    assert conflict.field == "skills.dvc_submit"
    assert resolve(phone("leader"), conflict.id, "lost").status_code == 200
    member, household = stored(Member, member_id), stored(Household, household_id)
    assert member.skill_dvc_submit is conflict.lost_value
    assert member.capable is conflict.lost_value
    assert household.status == ("covered" if conflict.lost_value else "unvisited")


def test_a_lost_deactivation_reason_is_written_back_as_a_deactivation(team, phone):
    household_id = new_id()
    lan, tuan = phone("lan"), phone("tuan")
    lan.push(op("household.upsert", household_id, {"village_id": team["t01"].id, "head_name": "Hộ A"}))
    lan.push(op("household.deactivate", household_id, {"inactive_reason": "Chuyển đi"}, minutes=20,
                base_version=1))
    tuan.push(op("household.deactivate", household_id, {"inactive_reason": "Nhập hộ"}, minutes=10,
                 base_version=1))
    conflict = db.session.scalar(select(Conflict))
    assert conflict.field == "inactive_reason"
    assert resolve(phone("leader"), conflict.id, "lost").status_code == 200
    row = stored(Household, household_id)
    assert (row.inactive, row.inactive_reason, row.status) == (True, conflict.lost_value, "inactive")


def test_a_lost_value_the_write_path_refuses_is_422_and_the_conflict_stays_open(team, phone):
    household_id, conflict = household_conflict(team, phone, "phone", "0912345678", "0987654321")
    version = stored(Household, household_id).version
    [declined] = phone("lan").push(op("household.upsert", household_id, {"consent": "declined"},
                                      minutes=40, base_version=version))
    assert declined["status"] == "applied"
    response = resolve(phone("leader"), conflict.id, "lost")
    assert response.status_code == 422
    assert "phone" in response.get_json()["error"]["fields"]
    assert stored(Household, household_id).phone is None
    assert stored(Conflict, conflict.id).resolved_at is None
    assert resolutions_logged() == 0


@pytest.mark.parametrize("field, kind", [("deleted", "member"), ("inactive", "household"),
                                         ("status", "household")])
def test_fields_no_upsert_may_write_are_refused(app, field, kind):
    conflict = Conflict(entity_type=kind, field=field, lost_value=False)
    with pytest.raises(ApiError) as caught:
        write_back(conflict)
    assert caught.value.code == 422


@pytest.mark.parametrize("body", [{"keep": "both"}, {}, {"keep": "lost", "value": "x"}])
def test_resolve_body_is_checked(team, phone, body):
    _, conflict = household_conflict(team, phone)
    leader = phone("leader")
    response = leader.client.post(f"/api/v1/conflicts/{conflict.id}/resolve", json=body,
                                  headers={"X-CSRFToken": leader.token})
    assert response.status_code == 422


def test_resolve_needs_the_csrf_token(team, phone):
    _, conflict = household_conflict(team, phone)
    leader = phone("leader")
    response = leader.client.post(f"/api/v1/conflicts/{conflict.id}/resolve", json={"keep": "kept"})
    assert response.status_code == 400


def test_the_leaders_choice_wins_over_a_phone_clock_running_ahead(team, phone):
    from datetime import UTC, datetime, timedelta

    ahead = datetime.now(UTC) + timedelta(minutes=5)  # within the clock skew the server accepts
    household_id, conflict = household_conflict(team, phone)
    lan = phone("lan")
    lan.push(op("household.upsert", household_id, {"address": "Số 5"}, when=ahead.isoformat(),
                base_version=stored(Household, household_id).version))
    phone("tuan").push(op("household.upsert", household_id, {"address": "Số 9"},
                          when=(ahead - timedelta(minutes=1)).isoformat(), base_version=1))
    address = db.session.scalar(select(Conflict).where(Conflict.field == "address"))
    assert resolve(phone("leader"), address.id, "lost").status_code == 200
    assert stored(Household, household_id).address == address.lost_value


@pytest.mark.parametrize("keep", ["kept", "lost"])
def test_leaders_resolving_at_once_resolve_it_once(team, phone, app, make_user, keep):
    from concurrent.futures import ThreadPoolExecutor

    household_id, conflict = household_conflict(team, phone)
    conflict_id = conflict.id  # the threads must not touch the test's session
    version = stored(Household, household_id).version
    leaders = [phone("leader")] + [
        Phone(app, make_user(team["commune"], "leader", [team["t01"]], username=f"leader{n}"))
        for n in range(5)
    ]
    with ThreadPoolExecutor(max_workers=len(leaders)) as pool:
        statuses = list(pool.map(lambda leader: resolve(leader, conflict_id, keep).status_code, leaders))
    assert sorted(statuses) == [200] + [409] * (len(leaders) - 1)
    assert resolutions_logged() == 1
    assert stored(Household, household_id).version == version + (keep == "lost")
