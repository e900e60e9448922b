"""POST /api/v1/sync/rescue: an officer takes in a phone's saved file as the volunteer it names."""
import io
import json

import pytest
from sqlalchemy import func, select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.households.models import Household, Visit
from fieldapp.sync import services
from fieldapp.sync.models import AppliedOp
from tests.phones import new_id, op


def saved_file(username, ops, device_id="phone-of-lan"):
    """As the app's pendingWork() saves it (static/app/db.js)."""
    return json.dumps({"device_id": device_id, "username": username, "saved_at": "2026-03-06T09:00:00.000Z",
                       "ops": ops}).encode()


def work(village, households=1):
    """A new household and a visit to it, per household."""
    ops = []
    for _ in range(households):
        household_id = new_id()
        ops.append(op("household.upsert", household_id,
                      {"village_id": village.id, "head_name": "Lò Văn Páo"}))
        ops.append(op("visit.create", new_id(), {"household_id": household_id, "outcome": "met"}, minutes=5))
    return ops


@pytest.fixture
def upload(client, team, login):
    """Upload bytes as the given user (the officer by default); return the response."""
    tokens = {}

    def post(data, user=None, filename="lan-202603060900.json"):
        user = user or team["officer"]
        if user.username not in tokens:
            client.delete("/api/v1/session", headers={"X-CSRFToken": next(iter(tokens.values()), "")})
            tokens.clear()
            tokens[user.username] = login(user)
        return client.post("/api/v1/sync/rescue", data={"file": (io.BytesIO(data), filename)},
                           headers={"X-CSRFToken": tokens[user.username]}, content_type="multipart/form-data")

    return post


def count(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_work_is_credited_to_the_volunteer_and_the_officer_is_audited(team, upload):
    ops = work(team["t01"], households=2)
    response = upload(saved_file("lan", ops))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["summary"] == {"applied": 4, "duplicate": 0, "rejected": 0}
    assert [r["op_id"] for r in body["results"]] == [o["op_id"] for o in ops]
    assert (body["user_id"], body["username"]) == (team["lan"].id, "lan")
    visits = db.session.scalars(select(Visit)).all()
    assert {v.volunteer_id for v in visits} == {team["lan"].id}
    assert {h.created_by_id for h in db.session.scalars(select(Household))} == {team["lan"].id}
    assert {a.user_id for a in db.session.scalars(select(AppliedOp))} == {team["lan"].id}
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "saved_file_taken_in")).all()
    assert (entry.user_id, entry.target_type, entry.target_id) == (
        team["officer"].id, "user", str(team["lan"].id))
    assert entry.details["applied"] == 4 and entry.details["device_id"] == "phone-of-lan"


def test_the_same_file_twice_applies_nothing_the_second_time(team, upload):
    data = saved_file("lan", work(team["t01"]))
    assert upload(data).get_json()["summary"]["applied"] == 2
    again = upload(data)
    assert again.status_code == 200
    assert again.get_json()["summary"] == {"applied": 0, "duplicate": 2, "rejected": 0}
    assert (count(Household), count(Visit)) == (1, 1)


def test_the_scope_is_the_named_volunteers_not_the_officers(team, upload):
    """The officer sees the whole commune; Lan only T01: her work in T02 is refused."""
    ops = work(team["t01"]) + work(team["t02"])
    body = upload(saved_file("lan", ops)).get_json()
    assert [r["status"] for r in body["results"]] == ["applied", "applied", "rejected", "rejected"]
    assert body["summary"] == {"applied": 2, "duplicate": 0, "rejected": 2}
    assert all(body["results"][2]["errors"].values())
    assert count(Household) == 1


def test_each_operation_is_checked_as_in_a_push(team, upload):
    bad = op("household.upsert", new_id(), {"village_id": team["t01"].id, "head_name": "An", "cccd": "0123"})
    body = upload(saved_file("lan", [bad, "not an operation"])).get_json()
    assert [r["status"] for r in body["results"]] == ["rejected", "rejected"]
    assert count(Household) == 0


def test_a_file_longer_than_a_push_is_applied_in_pushes(team, upload, monkeypatch):
    monkeypatch.setattr(services, "MAX_OPS", 3)  # the split, without building 1000 operations
    ops = work(team["t01"], households=4)
    body = upload(saved_file("lan", ops)).get_json()
    assert body["summary"] == {"applied": 8, "duplicate": 0, "rejected": 0}
    assert [r["op_id"] for r in body["results"]] == [o["op_id"] for o in ops]
    assert count(Visit) == 4


@pytest.mark.parametrize("username", ["stranger", "nobody-at-all"])
def test_a_file_naming_a_user_of_another_commune_or_no_one_is_refused(team, upload, username):
    response = upload(saved_file(username, work(team["t01"])))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and error["fields"]["file"]
    assert count(Household) == 0
    assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "saved_file_taken_in")).all()


@pytest.mark.parametrize("data", [
    b"\x89PNG not json", b"[1, 2]", b'{"username": "lan"}', b'{"username": "lan", "ops": {}}',
    b'{"username": 5, "ops": []}', b"{" * 100000, "Họ tên chủ hộ,Thôn\nAn,T01".encode(),
])
def test_garbage_is_refused_and_changes_nothing(team, upload, data):
    response = upload(data)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"]["file"]
    assert count(Household) == 0 and count(AppliedOp) == 0


def test_too_many_operations_are_refused_with_the_limit_stated(team, upload, monkeypatch):
    from fieldapp.sync import rescue

    monkeypatch.setattr(rescue, "MAX_OPS", 3)
    response = upload(saved_file("lan", work(team["t01"], households=2)))
    assert response.status_code == 422 and "3" in response.get_json()["error"]["message"]
    assert count(Household) == 0


def test_volunteers_and_leaders_may_not_take_in_a_file(team, upload):
    data = saved_file("lan", work(team["t01"]))
    assert upload(data, user=team["lan"]).status_code == 403
    assert upload(data, user=team["leader"]).status_code == 403
    assert count(Household) == 0


def test_a_disabled_volunteers_file_is_taken_in(team, upload):
    """The saved file is for exactly this case: the account was disabled with work waiting."""
    team["lan"].active = False
    db.session.commit()
    body = upload(saved_file("lan", work(team["t01"]))).get_json()
    assert body["summary"]["applied"] == 2
    assert db.session.scalars(select(Visit)).one().volunteer_id == team["lan"].id


def test_the_volunteers_last_sync_is_not_touched(team, upload):
    upload(saved_file("lan", work(team["t01"])))
    db.session.expire_all()
    assert db.session.get(type(team["lan"]), team["lan"].id).last_sync_at is None


def test_the_api_wants_the_csrf_token(client, team, login):
    login(team["officer"])
    response = client.post("/api/v1/sync/rescue", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(saved_file("lan", work(team["t01"]))), "lan.json")})
    assert response.status_code in (400, 403)
    assert count(Household) == 0
