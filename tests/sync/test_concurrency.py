"""Several phones pushing while another pulls in a loop: the puller ends with every row.

This is the test that catches an unsafe seq: if a row could commit with a seq below a cursor
already handed out, the puller would step over it and never see it.
"""
import threading
import time
import uuid

import pytest
from sqlalchemy import func, select

from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.sync import seq
from tests.conftest import ENGINE
from tests.phones import Phone, op

pytestmark = pytest.mark.skipif(ENGINE != "postgresql", reason="concurrent writers need PostgreSQL")
WRITERS, PUSHES, OPS_PER_PUSH = 4, 6, 40


def test_a_puller_running_during_concurrent_pushes_misses_nothing(app, team, monkeypatch):
    # Fault injection: one writer stalls after taking its seq numbers and before committing,
    # the moment at which an unsafe design lets others commit higher numbers past it.
    take_seqs = seq.take_seqs

    def slow_take_seqs(*args):
        first = take_seqs(*args)
        if threading.current_thread().name == "slow":
            time.sleep(0.15)
        return first

    monkeypatch.setattr(seq, "take_seqs", slow_take_seqs)
    writers = [Phone(app, team[name], device_id=f"w{i}")
               for i, name in enumerate(["lan", "tuan", "leader", "officer"])]
    puller = Phone(app, team["leader"], device_id="puller")
    seen, errors, done = set(), [], threading.Event()
    village_id = team["t01"].id  # read here: the threads must not touch the test's session

    def write(phone):
        try:
            for _ in range(PUSHES):
                ops = [op("household.upsert", uuid.uuid4(), {"village_id": village_id, "head_name": "An"})
                       for _ in range(OPS_PER_PUSH)]
                results = phone.push(*ops)
                assert {r["status"] for r in results} == {"applied"}
        except Exception as exc:  # noqa: BLE001  (reported below; a thread must not die silently)
            errors.append(exc)

    def pull():
        while not done.is_set():
            for page in puller.pull_all(limit=50):
                seen.update(h["id"] for h in page["households"])

    threads = [threading.Thread(target=write, args=(phone,), name="slow" if i == 0 else f"w{i}")
               for i, phone in enumerate(writers)]
    reader = threading.Thread(target=pull)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    done.set()
    reader.join(timeout=60)
    assert errors == []
    for page in puller.pull_all():  # the writers are done: one last pull from the same cursor
        seen.update(h["id"] for h in page["households"])
    total = db.session.scalar(select(func.count()).select_from(Household))
    assert total == WRITERS * PUSHES * OPS_PER_PUSH
    assert len(seen) == total


def test_concurrent_edits_of_one_household_each_get_their_own_version(app, team):
    household_id = str(uuid.uuid4())
    lan = Phone(app, team["lan"])
    lan.push(op("household.upsert", household_id, {"village_id": team["t01"].id, "head_name": "An"}))
    phones = [Phone(app, team[name], device_id=name) for name in ("lan", "tuan", "leader")]
    versions, errors = [], []

    def edit(phone, number):
        # One phone time for all: ties go to the later arrival, so each push writes and must
        # get a version of its own (a loser of last-writer-wins would keep the current one).
        try:
            [result] = phone.push(op("household.upsert", household_id, {"address": f"Số {number}"},
                                     minutes=1, base_version=1))
            versions.append(result["version"])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(phone, i + 1)) for i, phone in enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(versions) == [2, 3, 4]
