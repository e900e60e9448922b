"""Sync ingest: operations per second through POST /api/v1/sync/push, against the storage floor.

    .venv/bin/python bench/sync_ingest.py [--engine sqlite|postgresql|both] [--batches 20]
                                          [--workers 2] [--profile] [--time-limit 300]

For each engine:
1. project: a fresh database (a SQLite file in a temp dir, or the PostgreSQL database
   `fieldapp_bench`) migrated by the migrations, with one commune, one village and an officer;
   `gunicorn -w 2 wsgi:app` on it; the officer logs in with `requests`, pushes one warm-up
   batch, then N batches of 500 mixed operations (100 new households per batch, each with its
   head as a member, a visit, a skill update and a field edit: the database grows by 100
   households a batch). Figure: operations / seconds spent in the N pushes (wall clock from
   sending a push to its answer, one push at a time as a phone waits for its answer), after
   the warm-up.
2. floor: the same bodies, byte for byte, through bench/floor.py, a copy of
   ../shared/bench/floor.py (tests/unit/test_shared_copies.py keeps it the same): parse the
   JSON, insert the op ids and the rows with executemany, one transaction; see its docstring.
   It runs under the same gunicorn setup on the same engine, on a database of its own (a SQLite
   file beside the project's, or the PostgreSQL database `fieldapp_bench_floor`), whose tables
   it makes itself. Both servers run side by side and each body goes to one then the other
   (alternating which first), so that other load on the machine slows both alike; each figure
   counts only the time of its own pushes.
3. ratio = project / floor (issue 18's target: at least 0.25, goal 0.5).
Then, in-process: the cost of the marshmallow parsing (`fieldapp.sync.services.parse`) of one
batch of 500 operations; and with --profile (or when the ratio is below 0.25) a cProfile of
one 500-op push through the test client on the grown project database.

Every server and database it starts is stopped and dropped at the end, also on an error, a
time-out (--time-limit seconds for the whole run) or Ctrl-C. Raw output goes to bench/results/.
PostgreSQL is reached through FIELDAPP_BENCH_PG_URL (default postgres@127.0.0.1:5432, trust).
"""
import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

TARGET = 0.25


def measure(targets, bodies):
    """Push the warm-up body to every target, then each timed body to every target in turn
    (the order alternating from one body to the next), so that a busy machine slows the
    project and the floor alike; return the figures per target.

    targets: {label: (requests session, push URL)}.
    """
    headers = {"Content-Type": "application/json"}
    labels = list(targets)
    for label in labels:
        session, url = targets[label]
        _check(session.post(url, data=bodies[0], headers=headers, timeout=120), label)
    latencies = {label: [] for label in labels}
    responses = {label: [] for label in labels}
    for n, body in enumerate(bodies[1:]):
        for label in labels if n % 2 == 0 else reversed(labels):
            session, url = targets[label]
            t0 = time.perf_counter()
            response = session.post(url, data=body, headers=headers, timeout=120)
            latencies[label].append(time.perf_counter() - t0)
            _check(response, label)
            responses[label].append(response)
    ops = sum(len(json.loads(body)["ops"]) for body in bodies[1:])
    figures = {}
    for label in labels:
        spent = latencies[label]
        wall = sum(spent)
        encoding = responses[label][-1].headers.get("Content-Encoding", "identity")
        harness.log(f"  {label}: {ops} ops in {wall:.2f} s = {ops / wall:.0f} ops/s; per push "
                    f"median {statistics.median(spent) * 1000:.0f} ms, max {max(spent) * 1000:.0f} ms, "
                    f"first 3 {_ms(spent[:3])}, last 3 {_ms(spent[-3:])}; response {encoding}")
        figures[label] = {"ops": ops, "seconds": round(wall, 3), "ops_per_s": round(ops / wall, 1),
                          "push_ms_median": round(statistics.median(spent) * 1000, 1),
                          "push_ms_max": round(max(spent) * 1000, 1),
                          "push_ms": [round(x * 1000, 1) for x in spent], "response_encoding": encoding}
    return figures


def _ms(values):
    return f"{statistics.mean(values) * 1000:.0f} ms"


def _check(response, label):
    if response.status_code != 200:
        raise RuntimeError(f"{label}: push answered {response.status_code}: {response.text[:500]}")
    statuses = {r["status"] for r in response.json()["results"]}
    if statuses != {"applied"}:
        rejected = [r for r in response.json()["results"] if r["status"] != "applied"][:3]
        raise RuntimeError(f"{label}: not every operation was applied: {rejected}")


def make_bodies(village_id, count, seed=1):
    rng, minute, bodies = harness.rng(seed), 0, []
    for _ in range(count):
        ops, minute = harness.mixed_batch(village_id, rng, minute=minute)
        bodies.append(harness.push_body("bench-phone", ops))
    return bodies


