"""CPU of one 500-operation push in-process, in total and per phase (issue 18).

    .venv/bin/python bench/push_cpu.py [--engine sqlite|postgresql|both] [--pushes 10] [--profile]

A fresh database per engine (a SQLite file, or the PostgreSQL database `fieldapp_bench_cpu`)
migrated and prepared as bench/sync_ingest.py does; the officer logs in through the test client
and pushes 3 warm-up batches then `--pushes` batches of `harness.mixed_batch` (500 operations:
100 new households with their head, a visit, a skill update and a field edit), as a phone does
(zstd asked for). Figures: the CPU time of the process (`time.process_time`: this process only,
not PostgreSQL's) per push, median and least, and per phase the median of the time spent in
`services.parse`, `Batch.load`, the handlers, `Batch.finish` (derived fields and the inserts of
the new rows), `services._apply` (all of the applying, the op log included), `services.push` and
the commit. With --profile, a cProfile of one more push (bench/results/push_cpu-<engine>.txt).

CPU time is what the phones' load costs the server, and it varies less than wall time on a
shared machine; still, compare only figures taken in the same minutes (load average printed).
"""
import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # this tree's fieldapp, not an installed one
import harness  # noqa: E402


def _timed(owner, name, label, spent):
    function = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, timed)
    return function


def run(engine, pushes, profile, tmp):
    from sqlalchemy.orm import Session

    from fieldapp import create_app
    from fieldapp.extensions import db
    from fieldapp.sync import apply, services

    with harness.fresh_database(engine, "fieldapp_bench_cpu", tmp) as url:
        village_id = harness.prepare_database(url)["villages"]["T01"]
        rng, minute, bodies = harness.rng(7), 0, []
        for _ in range(pushes + 4):
            ops, minute = harness.mixed_batch(village_id, rng, minute=minute)
            bodies.append(harness.push_body("bench-phone", ops))
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": harness.SECRET_KEY,
                          "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False})
        spent, phases = defaultdict(float), defaultdict(list)
        originals = [(owner, name, _timed(owner, name, label, spent)) for owner, name, label in (
            (services, "parse", "parse"), (apply.Batch, "load", "load"),
            (apply.Batch, "household_upsert", "handlers"), (apply.Batch, "member_upsert", "handlers"),
            (apply.Batch, "visit_create", "handlers"), (apply.Batch, "finish", "finish"),
            (services, "_apply", "_apply"), (services, "push", "services.push"),
            (Session, "commit", "commit"))]
        handlers = services.HANDLERS
        services.HANDLERS = {kind: getattr(apply.Batch, h.__name__) for kind, h in handlers.items()}
        try:
            client = app.test_client()
            login = client.post("/api/v1/session", json={"username": "officer", "password": harness.PASSWORD})
            headers = {"X-CSRFToken": login.get_json()["csrf_token"]}

            def push(body, encoding="zstd"):
                response = client.post("/api/v1/sync/push", data=body, content_type="application/json",
                                       headers={**headers, "Accept-Encoding": encoding})
                assert response.status_code == 200, response.status_code
                return response

            first = push(bodies[0], encoding="identity").get_json()["results"]  # a warm-up, read
            assert {result["status"] for result in first} == {"applied"}, first[:3]

            totals = []
            for index, body in enumerate(bodies[1:-1], start=1):
                spent.clear()
                start = time.process_time()
                push(body)
                if index >= 3:
                    totals.append(time.process_time() - start)
                    for label, seconds in spent.items():
                        phases[label].append(seconds)
            if profile:
                profiler = cProfile.Profile()
                profiler.enable()
                push(bodies[-1])
                profiler.disable()
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).strip_dirs()
                stats.sort_stats("tottime").print_stats(30)
                stats.sort_stats("cumulative").print_stats(50)
                harness.RESULTS.mkdir(exist_ok=True)
                (harness.RESULTS / f"push_cpu-{engine}.txt").write_text(out.getvalue())
        finally:
            for owner, name, function in originals:
                setattr(owner, name, function)
            services.HANDLERS = handlers
            with app.app_context():
                db.engine.dispose()
    harness.log(f"{engine}: one 500-op push, CPU median {statistics.median(totals) * 1000:.1f} ms, "
                f"least {min(totals) * 1000:.1f} ms ({len(totals)} pushes; load average "
                f"{os.getloadavg()[0]:.1f})")
    for label, values in phases.items():
        harness.log(f"  {label:14s} {statistics.median(values) * 1000:6.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pushes", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    harness.bound_run_time(300)
    with harness.workdir() as tmp:
        for engine in ("sqlite", "postgresql") if args.engine == "both" else (args.engine,):
            run(engine, args.pushes, args.profile, tmp)


if __name__ == "__main__":
    main()
