"""Coverage stats and map data on a province-sized PostgreSQL database (issue 5).

    .venv/bin/python bench/stats.py                      # 125 communes, 1,000,000 households
    .venv/bin/python bench/stats.py --communes 10        # a quick look (80,000 households)

Loads a province with COPY (not the ORM): communes of 24 villages and 8,000 households,
about 2.5 members and 1.5 visits a household (skills, topics, outcomes and positions drawn at
random, derived status and covered_at set as the app sets them), then ANALYZE. It then times,
through the app (test client, so the server's own time, no network), `GET /api/v1/stats/coverage`
for one commune's officer, for the province's admin, and `GET /api/v1/stats/map` for one
commune (its size as sent with zstd, what Chrome gets), and prints the query plans of the
report's statements. Targets: commune ≤ 100 ms, province ≤ 300 ms, map ≤ 300 KB on the wire.
"""
import argparse
import contextlib
import io
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402

VILLAGES = 24
HOUSEHOLDS = 8000
SKILLS = ("vneid_installed", "vneid_level2", "vneid_login", "dvc_login", "dvc_submit", "online_payment",
          "rating", "cyber_safety", "digital_signature")
RULE = ("vneid_level2", "vneid_login", "dvc_login", "dvc_submit")
TOPICS = (*SKILLS, "materials")
SKILL_SHARE = (0.7, 0.55, 0.5, 0.35, 0.3, 0.2, 0.2, 0.3, 0.05)  # of people holding each skill
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def copy(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copier:
        copier.write(buffer.getvalue())


def load_commune(cursor, commune_id, rng, user_id, households=HOUSEHOLDS):
    village_ids = list(range((commune_id - 1) * VILLAGES + 1, commune_id * VILLAGES + 1))
    homes, people, visits, topics = [], [], [], []
    stamp = NOW.isoformat()
    for _ in range(households):
        home = uuid.uuid4()
        village = rng.choice(village_ids)
        inactive = rng.random() < 0.01
        members = max(1, round(rng.gauss(2.5, 1)))
        capable = False
        for m in range(members):
            held = {s: rng.random() < p for s, p in zip(SKILLS, SKILL_SHARE, strict=True)}
            is_capable = all(held[s] for s in RULE)
            capable |= is_capable
            people.append((uuid.uuid4(), commune_id, home, village, f"Người {m}", m == 0,
                           *(str(held[s]).lower() for s in SKILLS), str(is_capable).lower(), 1, "{}", "false",
                           0, stamp, stamp))
        n_visits = rng.choice((0, 1, 1, 2, 2, 3))
        times = sorted(NOW - timedelta(days=rng.uniform(0, 180)) for _ in range(n_visits))
        outcome = None
        for at in times:
            visit, outcome = uuid.uuid4(), rng.choice(("met", "met", "not_home", "refused"))
            visits.append((visit, commune_id, home, village, user_id, at.isoformat(), stamp, "false",
                           outcome, 1 if outcome == "met" else 0, 0))
            if outcome == "met":
                topics.extend((visit, t, commune_id) for t in rng.sample(TOPICS, rng.randint(1, 2)))
        status = ("inactive" if inactive else "covered" if capable else "unvisited" if not times
                  else "in_progress" if outcome == "met" else outcome)
        covered_at = (times[-1] if times else NOW - timedelta(days=rng.uniform(0, 180))).isoformat() \
            if status == "covered" else None
        placed = rng.random() < 0.7
        homes.append((home, commune_id, village, f"Hộ {rng.randint(1, 10**6)}", "given",
                       str(inactive).lower(), status, 1, "", "{}", "false", 0, stamp, stamp,
                       round(21 + rng.uniform(-0.05, 0.05), 6) if placed else None,
                       round(105.8 + rng.uniform(-0.05, 0.05), 6) if placed else None,
                       times[-1].isoformat() if times else None, outcome,
                       (NOW + timedelta(days=rng.randint(-20, 20))).date().isoformat()
                       if times and rng.random() < 0.3 else None,
                       covered_at, user_id if covered_at else None))
    copy(cursor, "households", ("id", "commune_id", "village_id", "head_name", "consent", "inactive",
                                "status",
                                "version", "search_text", "field_stamps", "deleted", "seq", "created_at",
                                "updated_at", "lat", "lon", "last_visit_at", "last_outcome", "next_visit_on",
                                "covered_at", "covered_by_id"), homes)
    copy(cursor, "members", ("id", "commune_id", "household_id", "village_id", "full_name", "is_head",
                             *(f"skill_{s}" for s in SKILLS), "capable", "version", "field_stamps", "deleted",
                             "seq", "created_at", "updated_at"), people)
    copy(cursor, "visits", ("id", "commune_id", "household_id", "village_id", "volunteer_id", "visited_at",
                            "received_at", "clock_adjusted", "outcome", "people_guided", "seq"), visits)
    copy(cursor, "visit_topics", ("visit_id", "topic", "commune_id"), topics)
    return len(homes), len(people), len(visits)


def load_province(url, communes, rng):
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    totals = [0, 0, 0]
    started = time.perf_counter()
    with psycopg.connect(plain, autocommit=False) as connection, connection.cursor() as cursor:
        stamp = NOW.isoformat()
        copy(cursor, "communes", ("id", "code", "name", "last_seq", "created_at", "updated_at"),
             [(c, f"{20000 + c}", f"Xã {c}", 0, stamp, stamp) for c in range(2, communes + 1)])
        copy(cursor, "villages", ("id", "commune_id", "code", "name", "name_folded", "deleted", "seq",
                                  "created_at", "updated_at"),
             [((c - 1) * VILLAGES + v, c, f"T{v:02d}", f"Thôn {v}", f"thon {v}", "false", 0, stamp, stamp)
              for c in range(2, communes + 1) for v in range(1, VILLAGES + 1)])
        for table in ("villages", "communes"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT max(id) FROM {table}))")
        copy(cursor, "users", ("id", "commune_id", "username", "full_name", "role", "password_hash", "active",
                               "login_token", "scope_version", "created_at", "updated_at"),
             [(1000 + c, c, f"v{c}", f"Tình nguyện {c}", "volunteer", "x", "true", uuid.uuid4().hex, 1,
               stamp, stamp) for c in range(2, communes + 1)])
        cursor.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))")
        for commune in range(1, communes + 1):
            user = 1 if commune == 1 else 1000 + commune
            for i, n in enumerate(load_commune(cursor, commune, rng, user)):
                totals[i] += n
            if commune % 10 == 0:
                harness.log(f"  {commune} communes loaded, {time.perf_counter() - started:.0f} s")
        connection.commit()
        connection.autocommit = True
        cursor.execute("VACUUM ANALYZE")  # what autovacuum would have done: index-only scans work
    return totals, time.perf_counter() - started