def run_engine(engine, args, tmp):
    import requests

    harness.log(f"== {engine} (load average {os.getloadavg()[0]:.2f})")
    with (harness.fresh_database(engine, "fieldapp_bench", tmp) as url,
          harness.fresh_database(engine, "fieldapp_bench_floor", tmp) as floor_url):
        ids = harness.prepare_database(url)
        village_id = ids["villages"]["T01"]
        bodies = make_bodies(village_id, args.batches + 1)
        floor_env = floor_environment(floor_url)
        with (harness.gunicorn("wsgi:app", {"DATABASE_URL": url}, tmp, workers=args.workers) as base,
              harness.gunicorn("floor:app", floor_env, tmp, workers=args.workers,
                               ready_path="/push", chdir=harness.BENCH) as floor_base):
            figures = measure({"project": (harness.log_in(base, "officer"), f"{base}/api/v1/sync/push"),
                               "floor": (requests.Session(), f"{floor_base}/push")}, bodies)
        ratio = figures["project"]["ops_per_s"] / figures["floor"]["ops_per_s"]
        figures["ratio"] = round(ratio, 3)
        harness.log(f"  ratio project/floor: {ratio:.2f} (target >= {TARGET})")
        if args.profile or ratio < TARGET:
            figures["profile"] = profile_push(url, village_id, engine)
    return figures


def floor_environment(url):
    """FLOOR_DB for bench/floor.py, whose tables are made here once, before its workers start
    (each worker makes them again if missing; two at once could race on PostgreSQL)."""
    import subprocess

    env = {"FLOOR_DB": url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url}
    subprocess.run([sys.executable, "-c", "import floor"], cwd=harness.BENCH, check=True,
                   env={**os.environ, **env})
    return env


def app_for(url):
    from fieldapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": harness.SECRET_KEY,
                       "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False})


def parse_cost(bodies):
    """Time fieldapp.sync.services.parse (OperationSchema + the data schema) for 500 ops."""
    from fieldapp.core.model import utcnow
    from fieldapp.sync import services

    app = app_for("sqlite://")
    raw_ops = json.loads(bodies[1])["ops"]
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        now = utcnow()
        runs, loads = [], []
        for _ in range(7):
            t0 = time.perf_counter()
            for raw in raw_ops:
                services.parse(raw, now)
            runs.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            json.loads(bodies[1])
            loads.append(time.perf_counter() - t0)
    best, median = min(runs), statistics.median(runs)
    harness.log(f"== marshmallow: services.parse of {len(raw_ops)} ops: best {best * 1000:.1f} ms, "
                f"median {median * 1000:.1f} ms ({median / len(raw_ops) * 1e6:.0f} us/op); "
                f"json.loads of the body: {min(loads) * 1000:.1f} ms")
    return {"ops": len(raw_ops), "parse_ms_best": round(best * 1000, 2),
            "parse_ms_median": round(median * 1000, 2), "json_loads_ms": round(min(loads) * 1000, 2)}


def profile_push(url, village_id, engine):
    """cProfile one 500-op push in-process (test client) on the grown project database."""
    app = app_for(url)
    bodies = make_bodies(village_id, 3, seed=99)
    client = app.test_client()
    login = client.post("/api/v1/session", json={"username": "officer", "password": harness.PASSWORD})
    token = login.get_json()["csrf_token"]

    def push(body):
        response = client.post("/api/v1/sync/push", data=body, content_type="application/json",
                               headers={"X-CSRFToken": token, "Accept-Encoding": "gzip, deflate, br, zstd"})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]

    push(bodies[0])
    t0 = time.perf_counter()
    push(bodies[1])
    plain = time.perf_counter() - t0
    profiler = cProfile.Profile()
    profiler.enable()
    push(bodies[2])
    profiler.disable()
    harness.RESULTS.mkdir(exist_ok=True)
    path = harness.RESULTS / f"sync_ingest-{engine}.prof"
    profiler.dump_stats(path)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    text = out.getvalue()
    (harness.RESULTS / f"sync_ingest-{engine}-profile.txt").write_text(text)
    harness.log(f"== profile ({engine}): one 500-op push in-process took {plain * 1000:.0f} ms "
                f"without the profiler; stats in {path} and {path.with_suffix('')}-profile.txt")
    harness.log(text)
    from fieldapp.extensions import db

    with app.app_context():
        db.engine.dispose()
    return {"in_process_push_ms": round(plain * 1000, 1), "stats": str(path)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--batches", type=int, default=20, help="timed batches of 500 ops")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--profile", action="store_true", help="profile one push even if the ratio is met")
    parser.add_argument("--time-limit", type=int, default=300, help="seconds for the whole run")
    args = parser.parse_args()
    harness.bound_run_time(args.time_limit)
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    report = {"date": date.today().isoformat(), "machine": harness.machine(), "batches": args.batches,
              "ops_per_batch": 500, "workers": args.workers, "engines": {}}
    harness.log(f"sync ingest: {args.batches} x 500 ops after 1 warm-up batch; gunicorn -w {args.workers}; "
                f"{report['machine']}")
    with harness.workdir() as tmp:
        for engine in engines:
            report["engines"][engine] = run_engine(engine, args, tmp)
    report["marshmallow"] = parse_cost(make_bodies(1, 2))
    harness.log("\n| engine | project ops/s | floor ops/s | ratio | push median (project / floor) |")
    harness.log("|---|---|---|---|---|")
    for engine, f in report["engines"].items():
        harness.log(f"| {engine} | {f['project']['ops_per_s']:.0f} | {f['floor']['ops_per_s']:.0f} | "
                    f"{f['ratio']:.2f} | {f['project']['push_ms_median']:.0f} ms / "
                    f"{f['floor']['push_ms_median']:.0f} ms |")
    harness.RESULTS.mkdir(exist_ok=True)
    out = harness.RESULTS / f"sync_ingest-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))
    harness.log(f"raw figures: {out}")
    failed = [e for e, f in report["engines"].items() if f["ratio"] < TARGET]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
