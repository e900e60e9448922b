"""A server killed (SIGKILL) after a push's commit and before its response, then restarted: the
phone, which never got an answer, sends the same push again, and every operation is applied
exactly once (SYNC.md: "a server restart between commit and response").

The real app (`wsgi:app`) runs under gunicorn in a child process, on the test's database (SQLite
file or PostgreSQL), with the fault of tests/hardening/crash_app.py switched on by an environment
variable of that child only; the phone is an HTTP client (requests) with its own cookie jar.
"""
import signal
import uuid

import pytest
import requests
from sqlalchemy import func, select

from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit, VisitTopic
from fieldapp.sync.models import AppliedOp
from tests.hardening.servers import server_fixture  # noqa: F401  (the `server` fixture)
from tests.phones import new_id, op


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def op_ids_stored(ops):
    db.session.expire_all()
    stored = db.session.scalars(select(AppliedOp.op_id).where(
        AppliedOp.op_id.in_([uuid.UUID(o["op_id"]) for o in ops]))).all()
    return sorted(str(i) for i in stored)


def test_a_push_killed_between_commit_and_response_is_applied_once_when_sent_again(
        server, team, tmp_path):
    village_id = team["t01"].id
    db.session.remove()
    crash_flag = tmp_path / "crashed"
    server.start(crash_flag=crash_flag)
    phone = server.phone("lan")

    # Before the crash: a household the crashed push edits (pushes without the header go through).
    old_id = new_id()
    before = [op("household.upsert", old_id, {"village_id": village_id, "head_name": "Nguyễn Văn An"})]
    assert [r["status"] for r in phone.push(before).json()["results"]] == ["applied"]

    new_household, member_id, visit_id, other_visit = new_id(), new_id(), new_id(), new_id()
    crashed = [
        op("household.upsert", old_id, {"address": "Thôn Đông"}, minutes=1, base_version=1),
        op("household.upsert", new_household, {"village_id": village_id, "head_name": "Trần Thị Bình"},
           minutes=2),
        op("member.upsert", member_id, {"household_id": new_household, "full_name": "Trần Thị Bình",
                                        "is_head": True, "skills": {"vneid_level2": True}}, minutes=3),
        op("visit.create", visit_id, {"household_id": new_household, "outcome": "met",
                                      "topics": ["vneid_level2", "vneid_login"]}, minutes=4),
        op("visit.create", other_visit, {"household_id": old_id, "outcome": "not_home"}, minutes=5),
    ]
    with pytest.raises(requests.ConnectionError):
        phone.push(crashed, **{"X-Test-Crash": "after-commit"})
    assert server.wait_killed() == -signal.SIGKILL
    assert crash_flag.exists()
    # The kill came after the commit: every operation is in the database, and the phone, which
    # got no answer, still holds all of them.
    assert op_ids_stored(crashed) == sorted(o["op_id"] for o in crashed)

    server.start()  # a new server, without the fault
    for _ in range(2):  # the phone may well retry more than once
        response = phone.push(crashed)
        assert response.status_code == 200, response.text
        results = response.json()["results"]
        assert [r["op_id"] for r in results] == [o["op_id"] for o in crashed]
        assert [r["status"] for r in results] == ["duplicate"] * len(crashed)
        assert [r["version"] for r in results] == [2, 1, 1, None, None]
        assert all(r["errors"] == {} for r in results)

    # The restarted server goes on as before.
    later_visit = new_id()
    after = [op("visit.create", later_visit, {"household_id": new_household, "outcome": "met"}, minutes=6)]
    assert [r["status"] for r in phone.push(after).json()["results"]] == ["applied"]

    every_op = before + crashed + after
    assert op_ids_stored(every_op) == sorted(o["op_id"] for o in every_op)
    assert count(AppliedOp) == len(every_op)
    assert (count(Household), count(Member), count(Visit)) == (2, 1, 3)
    for entity_id, model in ((old_id, Household), (new_household, Household), (member_id, Member),
                             (visit_id, Visit), (other_visit, Visit), (later_visit, Visit)):
        assert count(model, model.id == uuid.UUID(entity_id)) == 1
    assert count(VisitTopic, VisitTopic.visit_id == uuid.UUID(visit_id)) == 2
    edited = db.session.get(Household, uuid.UUID(old_id))
    assert (edited.address, edited.version) == ("Thôn Đông", 2)
    assert db.session.get(Household, uuid.UUID(new_household)).version == 1

    page = phone.pull()
    assert sorted(h["id"] for h in page["households"]) == sorted([old_id, new_household])
    assert [m["id"] for m in page["members"]] == [member_id]
    assert sorted(v["id"] for v in page["visits"]) == sorted([visit_id, other_visit, later_visit])