def timed(client, path, runs=10, **headers):
    times, response = [], None
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.get_data()[:300])
    return statistics.median(times), max(times), response


def ranking(app, runs=10):
    """The volunteers' ranking of one commune (the leader's page), in-process, from the rollups."""
    from datetime import date

    from fieldapp.dashboard.activity import volunteer_activity
    from fieldapp.dashboard.queries import period

    with app.app_context():
        for label, first, last in (("a month", date(2026, 11, 1), date(2026, 11, 30)),
                                   ("a year", date(2026, 1, 1), date(2026, 12, 31))):
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                span = period(first, last, "Asia/Ho_Chi_Minh")
                rows = volunteer_activity(1, list(range(1, VILLAGES + 1)), span)
                times.append((time.perf_counter() - started) * 1000)
            print(f"ranking, one commune, {label}: median {statistics.median(times):.0f} ms, "
                  f"worst {max(times):.0f} ms; {len(rows)} volunteers")


def migration_count(app):
    """Migration 0019's count of every village's rollups, run on the loaded province as after an
    upgrade (each village with its summary, its rollups not counted yet): seconds."""
    import importlib.util

    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import update

    from fieldapp.dashboard.models import VillageStats
    from fieldapp.extensions import db

    [path] = (Path(__file__).resolve().parent.parent / "migrations" / "versions").glob("0019_*.py")
    spec = importlib.util.spec_from_file_location("migration_0019", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with app.app_context():
        db.session.execute(update(VillageStats).values(days_counted=-1))
        db.session.commit()
        started = time.perf_counter()
        with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
            migration.upgrade()
        seconds = time.perf_counter() - started
        # What autovacuum does soon after: the rows just replaced leave dead index entries that
        # each report's index probes would step over, and the planner needs the new tables' sizes.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE village_days, volunteer_days")
        return seconds


def plans(app, user, across_communes=False):
    from sqlalchemy import text

    from fieldapp.dashboard import queries
    from fieldapp.extensions import db

    with app.app_context():
        villages = db.session.scalars(queries.villages_in_scope(user, None, across_communes)).all()
        ids = [v.id for v in villages]
        commune_id = queries.report_commune(user, across_communes)
        span = queries.period(None, None, "Asia/Ho_Chi_Minh")
        out = []
        for name, statement in (("household_counts", queries.household_counts(commune_id, ids, span)),
                                ("people_counts", queries.people_counts(commune_id, ids)),
                                ("visit_counts", queries.visit_counts(commune_id, ids, span)),
                                ("topic_counts", queries.topic_counts(commune_id, ids, span)),
                                ("due_counts", queries.due_counts(commune_id, ids, span))):
            sql = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
            rows = db.session.execute(text(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")).scalars().all()
            out.append(f"-- {name}\n" + "\n".join(rows))
        return "\n\n".join(out)


def load(url, communes):
    ids = harness.prepare_database(url, villages=tuple(f"T{v:02d}" for v in range(1, VILLAGES + 1)),
                                   users=(("officer", "officer", ()), ("admin", "admin", ())))
    assert ids["commune_id"] == 1 and sorted(ids["villages"].values()) == list(range(1, VILLAGES + 1))
    (households, members, visits), seconds = load_province(url, communes, random.Random(1))
    harness.log(f"loaded {households:,} households, {members:,} members, {visits:,} visits "
                f"in {communes} communes: {seconds:.0f} s")


@contextlib.contextmanager
def database(keep, work):
    """(url, fresh): a new database dropped at the end, or with --keep one that stays."""
    if not keep:
        with harness.fresh_database("postgresql", "fieldapp_bench_stats", work) as url:
            yield url, True
        return
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.engine import make_url

    name = "fieldapp_bench_stats_kept"
    url = make_url(harness.PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        engine = create_engine(url)
        fresh = not inspect(engine).has_table("households")
        engine.dispose()
    except Exception:  # no such database yet
        harness._pg_execute(f'CREATE DATABASE "{name}"')
        fresh = True
    yield url, fresh


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=125)
    parser.add_argument("--time-limit", type=int, default=1800)
    parser.add_argument("--keep", action="store_true",
                        help="keep the database (fieldapp_bench_stats_kept) and reuse it when it is there: "
                             "for trying queries; drop it by hand afterwards")
    args = parser.parse_args()
    harness.bound_run_time(args.time_limit)
    with harness.workdir() as work, database(args.keep, work) as (url, fresh):
        if fresh:
            load(url, args.communes)
        from fieldapp import create_app

        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": harness.SECRET_KEY})
        with app.app_context():  # a kept database may predate the newest migrations
            from flask_migrate import upgrade

            upgrade()
        client = app.test_client()
        client.post("/api/v1/session", json={"username": "admin", "password": harness.PASSWORD})
        started = time.perf_counter()
        client.get("/api/v1/stats/coverage")  # the first report counts the missing village summaries
        print(f"first province report, building {args.communes * VILLAGES:,} village summaries: "
              f"{time.perf_counter() - started:.1f} s")
        print(f"migration 0019, counting {args.communes * VILLAGES:,} villages' rollups in SQL: "
              f"{migration_count(app):.1f} s")
        started = time.perf_counter()
        client.get("/api/v1/stats/coverage?date_from=2026-11-01&date_to=2026-11-30")
        print(f"first dated province report after it (reads only): {time.perf_counter() - started:.1f} s")
        periods = (("", "from the start"), ("?date_from=2026-11-01&date_to=2026-11-30", "a month"),
                   ("?date_from=2026-10-01&date_to=2026-12-31", "a quarter"),
                   ("?date_from=2026-01-01&date_to=2026-12-31", "a year"),
                   ("?date_from=2026-09-15&date_to=2026-10-20", "a campaign"))
        for username, label in (("officer", "one commune (officer, 24 villages, 8,000 households)"),
                                ("admin", f"the province (admin, {args.communes} communes)")):
            client = app.test_client()
            client.post("/api/v1/session", json={"username": username, "password": harness.PASSWORD})
            for query, period in periods:
                median, worst, response = timed(client, f"/api/v1/stats/coverage{query}")
                body = response.get_json()
                print(f"stats/coverage, {label}, {period}: median {median:.0f} ms, worst {worst:.0f} ms; "
                      f"{len(body['villages'])} villages, {body['total']['households']:,} households")
        ranking(app)
        client = app.test_client()
        client.post("/api/v1/session", json={"username": "officer", "password": harness.PASSWORD})
        median, worst, response = timed(client, "/api/v1/stats/map", **{"Accept-Encoding": "zstd"})
        print(f"stats/map, one commune: median {median:.0f} ms, worst {worst:.0f} ms; "
              f"{len(response.get_data()) / 1000:.1f} kB zstd on the wire")
        from sqlalchemy import select

        from fieldapp.accounts.models import User
        from fieldapp.extensions import db

        with app.app_context():
            for username, across in (("officer", False), ("admin", True)):
                user = db.session.scalar(select(User).where(User.username == username))
                print(f"\nquery plans, {username}:\n" + plans(app, user, across))


if __name__ == "__main__":
    main()
