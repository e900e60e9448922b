"""The bookkeeping of `bench/load.py --faults` (bench/faults.py and load.py's compare()): which
errors belong to an outage, when a phone is back in sync, what counts as lost or doubled."""
import importlib
import sys
import time

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        yield importlib.import_module("faults"), importlib.import_module("load")
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_the_backoff_is_sync_js_s(bench):
    faults, _ = bench
    assert faults.backoff(1, 0.0) == 2.0 and faults.backoff(1, 0.999) == pytest.approx(6.0, abs=0.01)
    assert faults.backoff(3, 0.5) == 16.0
    assert faults.backoff(20, 0.5) == 300.0  # capped at five minutes


def test_an_outage_lasts_until_a_request_sent_after_the_fault_succeeds(bench):
    faults, _ = bench
    fault = faults.Fault("PostgreSQL restarted", started=10.0, ended=12.0)
    successes = [(9.0, 11.0), (14.0, 15.0), (12.5, 13.0)]  # (9, 11) was sent before it was over
    assert faults.outage_windows([fault], successes) == [(10.0, 13.0)]
    assert faults.outage_windows([faults.Fault("x", 10.0, None)], successes) == [(10.0, float("inf"))]


def test_only_network_and_server_errors_overlapping_an_outage_are_counted_apart(bench):
    faults, _ = bench
    windows = [(10.0, 13.0), (30.0, 31.0)]
    in_flight = ("push", "ConnectionError: reset", 9.5, 10.2, "network")
    restarting = ("pull", "500: ...", 12.0, 12.1, "server")
    wrong_answer = ("result", "expected applied, got rejected", 11.0, 11.1, "answer")
    later = ("push", "ReadTimeout", 20.0, 21.0, "network")
    second = ("push", "503: ...", 29.0, 30.5, "server")
    during, others = faults.split_errors([in_flight, restarting, wrong_answer, later, second], windows)
    assert during == [in_flight, restarting, second]
    assert others == [wrong_answer, later]


def test_a_phone_is_back_at_the_end_of_its_first_whole_sync_started_after_the_fault(bench):
    faults, _ = bench
    fault = faults.Fault("gunicorn worker killed", started=10.0, ended=12.0)
    syncs = {
        "quick": [(5.0, 6.0, True), (11.0, 11.5, True), (12.5, 14.0, True)],  # 11.0: before it was over
        "slow": [(11.0, 11.5, False), (13.0, 20.0, False), (20.0, 41.0, True)],
        "never": [(5.0, 6.0, True), (13.0, 14.0, False)],
    }
    back = faults.recovery(fault, syncs)
    assert (back["back"], back["not_back"], back["not_back_sample"]) == (2, 1, ["never"])
    assert (back["p50_s"], back["max_s"], back["outage_s"]) == (31.0, 31.0, 2.0)
    assert not back["ok"]
    del syncs["never"]
    assert not faults.recovery(fault, syncs)["ok"]  # 31 s > 30 s
    assert faults.recovery(fault, syncs, limit=31)["ok"]
    assert faults.recovery(fault, {"quick": syncs["quick"]})["max_s"] == 4.0


def test_the_injector_runs_each_fault_at_its_time_and_says_when_one_failed(bench):
    faults, _ = bench

    def broken():
        raise RuntimeError("no cluster")

    lines = []
    injector = faults.FaultInjector(time.monotonic(), [(0.0, "kill", lambda: "killed 42"),
                                                       (0.05, "restart", broken)], lines.append)
    injector.start()
    injector.join(5)
    kill, restart = injector.stop()
    assert kill.detail == "killed 42" and kill.started <= kill.ended <= restart.started
    assert restart.detail == "FAILED: RuntimeError: no cluster" and restart.ended is not None
    assert len(lines) == 4


def _acked(kind, entity_id, household_id=None, village_id=None, base_version=None):
    return (kind, entity_id, household_id, village_id, base_version)


def test_compare_counts_lost_and_doubled_against_what_the_phones_were_told(bench):
    _, load = bench
    acked = {"op1": _acked("household.upsert", "h1", "h1", 7), "op2": _acked("visit.create", "v1", "h1"),
             "op3": _acked("member.upsert", "m1", "h1")}
    households, members, visits = {"h1": 7}, {"m1": "h1"}, {"v1": "h1"}
    stored = {"op1": "applied", "op2": "applied", "op3": "applied"}
    clean = load.compare(acked, {}, stored, 0, households, members, visits)
    assert clean["ok"] and (clean["lost"], clean["doubled"], clean["applied_not_acknowledged"]) == (0, 0, 0)

    lost = load.compare(acked, {}, {"op1": "applied", "op3": "applied"}, 0, households, members, {})
    assert not lost["ok"] and lost["lost"] == 1 and lost["missing_rows"]["visits"] == 1

    twice = load.compare(acked, {}, stored, 1, households, members, {**visits, "v2": "h1"})
    assert not twice["ok"] and twice["doubled"] == 2  # an op_id stored twice, a visit more than told

    untold = load.compare(acked, {}, {**stored, "op4": "applied"}, 0, households, members, visits)
    assert not untold["ok"] and untold["applied_not_acknowledged"] == 1

    rejected = load.compare(acked, {"op5": "h9"}, stored, 0, {**households, "h9": 8}, members, visits)
    assert not rejected["ok"] and rejected["meant_rejected_but_applied"] == 1
