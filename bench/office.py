"""Office import and export: a 10,000-row household list imported, 100,000 households exported.

    .venv/bin/python bench/office.py [--engine sqlite|postgresql|both] [--rows 10000] [--seed 1]
                                     [--households 100000] [--runs 3] [--part import|export|both]
                                     [--profile] [--time-limit 900]

For each engine, one fresh database (a SQLite file in a temp dir, or the PostgreSQL database
`fieldapp_bench_office`) migrated by the migrations:

1. import: a list made by the shared generator (`make_commune.py DIR --households 10000 --xlsx
   --seed N`: 8 villages, 3 % dirty rows), sent in-process through the test client to
   `POST /api/v1/imports/households` (multipart) by an officer logged in through the session
   API: the whole request is timed (multipart parsing, reading the file, every row's
   status and messages, the writes through the sync write path, the audit entry, the report of
   10,000 rows as JSON). Per format (CSV, then XLSX, each into a commune of its own with the
   generator's villages): the preview (`?dry_run=true`), the import, and the same file again
   (every row `unchanged`). The statuses are checked against truth.json (the counts), and the
   SQL statements of each request are counted. A 200-row import into another commune warms the
   process up first.
2. export: 100,000 households (24 villages, 90 % with a code, 70 % with GPS, about 2.5 members
   each, derived status/last visit/return date/covered time and `seq` set as the app would) are
   bulk-loaded with Core `insert()` executemany (not the ORM, not the write path), then ANALYZE.
   Each of `GET /exports/households.csv` and `.xlsx` then runs in a fresh child process
   (`--export-child`, an app, a logged-in officer and one 0-row export to warm up), which
   consumes the response as a stream (`buffered=False`, iterating the WSGI body, each chunk
   written to a file as a browser saves it, nothing kept), `--runs` times. Figures: households
   / seconds from sending the request to its last byte (the median run), and the CPU time the
   child used meanwhile (the database server's not counted: on a busy machine the wall time
   varies, this less); time to the first byte; memory:
   (a) the child's peak RSS during the export minus its RSS just before the request: the
   kernel's high-water mark (VmHWM) is reset to the current RSS right before the request
   (`/proc/self/clear_refs`), so that the peak read afterwards is the export's own, not the
   login's (scrypt); (b) that peak itself, the app included; (c) in one more run, the
   tracemalloc peak of the Python allocations made during the export (that run is slower and
   not timed). The files are then checked (row count; the XLSX opened with openpyxl).

Speed is measured, not asserted; the issue's targets (import ≤ 10 s with its report, export
≥ 50,000 rows/s with less than 150 MB) are printed as met or not. With --profile, the CSV import
and the CSV and XLSX exports are also run under cProfile (bench/results/office-*.prof and -profile.txt).

Every database it makes is dropped at the end, also on an error, a time-out (--time-limit
seconds for the whole run) or Ctrl-C. Raw figures go to bench/results/office-<time>.json.
PostgreSQL is reached through FIELDAPP_BENCH_PG_URL (default postgres@127.0.0.1:5432, trust).
"""
import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

GENERATOR = harness.ROOT / "scripts" / "make_commune.py"
EXPORT_VILLAGES = tuple(f"T{v:02d}" for v in range(1, 25))
IMPORT_TARGET_S = 10.0
EXPORT_TARGET_ROWS_S = 50_000
EXPORT_TARGET_MB = 150
SKILLS = ("vneid_installed", "vneid_level2", "vneid_login", "dvc_login", "dvc_submit", "online_payment",
          "rating", "cyber_safety", "digital_signature")
RULE = ("vneid_level2", "vneid_login", "dvc_login", "dvc_submit")
SKILL_SHARE = (0.7, 0.55, 0.5, 0.35, 0.3, 0.2, 0.2, 0.3, 0.05)
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def app_for(url):
    from fieldapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": harness.SECRET_KEY,
                       "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False})


def log_in(app, username):
    """A test client logged in through the API, and its CSRF token."""
    client = app.test_client()
    response = client.post("/api/v1/session", json={"username": username, "password": harness.PASSWORD})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return client, response.get_json()["csrf_token"]


