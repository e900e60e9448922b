"""Faults in the middle of bench/load.py (`--faults`), and their bookkeeping.

The run kills one gunicorn worker (SIGKILL: no clean-up, its requests in flight get a broken
connection) and restarts PostgreSQL (every connection of every worker dies) once each, at set
times of the load window. The phones retry as static/app/sync.js does (backoff with jitter, or
sooner when the volunteer saves something). Judged afterwards:
- the errors during an outage, counted apart from the others: a network error or a 5xx whose
  request overlapped an outage, from the fault until the server answered a request started after
  the fault was over;
- every phone back in sync within RECOVERY_LIMIT_S of each fault: its first sync started after
  the fault was over (a new worker running, PostgreSQL accepting connections) went through
  whole (the outbox pushed and acknowledged, the pull to its end);
- 0 lost, 0 doubled: bench/load.py's verify(), against what the phones were acknowledged.
The bookkeeping is pure (tests/bench/test_load_faults.py); the faults themselves are callables
given by load.py.
"""
import math
import threading
import time
from dataclasses import dataclass

RECOVERY_LIMIT_S = 30
TRANSIENT = ("network", "server")  # causes a fault may produce; a wrong answer never is one


@dataclass
class Fault:
    kind: str
    started: float  # time.monotonic()
    ended: float | None = None  # the fault over: a new worker running, PostgreSQL accepting
    detail: str = ""


def backoff(failures, jitter):
    """Seconds before sync.js retries after `failures` failed syncs in a row; jitter in [0, 1)."""
    return min(300.0, 2.0 * 2 ** min(failures, 8)) * (0.5 + jitter)


def outage_windows(faults, successes):
    """[(start, end)] a window per fault: from the fault until the end of the first request
    that started after the fault was over and succeeded. successes: [(started, ended)]."""
    windows = []
    for fault in faults:
        over = fault.ended if fault.ended is not None else math.inf
        after = [end for start, end in successes if start >= over]
        windows.append((fault.started, min(after, default=math.inf)))
    return windows


def split_errors(errors, windows):
    """(during an outage, the others) of errors [(kind, text, started, ended, cause)]: during an
    outage when its cause is transient and the request overlapped an outage window."""
    during, others = [], []
    for error in errors:
        _, _, started, ended, cause = error
        hit = cause in TRANSIENT and any(ended >= low and started <= high for low, high in windows)
        (during if hit else others).append(error)
    return during, others


def recovery(fault, syncs_by_phone, limit=RECOVERY_LIMIT_S):
    """How long each phone took to be back in sync after `fault`: until the end of its first
    sync started after the fault was over that went through. syncs_by_phone: {phone: [(started,
    ended, ok)]}. A phone with no such sync is not back."""
    over = fault.ended if fault.ended is not None else math.inf
    took, not_back = [], []
    for phone, syncs in syncs_by_phone.items():
        ends = [end for start, end, ok in syncs if ok and start >= over]
        if ends:
            took.append(min(ends) - fault.started)
        else:
            not_back.append(phone)
    took.sort()
    slowest = took[-1] if took else None
    return {"fault": fault.kind, "phones": len(syncs_by_phone), "back": len(took), "not_back": len(not_back),
            "not_back_sample": not_back[:5],
            "p50_s": round(took[len(took) // 2], 1) if took else None,
            "p95_s": round(took[min(len(took) - 1, math.ceil(0.95 * len(took)) - 1)], 1) if took else None,
            "max_s": round(slowest, 1) if took else None,
            "outage_s": round(fault.ended - fault.started, 1) if fault.ended is not None else None,
            "ok": not not_back and slowest is not None and slowest <= limit}


class FaultInjector(threading.Thread):
    """Run each fault of `schedule` [(seconds after start, kind, action)] at its time; action()
    does it and returns when the fault is over, with a line saying what it did."""

    def __init__(self, start, schedule, log):
        super().__init__(name="faults", daemon=True)
        self.start_time, self.schedule, self.log = start, schedule, log
        self.faults, self.stop_event = [], threading.Event()

    def run(self):
        for offset, kind, action in self.schedule:
            if self.stop_event.wait(max(0.0, self.start_time + offset - time.monotonic())):
                return
            fault = Fault(kind, time.monotonic())
            self.faults.append(fault)
            self.log(f"  t={fault.started - self.start_time:4.0f} s: fault: {kind}")
            try:
                fault.detail = action()
            except Exception as exc:  # noqa: BLE001  (said in the report; the run goes on)
                fault.detail = f"FAILED: {type(exc).__name__}: {exc}"
            fault.ended = time.monotonic()
            self.log(f"  t={fault.ended - self.start_time:4.0f} s: {kind}: over after "
                     f"{fault.ended - fault.started:.1f} s ({fault.detail})")

    def stop(self):
        self.stop_event.set()
        self.join(180)
        return self.faults
