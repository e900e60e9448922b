"""Request cost: CPU time and SQL statements of one push and one pull, in-process.

    .venv/bin/python bench/request_cost.py [--phones 20] [--cycles 30] [--engine postgresql|sqlite]

The load benchmark (load.py) measures latency under many phones, which depends on the machine
and on everything else it runs; this one counts what a single request costs the server, which is
what decides how many phones a core serves. The phones of load.py (same operations: new
households, follow-up visits, edits, batches from a dead zone, resends, an op meant to be
rejected) are driven through Flask's test client in this process, one after another, on a fresh
database; for every push and pull it records the process's CPU time and the SQL statements run.
After the syncs, every phone pulls three times on the app's one-minute timer (the first brings
what the others wrote since, the others nothing new: issue 18's pull answered from the cursor).
Printed: CPU per request (median and mean) and statements per request, by kind.
"""
import argparse
import collections
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import load  # noqa: E402


class Response:
    """What load.Phone reads of a `requests` response, from a test-client response."""

    def __init__(self, response):
        self.status_code = response.status_code
        self.content = response.data
        self.text = response.get_data(as_text=True)
        self._json = response.get_json(silent=True)

    def json(self):
        return self._json


class Meter:
    def __init__(self):
        self.statements = 0
        self.by_kind = collections.defaultdict(list)  # kind -> [(cpu seconds, statements)]


class InProcessPhone(load.Phone):
    """load.Phone, sending its requests through the test client and measuring each."""

    def __init__(self, index, plan, app, meter, args):
        super().__init__(index, plan, "", args, 1, threading.Barrier(1))
        self.client, self.meter = app.test_client(), meter
        self.headers = {"Accept-Language": "vi", "X-Load-Phase": "load"}

    def _request(self, method, path, kind, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        before_cpu, before_statements = time.process_time(), self.meter.statements
        response = self.client.open(path, method=method, headers=headers, query_string=kwargs.get("params"),
                                     data=kwargs.get("data"), json=kwargs.get("json"))
        cpu, statements = time.process_time() - before_cpu, self.meter.statements - before_statements
        answer = Response(response)
        if kind == "pull":  # an up-to-date phone's pull apart: most timer pulls are that
            rows = sum(len(answer.json()[key]) for key in ("villages", "households", "members", "visits",
                                                             "conflicts"))
            kind = "pull (nothing new)" if rows == 0 else "pull (new rows)"
        self.meter.by_kind[kind].append((cpu, statements))
        return answer, 0.0

    def log_in(self):
        self.session = type("Session", (), {"headers": self.headers})()
        response, _ = self._request("POST", "/api/v1/session", "login", json={
            "username": self.plan["username"], "password": harness.PASSWORD, "remember": True})
        self.headers["X-CSRFToken"] = response.json()["csrf_token"]
        self.logged_in = True
        return True


def run(url, args):
    from sqlalchemy import event

    from fieldapp import create_app
    from fieldapp.extensions import db

    seeded = load.seed(url, args.phones, villages_per_commune=max(1, args.phones // 2), per_village=2)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": harness.SECRET_KEY,
                      "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False,
                      "RATELIMIT_ENABLED": False, **json.loads(os.environ.get("COST_CONFIG", "{}"))})
    meter = Meter()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda *a: setattr(meter, "statements", meter.statements + 1))
    phones = [InProcessPhone(i, plan, app, meter, args) for i, plan in enumerate(seeded["phones"])]
    for phone in phones:
        phone.log_in()
        phone.pull_all()
    meter.by_kind.clear()
    rng = random.Random(args.seed)
    for _ in range(args.cycles):
        for phone in rng.sample(phones, len(phones)):
            phone.sync_change()
    for _ in range(3):  # the app's timer: the first brings what the others wrote, then nothing new
        for phone in phones:
            phone.pull_all()
    errors = [e for phone in phones for e in phone.errors]
    return meter, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=30)
    parser.add_argument("--engine", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--separate-pull", action="store_true",
                        help="push, then pull in a request of its own")
    args = parser.parse_args()
    args.resend, args.reject, args.think, args.ramp = 0.05, 0.03, (0, 0), 0
    harness.bound_run_time(600)
    with contextlib.ExitStack() as stack:
        if args.engine == "postgresql":
            url = stack.enter_context(load.database(False))
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            url = f"sqlite:///{tmp}/cost.db"
        meter, errors = run(url, args)
    harness.log(f"request cost, in-process, {args.engine}: {args.phones} phones × {args.cycles} cycles "
                f"(push, then pull until up to date); {harness.machine()}")
    for kind, samples in sorted(meter.by_kind.items()):
        cpu = [s[0] * 1000 for s in samples]
        statements = [s[1] for s in samples]
        harness.log(f"  {kind:18}: n={len(samples):5}  CPU median {statistics.median(cpu):6.2f} ms, "
                    f"mean {statistics.fmean(cpu):6.2f} ms;  statements median "
                    f"{statistics.median(statements):4.1f}, mean {statistics.fmean(statements):5.2f}")
    harness.log(f"  errors: {len(errors)} {errors[:3]}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