class StatementCounter:
    """Counts the SQL statements the app's engine sends (an executemany counts once)."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args):
        self.count += 1


# --- import ------------------------------------------------------------------------------------

def make_list(folder, rows, seed):
    subprocess.run([sys.executable, str(GENERATOR), str(folder), "--households", str(rows),
                    "--seed", str(seed), "--xlsx"], check=True, capture_output=True)
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def add_commune(app, code, villages_csv, username):
    """A commune with the generator's villages and an officer."""
    from fieldapp.accounts import services as accounts
    from fieldapp.extensions import db
    from fieldapp.places import services as places

    with app.app_context():
        commune = places.create_commune(code, f"Xã {code}")
        places.import_villages(commune, villages_csv, "villages.csv")
        accounts.create_user(commune, username, "officer", harness.PASSWORD, full_name=username)
        db.session.commit()
        db.session.remove()


def post_import(client, token, data, filename, dry_run=False):
    query = "?dry_run=true" if dry_run else ""
    response = client.post(f"/api/v1/imports/households{query}", headers={"X-CSRFToken": token},
                           data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
    if response.status_code != 200:
        raise RuntimeError(f"import answered {response.status_code}: {response.get_data(as_text=True)[:500]}")
    return response


def check_report(body, truth, step):
    accepted, rejected = truth["rows_to_accept"], truth["rows_to_reject"]
    counts = (body["accepted"], body["rejected"])
    if len(body["rows"]) != truth["households"] or counts != (accepted, rejected):
        raise RuntimeError(f"{step}: {body['accepted']} accepted, {body['rejected']} rejected, "
                           f"{len(body['rows'])} rows; truth.json says {accepted}, {rejected}")
    if step == "re-import" and body["unchanged"] != accepted:
        raise RuntimeError(f"re-import: {body['unchanged']} unchanged of {accepted} accepted")


def measure_import(app, folder, truth, engine, profile):
    from sqlalchemy import func, select

    from fieldapp.extensions import db
    from fieldapp.households.models import Household

    villages_csv = (folder / "villages.csv").read_bytes()
    counter = StatementCounter(_engine_of(app))
    # warm-up: the first request of a process loads modules, translations, schemas
    add_commune(app, "20000", villages_csv, "office-warm")
    client, token = log_in(app, "office-warm")
    lines = (folder / "households.csv").read_bytes().splitlines(keepends=True)
    post_import(client, token, b"".join(lines[:201]), "warm.csv")
    figures = {}
    for number, kind in enumerate(("csv", "xlsx"), start=1):
        add_commune(app, f"2000{number}", villages_csv, f"office-{kind}")
        client, token = log_in(app, f"office-{kind}")
        data = (folder / f"households.{kind}").read_bytes()
        figures[kind] = {"file_bytes": len(data)}
        for step, dry_run in (("preview", True), ("import", False), ("re-import", False)):
            gc.collect()
            before = counter.count
            t0 = time.perf_counter()
            response = post_import(client, token, data, f"households.{kind}", dry_run)
            seconds = time.perf_counter() - t0
            body = response.get_json()
            check_report(body, truth, step)
            figures[kind][step] = {"seconds": round(seconds, 3), "statements": counter.count - before,
                                   "report_bytes": len(response.get_data()),
                                   **{k: body[k] for k in ("accepted", "rejected", "warnings", "repaired",
                                                           "unchanged")}}
            harness.log(f"  import {kind.upper()} {step}: {seconds:.2f} s, {counter.count - before} SQL "
                        f"statements; {body['accepted']} accepted ({body['warnings']} warnings, "
                        f"{body['repaired']} repaired, {body['unchanged']} unchanged), {body['rejected']} "
                        f"rejected; report {len(response.get_data()) / 1000:.0f} kB")
        with app.app_context():
            made = db.session.scalar(select(func.count(Household.id)).where(
                Household.commune_id == _commune_id(f"2000{number}")))
            db.session.remove()
        if made != truth["rows_to_accept"]:
            raise RuntimeError(f"{kind}: {made} households in the database, "
                               f"{truth['rows_to_accept']} expected")
    if profile:
        add_commune(app, "20009", villages_csv, "office-profile")
        client, token = log_in(app, "office-profile")
        data = (folder / "households.csv").read_bytes()
        figures["profile"] = run_profiled(lambda: post_import(client, token, data, "households.csv"),
                                          f"office-import-{engine}")
    return figures


def _commune_id(code):
    from sqlalchemy import select

    from fieldapp.extensions import db
    from fieldapp.places.models import Commune

    return db.session.scalar(select(Commune.id).where(Commune.code == code))


def _engine_of(app):
    from fieldapp.extensions import db

    with app.app_context():
        return db.engine


def run_profiled(call, name):
    profiler = cProfile.Profile()
    profiler.enable()
    t0 = time.perf_counter()
    call()
    seconds = time.perf_counter() - t0
    profiler.disable()
    harness.RESULTS.mkdir(exist_ok=True)
    path = harness.RESULTS / f"{name}.prof"
    profiler.dump_stats(path)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    (harness.RESULTS / f"{name}-profile.txt").write_text(out.getvalue())
    harness.log(f"  profile {name}: {seconds:.2f} s under cProfile; {path} and {name}-profile.txt")
    return {"seconds_profiled": round(seconds, 3), "stats": str(path)}


# --- export: bulk data -------------------------------------------------------------------------

def bulk_load(app, households, rng):
    """`households` households with members in commune 10001's 24 villages, by Core executemany."""
    from sqlalchemy import insert, select, text, update

    from fieldapp.core.text import fold
    from fieldapp.extensions import db
    from fieldapp.households.models import Household, Member
    from fieldapp.places.models import Commune, Village

    started = time.perf_counter()
    with app.app_context():
        commune_id = db.session.scalar(select(Commune.id).where(Commune.code == harness.COMMUNE_CODE))
        villages = db.session.execute(select(Village.id, Village.name).where(
            Village.commune_id == commune_id).order_by(Village.code)).all()
        user_id = db.session.scalar(text("SELECT id FROM users WHERE username = 'officer'"))
        seq, members_total = 0, 0
        homes, people = [], []
        stamp = NOW

        def flush():
            if homes:
                db.session.execute(insert(Household.__table__), homes)
            if people:
                db.session.execute(insert(Member.__table__), people)
            homes.clear()
            people.clear()

        for n in range(1, households + 1):
            home = uuid.uuid4()
            village_id, village_name = rng.choice(villages)
            head = harness.person_name(rng)
            address = f"Số {rng.randint(1, 250)}, ngõ {rng.randint(1, 30)}, {village_name}"
            code = f"HGD{n:06d}" if rng.random() < 0.9 else None
            phone = harness.phone(rng) if rng.random() < 0.8 else None
            size = max(1, min(8, round(rng.gauss(2.5, 1.2))))
            capable, names = False, []
            for m in range(size):
                name = head if m == 0 else harness.person_name(rng)
                names.append(name)
                held = {s: rng.random() < p for s, p in zip(SKILLS, SKILL_SHARE, strict=True)}
                is_capable = all(held[s] for s in RULE)
                capable |= is_capable
                seq += 1
                people.append({"id": uuid.uuid4(), "commune_id": commune_id, "household_id": home,
                               "village_id": village_id, "full_name": name, "is_head": m == 0,
                               "birth_year": rng.randint(1940, 2020),
                               "phone": harness.phone(rng) if rng.random() < 0.3 else None,
                               **{f"skill_{s}": held[s] for s in SKILLS}, "capable": is_capable,
                               "version": 1, "field_stamps": {}, "deleted": False, "seq": seq,
                               "created_at": stamp, "updated_at": stamp, "created_by_id": user_id,
                               "updated_by_id": user_id})
            members_total += size
            inactive = rng.random() < 0.01
            visited = capable or rng.random() < 0.6
            last = NOW - timedelta(days=rng.uniform(0, 180)) if visited else None
            outcome = (("met" if capable else rng.choice(("met", "met", "not_home", "refused")))
                       if visited else None)
            status = ("inactive" if inactive else "covered" if capable else "unvisited" if not visited
                      else "in_progress" if outcome == "met" else outcome)
            placed = rng.random() < 0.7
            seq += 1
            homes.append({
                "id": home, "commune_id": commune_id, "village_id": village_id, "code": code,
                "head_name": head, "address": address, "phone": phone, "member_count": size,
                "lat": round(20.95 + rng.uniform(-0.05, 0.05), 6) if placed else None,
                "lon": round(106.21 + rng.uniform(-0.05, 0.05), 6) if placed else None,
                "consent": rng.choice(("given", "given", "given", "declined", "not_asked")),
                "inactive": inactive, "status": status, "version": 1,
                "last_visit_at": last, "last_outcome": outcome,
                "next_visit_on": (NOW + timedelta(days=rng.randint(-20, 30))).date()
                if status in ("in_progress", "not_home") and rng.random() < 0.5 else None,
                "covered_at": last if status == "covered" else None,
                "covered_by_id": user_id if status == "covered" else None,
                "search_text": " ".join(fold(p) for p in (head, address, code, phone, *names) if p),
                "field_stamps": {}, "deleted": False, "seq": seq, "created_at": stamp, "updated_at": stamp,
                "created_by_id": user_id, "updated_by_id": user_id,
            })
            if n % 5000 == 0:
                flush()
        flush()
        db.session.execute(update(Commune).where(Commune.id == commune_id).values(last_seq=seq))
        db.session.commit()
        db.session.remove()
        engine = db.engine
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
        engine.dispose()
    seconds = time.perf_counter() - started
    harness.log(f"  loaded {households:,} households and {members_total:,} members in {seconds:.0f} s "
                f"(Core insert executemany, then ANALYZE)")
    return {"households": households, "members": members_total, "load_seconds": round(seconds, 1)}


# --- export: the measurement, in a child process -------------------------------------------------

def _rss_kib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _peak_rss_kib():
    """The high-water mark of this process's RSS (VmHWM). Not `ru_maxrss`: that also keeps the
    peak of the process's memory as it was when any thread ended, which a reset does not clear."""
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])


def _reset_peak_rss():
    """Reset the kernel's high-water mark of this process's RSS (VmHWM, which `ru_maxrss` reads)
    to its current RSS (Linux >= 4.0), so that the peak read afterwards is the export's own."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def export_child(url, kind, out_path, trace, profile):
    """In a fresh process: log in, warm up, then one export consumed as a stream; print JSON."""
    import tracemalloc

    app = app_for(url)
    client, _token = log_in(app, "officer")
    warm = client.get(f"/exports/households.{kind}", query_string={"q": "khong co ai ten nay"},
                      buffered=False)
    for _chunk in warm.response:
        pass
    warm.close()
    gc.collect()
    peak_before = _peak_rss_kib()  # the login's scrypt, mostly
    reset = _reset_peak_rss()
    rss_before = _rss_kib()
    if trace:
        tracemalloc.start()
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    first_byte, size, chunks = None, 0, 0
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    response = client.get(f"/exports/households.{kind}", buffered=False)
    with open(out_path, "wb") as out:
        for chunk in response.response:
            if first_byte is None:
                first_byte = time.perf_counter() - t0
            size += len(chunk)
            chunks += 1
            out.write(chunk)
    response.close()
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    if profiler:
        profiler.disable()
        harness.RESULTS.mkdir(exist_ok=True)
        name = f"office-export-{kind}-{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0].split('+')[0]}"
        profiler.dump_stats(harness.RESULTS / f"{name}.prof")
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
        (harness.RESULTS / f"{name}-profile.txt").write_text(text.getvalue())
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    peak_after = _peak_rss_kib()
    print(json.dumps({
        "status": response.status_code, "streamed": response.is_streamed, "seconds": seconds, "cpu_s": cpu,
        "first_byte_s": first_byte, "bytes": size, "chunks": chunks,
        "rss_before_mb": rss_before / 1024, "peak_rss_before_mb": peak_before / 1024,
        "peak_reset": reset, "peak_rss_mb": peak_after / 1024,
        "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_increase_mb": (peak_after - rss_before) / 1024,
        "tracemalloc_peak_mb": traced / 1024 / 1024 if trace else None,
    }))


def run_child(url, kind, out_path, trace=False, profile=False):
    command = [sys.executable, str(Path(__file__).resolve()), "--export-child", kind, "--url", url,
               "--out", str(out_path)] + (["--trace"] if trace else []) + (["--profile"] if profile else [])
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=harness.ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"export child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["status"] != 200:
        raise RuntimeError(f"export {kind} answered {result['status']}")
    return result


def check_file(path, kind, households):
    if kind == "csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            import csv

            rows = sum(1 for _ in csv.reader(f)) - 1
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
        workbook.close()
    if rows != households:
        raise RuntimeError(f"the {kind} export has {rows} rows, {households} expected")


def measure_export(url, households, runs, tmp, engine, profile):
    figures = {}
    for kind in ("csv", "xlsx"):
        out = Path(tmp) / f"export.{kind}"
        timed = [run_child(url, kind, out) for _ in range(runs)]
        check_file(out, kind, households)
        traced = run_child(url, kind, out, trace=True)
        if not all(r["peak_reset"] for r in timed):
            harness.log("  (could not reset the peak RSS: the memory figures include the child's "
                        "earlier peak)")
        best = min(timed, key=lambda r: r["seconds"])
        median = statistics.median(r["seconds"] for r in timed)
        figure = {
            "runs": [round(r["seconds"], 3) for r in timed], "seconds_median": round(median, 3),
            "cpu_s_median": round(statistics.median(r["cpu_s"] for r in timed), 3),
            "rows_per_s": round(households / median), "rows_per_s_best": round(households / best["seconds"]),
            "first_byte_s": round(statistics.median(r["first_byte_s"] for r in timed), 3),
            "bytes": best["bytes"], "chunks": best["chunks"], "streamed": best["streamed"],
            "rss_before_mb": round(max(r["rss_before_mb"] for r in timed), 1),
            "peak_increase_mb": round(max(r["peak_increase_mb"] for r in timed), 1),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in timed), 1),
            "tracemalloc_peak_mb": round(traced["tracemalloc_peak_mb"], 1),
            "seconds_with_tracemalloc": round(traced["seconds"], 2),
        }
        figures[kind] = figure
        harness.log(f"  export {kind.upper()}: {households:,} rows in {median:.2f} s (median of {runs}: "
                    f"{', '.join(f'{s:.2f}' for s in figure['runs'])}) = {figure['rows_per_s']:,} rows/s "
                    f"(the app's process used {figure['cpu_s_median']:.2f} s of CPU); "
                    f"first byte {figure['first_byte_s']:.2f} s; {figure['bytes'] / 1e6:.1f} MB in "
                    f"{figure['chunks']} chunks (streamed: {figure['streamed']}); memory: +"
                    f"{figure['peak_increase_mb']:.1f} MB RSS over {figure['rss_before_mb']:.0f} MB "
                    f"(process peak {figure['peak_rss_mb']:.0f} MB), tracemalloc peak "
                    f"{figure['tracemalloc_peak_mb']:.1f} MB")
        if profile:
            run_child(url, kind, out, profile=True)
            harness.log(f"  profile: bench/results/office-export-{kind}-{engine}.prof")
    return figures


# --- the run -----------------------------------------------------------------------------------

def run_engine(engine, args, tmp, folder, truth):
    harness.log(f"== {engine} (load average {os.getloadavg()[0]:.2f})")
    figures = {}
    with harness.fresh_database(engine, "fieldapp_bench_office", tmp) as url:
        harness.prepare_database(url, villages=EXPORT_VILLAGES)
        if args.part in ("import", "both"):
            app = app_for(url)
            figures["import"] = measure_import(app, folder, truth, engine, args.profile)
            with app.app_context():
                from fieldapp.extensions import db

                db.engine.dispose()
        if args.part in ("export", "both"):
            app = app_for(url)
            figures["load"] = bulk_load(app, args.households, harness.rng(args.seed))
            figures["export"] = measure_export(url, args.households, args.runs, tmp, engine, args.profile)
    return figures


def summary(report):
    lines = ["", "| engine | import CSV | import XLSX | preview CSV / XLSX | re-import CSV / XLSX | "
             "export CSV | export XLSX | export memory CSV / XLSX |", "|---|---|---|---|---|---|---|---|"]
    verdicts = []
    for engine, f in report["engines"].items():
        cells = [engine]
        if "import" in f:
            i = f["import"]
            cells += [f"{i['csv']['import']['seconds']:.2f} s", f"{i['xlsx']['import']['seconds']:.2f} s",
                      f"{i['csv']['preview']['seconds']:.2f} / {i['xlsx']['preview']['seconds']:.2f} s",
                      f"{i['csv']['re-import']['seconds']:.2f} / {i['xlsx']['re-import']['seconds']:.2f} s"]
            worst = max(i[k]["import"]["seconds"] for k in ("csv", "xlsx"))
            verdicts.append(f"{engine} import ≤ {IMPORT_TARGET_S:.0f} s: "
                            f"{'met' if worst <= IMPORT_TARGET_S else 'NOT met'} (slowest {worst:.2f} s)")
        else:
            cells += ["—"] * 4
        if "export" in f:
            e = f["export"]
            cells += [f"{e['csv']['rows_per_s']:,} rows/s", f"{e['xlsx']['rows_per_s']:,} rows/s",
                      f"+{e['csv']['peak_increase_mb']:.0f} / +{e['xlsx']['peak_increase_mb']:.0f} MB RSS "
                      f"(tracemalloc {e['csv']['tracemalloc_peak_mb']:.0f} / "
                      f"{e['xlsx']['tracemalloc_peak_mb']:.0f} MB)"]
            for kind in ("csv", "xlsx"):
                speed, memory = e[kind]["rows_per_s"], e[kind]["peak_increase_mb"]
                verdicts.append(f"{engine} export {kind.upper()} ≥ {EXPORT_TARGET_ROWS_S:,} rows/s: "
                                f"{'met' if speed >= EXPORT_TARGET_ROWS_S else 'NOT met'} ({speed:,}); "
                                f"< {EXPORT_TARGET_MB} MB: "
                                f"{'met' if memory < EXPORT_TARGET_MB else 'NOT met'} "
                                f"(+{memory:.1f} MB, process peak {e[kind]['peak_rss_mb']:.0f} MB)")
        else:
            cells += ["—"] * 3
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines + [""] + verdicts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the imported list")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (and the bulk data's)")
    parser.add_argument("--households", type=int, default=100_000, help="households exported")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each export")
    parser.add_argument("--part", choices=("import", "export", "both"), default="both")
    parser.add_argument("--profile", action="store_true", help="also profile the CSV import and the exports")
    parser.add_argument("--time-limit", type=int, default=900, help="seconds for the whole run")
    parser.add_argument("--export-child", choices=("csv", "xlsx"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(args.url, args.export_child, args.out, args.trace, args.profile)
        return 0
    harness.bound_run_time(args.time_limit)
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    report = {"date": date.today().isoformat(), "machine": harness.machine(), "rows": args.rows,
              "seed": args.seed, "households": args.households, "runs": args.runs, "engines": {}}
    harness.log(f"office import ({args.rows:,} rows, seed {args.seed}) and export ({args.households:,} "
                f"households); {report['machine']}")
    with harness.workdir() as tmp:
        folder = Path(tmp) / "commune"
        truth = make_list(folder, args.rows, args.seed)
        harness.log(f"list: {truth['rows_to_accept']} rows to accept, {truth['rows_to_reject']} to reject, "
                    f"{truth['rows_accepted_with_warning']} warnings, {truth['rows_repaired']} repairs")
        for engine in engines:
            report["engines"][engine] = run_engine(engine, args, tmp, folder, truth)
    harness.log(summary(report))
    harness.RESULTS.mkdir(exist_ok=True)
    out = harness.RESULTS / f"office-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))
    harness.log(f"raw figures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
