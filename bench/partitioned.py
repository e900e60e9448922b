"""Coverage reports on PostgreSQL tables partitioned by commune (issue 18 item 4, docs/scale.md).

    .venv/bin/python bench/partitioned.py                     # 1,000,000 households: 12 min under load
    .venv/bin/python bench/partitioned.py --households 2000   # the smoke test's size: seconds

One fresh database, migrated by the app's migrations. A province is generated in SQL
(`generate_series`, no ORM, no Python rows): communes of 24 villages and 8,000 households,
interleaved as live writes arrive (household g belongs to commune g mod C), about 2.5 members
and 1.5 visits a household, topics on the visits that met someone. The same rows then exist in
two layouts of the same database:

- `public`: the app's own tables, keys and indexes (plain tables);
- `part`: the same tables `PARTITION BY HASH (commune_id)` (`--partitions`, 32 by default, the
  shard count Citus starts with), every primary key with `commune_id` first, the app's other
  indexes as they are.

Reference tables (communes, villages, users) stay in `public` only. The report statements are
the app's own (`fieldapp/dashboard/queries.py`, compiled with their values), run on one layout
or the other by `search_path`, so the SQL is the same text on both. Besides the app's two ways
(an undated report reads the village summaries, a dated one counts the records), the bench
models per-village rollups in its own SQL (`bench_village_days` with running totals, `village_months`,
and their topics), built from the loaded rows: what a dated report could read instead of
counting. The app's rollups are issue 18 item 1's work; these only show what such tables cost,
plain and partitioned.

Every answer is checked before anything is timed: the app's API report (on the plain tables),
the app's SQL on both layouts and the rollups' SQL on both layouts must give the same numbers
for every village; the script exits with 1 when they do not. Then each report runs `--runs`
times per layout (layouts alternating, so that other load slows both alike) and prints
`partitioned stats, <scope>, <period>: median N ms ...` with the plain tables' median beside it.
Targets (issue 18): commune ≤ 100 ms, province ≤ 300 ms.
"""
import argparse
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402

VILLAGES = 24  # a commune's villages
PER_COMMUNE = 8000  # a commune's households
ZONE = "Asia/Ho_Chi_Minh"
NOW = "2026-11-20 03:00:00+00"
TARGETS = {"commune": 100, "province": 300}
PERIODS = (("from the start", None, None), ("a month", date(2026, 11, 1), date(2026, 11, 30)),
           ("a campaign", date(2026, 9, 15), date(2026, 11, 20)),
           ("a year", date(2026, 1, 1), date(2026, 12, 31)))
# The tables a report reads that grow with the households, partitioned in `part`. village_stats
# holds a row per village, small, but per commune like the rest.
LARGE = ("households", "members", "visits", "visit_topics", "village_stats")
ROLLUPS = ("bench_village_days", "village_day_topics", "village_months", "village_month_topics")
COUNTS = ("households", "visited", "covered", "people_level2", "people_capable", "people_online_payment",
          "visits", "knocks", "due_for_return")


# --- the data, made in SQL --------------------------------------------------------------------

def generate(cursor, households, communes, officer_id):
    """Communes 2..C with their villages (commune 1 and its villages come from the app), then
    the households, members, visits and topics of all of them."""
    from fieldapp.core.vocabulary import TOPICS

    cursor.execute("SET maintenance_work_mem = '256MB'")
    cursor.execute(f"""
        INSERT INTO communes (id, code, name, last_seq, created_at, updated_at)
        SELECT c, (20000 + c)::text, 'Xã ' || c, 0, now(), now() FROM generate_series(2, {communes}) c;
        INSERT INTO villages (id, commune_id, code, name, name_folded, deleted, seq, created_at, updated_at)
        SELECT (c - 1) * {VILLAGES} + v, c, 'T' || lpad(v::text, 2, '0'), 'Thôn ' || v, 'thon ' || v,
               false, 0, now(), now()
        FROM generate_series(2, {communes}) c, generate_series(1, {VILLAGES}) v;
        SELECT setval(pg_get_serial_sequence('communes', 'id'), (SELECT max(id) FROM communes));
        SELECT setval(pg_get_serial_sequence('villages', 'id'), (SELECT max(id) FROM villages));
        SELECT setseed(0.18);""")
    # The app's secondary indexes are built after the rows (much faster than row by row).
    cursor.execute("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                   "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ANY (%s::regclass[]) "
                   "AND NOT i.indisprimary AND NOT i.indisunique",
                   (["households", "members", "visits", "visit_topics"],))
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    # One row per household with what its members and visits need to agree with it: the
    # household g of commune (g mod C); 1 % inactive; 0-3 visits (the last one's outcome
    # decides the status), 35 % of the visited covered (its first member capable).
    cursor.execute(f"""
        CREATE TEMP TABLE plan AS
        SELECT g, md5('h' || g)::uuid AS id, c AS commune_id,
               (c - 1) * {VILLAGES} + ((g - 1) / {communes}) % {VILLAGES} + 1 AS village_id,
               1 + floor(random() * 4)::int AS people, inactive, visits,
               visits > 0 AND NOT inactive AND random() < 0.35 AS covered,
               CASE WHEN visits > 0 THEN timestamptz '{NOW}' - random() * interval '180 days' END AS last_at,
               (ARRAY['met', 'met', 'not_home', 'refused'])[1 + floor(random() * 4)::int] AS outcome,
               random() < 0.3 AS dated
        FROM (SELECT g, (g - 1) % {communes} + 1 AS c, random() < 0.01 AS inactive,
                     (ARRAY[0, 1, 1, 2, 2, 3])[1 + floor(random() * 6)::int] AS visits
              FROM generate_series(1, {households}) g) drawn""")
    cursor.execute("""
        UPDATE plan SET outcome = 'met' WHERE covered;
        UPDATE plan SET outcome = NULL WHERE visits = 0""")
    cursor.execute(f"""
        INSERT INTO households (id, commune_id, village_id, head_name, consent, inactive, status,
                                member_count, version, search_text, field_stamps, deleted, seq, created_at,
                                updated_at, last_visit_at, last_outcome, next_visit_on, covered_at,
                                covered_by_id)
        SELECT id, commune_id, village_id, 'Hộ ' || g, 'given', inactive,
               CASE WHEN inactive THEN 'inactive' WHEN covered THEN 'covered' WHEN visits = 0 THEN 'unvisited'
                    WHEN outcome = 'met' THEN 'in_progress' ELSE outcome END,
               people, 1, '', '{{}}', false, 0, '{NOW}', '{NOW}', last_at, outcome,
               CASE WHEN dated AND visits > 0 AND NOT covered
                    THEN (timestamptz '{NOW}' + (floor(random() * 41) - 20) * interval '1 day')::date END,
               CASE WHEN covered THEN last_at END, CASE WHEN covered THEN {officer_id} END
        FROM plan""")
    capable = "(covered AND m = 1)"
    cursor.execute(f"""
        INSERT INTO members (id, commune_id, household_id, village_id, full_name, is_head,
                             skill_vneid_installed, skill_vneid_level2, skill_vneid_login, skill_dvc_login,
                             skill_dvc_submit, skill_online_payment, skill_rating, skill_cyber_safety,
                             skill_digital_signature, capable, version, field_stamps, deleted, seq,
                             created_at, updated_at)
        SELECT md5('m' || g || '-' || m)::uuid, commune_id, id, village_id, 'Người ' || m, m = 1,
               {capable} OR random() < 0.7, {capable} OR random() < 0.55, {capable} OR random() < 0.5,
               {capable} OR random() < 0.35, {capable}, random() < 0.2, random() < 0.2, random() < 0.3,
               random() < 0.05, {capable}, 1, '{{}}', false, 0, '{NOW}', '{NOW}'
        FROM plan, generate_series(1, people) m""")
    cursor.execute(f"""
        INSERT INTO visits (id, commune_id, household_id, village_id, volunteer_id, visited_at, received_at,
                            clock_adjusted, outcome, people_guided, seq)
        SELECT md5('v' || g || '-' || k)::uuid, commune_id, id, village_id, {officer_id},
               at, at, false, picked, (picked = 'met')::int, 0
        FROM plan, generate_series(1, visits) k,
             LATERAL (SELECT last_at - (visits - k) * interval '10 days' AS at,
                             CASE WHEN k = visits THEN outcome
                                  ELSE (ARRAY['met', 'met', 'not_home', 'refused'])
                                       [1 + abs(hashtext(g || '-' || k)) % 4]
                             END AS picked) o""")
    topics = ", ".join(f"'{t}'" for t in TOPICS)
    cursor.execute(f"""
        INSERT INTO visit_topics (visit_id, topic, commune_id)
        SELECT DISTINCT v.id, (ARRAY[{topics}])[1 + abs(hashtext(v.id::text || i)) % {len(TOPICS)}],
               v.commune_id
        FROM visits v, generate_series(1, 1 + abs(hashtext(v.id::text)) % 2) i
        WHERE v.outcome = 'met'""")
    cursor.execute("DROP TABLE plan")
    for _, definition in indexes:
        cursor.execute(definition)


def build_rollups(cursor):
    """Per village and local day: the knocks and guidance visits made, the households first
    visited and the households covered that day (active ones, as the reports count them), and
    the guidance visits by topic. Built from the rows as they are now; keeping them right under
    writes, moves, erasures and households made inactive is issue 18 item 1's work."""
    active = "h.inactive IS false AND (h.deleted IS false OR h.erased_at IS NOT NULL)"
    day = f"(timezone('{ZONE}', {{0}}))::date"
    cursor.execute(f"""
        CREATE TABLE bench_village_days (
            commune_id int NOT NULL, village_id int NOT NULL, day date NOT NULL,
            knocks int NOT NULL, visits int NOT NULL, first_visited int NOT NULL, covered int NOT NULL,
            visited_total int, covered_total int, PRIMARY KEY (village_id, day));
        CREATE INDEX ix_bench_village_days_commune_id ON bench_village_days (commune_id);
        CREATE TABLE village_day_topics (
            commune_id int NOT NULL, village_id int NOT NULL, day date NOT NULL, topic varchar(30) NOT NULL,
            visits int NOT NULL, PRIMARY KEY (village_id, day, topic));
        CREATE INDEX ix_village_day_topics_commune_id ON village_day_topics (commune_id);
        INSERT INTO bench_village_days
        SELECT commune_id, village_id, day, sum(knocks), sum(visits), sum(first_visited), sum(covered), 0, 0
        FROM (SELECT commune_id, village_id, {day.format('visited_at')} AS day, 1 AS knocks,
                     (outcome = 'met')::int AS visits, 0 AS first_visited, 0 AS covered FROM visits
              UNION ALL
              SELECT h.commune_id, h.village_id, {day.format('min(v.visited_at)')}, 0, 0, 1, 0
              FROM households h JOIN visits v ON v.household_id = h.id AND v.commune_id = h.commune_id
              WHERE {active} GROUP BY h.id
              UNION ALL
              SELECT h.commune_id, h.village_id, {day.format('h.covered_at')}, 0, 0, 0, 1
              FROM households h WHERE h.status = 'covered' AND {active}) rows
        GROUP BY commune_id, village_id, day;
        UPDATE bench_village_days d SET visited_total = t.visited_total, covered_total = t.covered_total
        FROM (SELECT village_id, day,
                     sum(first_visited) OVER (PARTITION BY village_id ORDER BY day) AS visited_total,
                     sum(covered) OVER (PARTITION BY village_id ORDER BY day) AS covered_total
              FROM bench_village_days) t
        WHERE t.village_id = d.village_id AND t.day = d.day;
        INSERT INTO village_day_topics
        SELECT v.commune_id, v.village_id, {day.format('v.visited_at')}, t.topic, count(*)
        FROM visits v JOIN visit_topics t ON t.visit_id = v.id AND t.commune_id = v.commune_id
        WHERE v.outcome = 'met' GROUP BY 1, 2, 3, 4;
        CREATE TABLE village_months (
            commune_id int NOT NULL, village_id int NOT NULL, month date NOT NULL,
            knocks int NOT NULL, visits int NOT NULL, PRIMARY KEY (village_id, month));
        CREATE INDEX ix_village_months_commune_id ON village_months (commune_id);
        INSERT INTO village_months SELECT commune_id, village_id, date_trunc('month', day)::date,
                                          sum(knocks), sum(visits)
        FROM bench_village_days GROUP BY 1, 2, 3;
        CREATE TABLE village_month_topics (
            commune_id int NOT NULL, village_id int NOT NULL, month date NOT NULL, topic varchar(30) NOT NULL,
            visits int NOT NULL, PRIMARY KEY (village_id, month, topic));
        CREATE INDEX ix_village_month_topics_commune_id ON village_month_topics (commune_id);
        INSERT INTO village_month_topics SELECT commune_id, village_id, date_trunc('month', day)::date, topic,
                                                sum(visits)
        FROM village_day_topics GROUP BY 1, 2, 3, 4""")


def primary_key(cursor, table):
    cursor.execute("""SELECT a.attname FROM pg_index i
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                         WHERE i.indrelid = %s::regclass AND i.indisprimary
                      ORDER BY array_position(i.indkey, a.attnum)""",
                   (f"public.{table}",))
    return [row[0] for row in cursor.fetchall()]


def partition(cursor, table, partitions):
    """part.<table>: the plain table's columns, defaults and checks, PARTITION BY HASH
    (commune_id) into `partitions`, its rows copied, its primary key with commune_id first and
    the plain table's other indexes. Returns what could not be kept as it is."""
    cursor.execute(f"CREATE TABLE part.{table} (LIKE public.{table} INCLUDING DEFAULTS "
                   "INCLUDING CONSTRAINTS) PARTITION BY HASH (commune_id)")
    for remainder in range(partitions):
        cursor.execute(f"CREATE TABLE part.{table}_p{remainder:02d} PARTITION OF part.{table} "
                       f"FOR VALUES WITH (MODULUS {partitions}, REMAINDER {remainder})")
    cursor.execute(f"INSERT INTO part.{table} SELECT * FROM public.{table}")
    key = primary_key(cursor, table)
    cursor.execute(f"ALTER TABLE part.{table} ADD PRIMARY KEY "
                   f"({', '.join(['commune_id', *(c for c in key if c != 'commune_id')])})")
    changed = ([f"{table}: primary key ({', '.join(key)}) → (commune_id, …)"]
               if "commune_id" not in key else [])
    cursor.execute("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                   "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
                   "AND NOT i.indisprimary", (f"public.{table}",))
    for name, definition in cursor.fetchall():
        built = definition.replace(f" ON public.{table} ", f" ON part.{table} ")
        if " UNIQUE " in definition and "commune_id" not in definition.split(" USING ")[1]:
            changed.append(f"{table}: unique index {name} cannot be kept without commune_id")
            continue
        cursor.execute(built)
    return changed


def load(url, households, partitions):
    """Migrate, generate, summarise (through the app), roll up, partition, vacuum. Returns the
    app, the communes' count and what partitioning had to change."""
    import psycopg

    communes = max(2, round(households / PER_COMMUNE))
    ids = harness.prepare_database(url, villages=tuple(f"T{v:02d}" for v in range(1, VILLAGES + 1)),
                                   users=(("officer", "officer", ()), ("admin", "admin", ())))
    assert ids["commune_id"] == 1 and sorted(ids["villages"].values()) == list(range(1, VILLAGES + 1))
    started = time.perf_counter()
    with psycopg.connect(plain_url(url), autocommit=True) as connection, connection.cursor() as cursor:
        generate(cursor, households, communes, ids["users"]["officer"])
        cursor.execute("VACUUM ANALYZE")
    harness.log(f"generated {households:,} households in {communes} communes: "
                f"{time.perf_counter() - started:.0f} s")
    from fieldapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": harness.SECRET_KEY})
    started = time.perf_counter()
    api_reports = app_reports(app)  # the first one counts every village summary (village_stats)
    harness.log("the app's reports through its API (the summaries counted): "
                f"{time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    changed = []
    with psycopg.connect(plain_url(url), autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        build_rollups(cursor)
        cursor.execute("CREATE SCHEMA part")
        for table in (*LARGE, *ROLLUPS):
            with connection.transaction():  # one commit a table, not one per partition and index
                changed += partition(cursor, table, partitions)
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does on a live database
    harness.log(f"rollups and the partitioned copy ({partitions} partitions a table): "
                f"{time.perf_counter() - started:.0f} s")
    return app, communes, api_reports, changed


def plain_url(url):
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# --- the reports --------------------------------------------------------------------------------

def blank():
    return {**dict.fromkeys(COUNTS, 0), "visits_by_topic": {}}


def app_reports(app):
    """{(scope, period): {village_id: counts}} as the app's API answers them (plain tables)."""
    answers = {}
    for username, scope in (("admin", "province"), ("officer", "commune")):
        client = app.test_client()
        response = client.post("/api/v1/session", json={"username": username, "password": harness.PASSWORD})
        assert response.status_code == 200, response.get_data()[:300]
        for period, first, last in PERIODS:
            query = f"?date_from={first.isoformat()}&date_to={last.isoformat()}" if first else ""
            response = client.get(f"/api/v1/stats/coverage{query}")
            assert response.status_code == 200, response.get_data()[:300]
            answers[scope, period] = {
                row["village_id"]: {**{key: row[key] for key in COUNTS},
                                    "visits_by_topic": {t: n for t, n in row["visits_by_topic"].items() if n}}
                for row in response.get_json()["villages"]}
    return answers


def month_after(day):
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def rollup_statements(commune_id, village_ids, first, last):
    """A dated report's counts from the rollups, at a cost that does not grow with the history:
    "visited" and "covered" by the end are one row per village (the running totals of its
    latest day on or before it, one index probe each); the period's visits, knocks and topics
    are its whole months from the months' table plus the days at its edges."""
    scope = f"commune_id = {commune_id} AND " if commune_id is not None else ""
    ids = ", ".join(map(str, village_ids))
    start = first if first.day == 1 else month_after(first)  # the first whole month
    end = start  # the first day after the last whole month
    while month_after(end) - timedelta(days=1) <= last:
        end = month_after(end)
    if end == start:  # no whole month: the days alone
        edges = f"day >= '{first}' AND day <= '{last}'"
    else:
        edges = f"(day >= '{first}' AND day < '{start}') OR (day >= '{end}' AND day <= '{last}')"
    months = f"month >= '{start}' AND month < '{end}'"
    totals = f"""
        SELECT v.id AS village_id, d.visited_total AS visited, d.covered_total AS covered
        FROM villages v CROSS JOIN LATERAL (
            SELECT visited_total, covered_total FROM bench_village_days d
            WHERE d.commune_id = v.commune_id AND d.village_id = v.id AND d.day <= '{last}'
            ORDER BY d.day DESC LIMIT 1) d
        WHERE v.id IN ({ids})"""
    work = f"""
        SELECT village_id, sum(visits) AS visits, sum(knocks) AS knocks FROM (
            SELECT village_id, visits, knocks FROM village_months
            WHERE {scope}village_id IN ({ids}) AND {months}
            UNION ALL
            SELECT village_id, visits, knocks FROM bench_village_days
            WHERE {scope}village_id IN ({ids}) AND ({edges})
        ) rows GROUP BY village_id"""
    topics = f"""
        SELECT village_id, topic, sum(visits) AS visits FROM (
            SELECT village_id, topic, visits FROM village_month_topics
            WHERE {scope}village_id IN ({ids}) AND {months}
            UNION ALL
            SELECT village_id, topic, visits FROM village_day_topics
            WHERE {scope}village_id IN ({ids}) AND ({edges})
        ) rows GROUP BY village_id, topic"""
    return [totals, work, topics]


class Reports:
    """The SQL of each report, compiled once with its values, for one scope and period."""

    def __init__(self, app, commune_id, village_ids, first, last):
        from sqlalchemy import select

        from fieldapp.dashboard import queries
        from fieldapp.dashboard.models import VillageStats
        from fieldapp.dashboard.summary import SAVED
        from fieldapp.extensions import db

        self.village_ids = village_ids
        with app.app_context():
            span = queries.period(first, last, ZONE)

            def sql(statement):
                return str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))

            summaries = sql(select(VillageStats.village_id, *(getattr(VillageStats, k) for k in SAVED))
                            .where(VillageStats.village_id.in_(village_ids)))
            due = sql(queries.due_counts(commune_id, village_ids, span))
            self.counted = [sql(queries.household_counts(commune_id, village_ids, span)),
                            sql(queries.people_counts(commune_id, village_ids)),
                            sql(queries.visit_counts(commune_id, village_ids, span)),
                            sql(queries.topic_counts(commune_id, village_ids, span))]
        self.summaries = [summaries, due]
        self.rollups = None
        if last is not None:
            self.rollups = [summaries, due, *rollup_statements(commune_id, village_ids, first, last)]

    def ways(self):
        """(label, statements, reader) of each way this report can be answered."""
        if self.rollups is None:
            return (("", self.summaries, self.read_summaries),)
        return (("", self.rollups, self.read_rollups), ("counted", self.counted, self.read_counted))

    def _by_village(self):
        return {village_id: blank() for village_id in self.village_ids}

    def read_summaries(self, results):
        answer = self._by_village()
        for row in results[0]:
            village = answer[row["village_id"]]
            village.update((key, row[key]) for key in COUNTS if key in row)
            village["visits_by_topic"] = {t: n for t, n in row["visits_by_topic"].items() if n}
        for row in results[1]:
            answer[row["village_id"]]["due_for_return"] = int(row["due_for_return"])
        return answer

    def read_rollups(self, results):
        """Households and people now from the summaries (they are not dated), the rest from
        the days up to the period's end."""
        answer = self.read_summaries(results[:2])
        for village in answer.values():  # a village with no visit by the end has no row
            village.update(visited=0, covered=0, visits=0, knocks=0, visits_by_topic={})
        for rows in results[2:4]:
            for row in rows:
                answer[row["village_id"]].update(
                    (key, int(row[key])) for key in ("visited", "covered", "visits", "knocks") if key in row)
        for village_id, topic, visits in (row.values() for row in results[4]):
            answer[village_id]["visits_by_topic"][topic] = int(visits)
        return answer

    def read_counted(self, results):
        """The app's counting statements; their columns beyond the indicators compared (the
        groups' figures) are left aside."""
        answer = self._by_village()
        for rows in results[:3]:
            for row in rows:
                answer[row["village_id"]].update((key, int(row[key])) for key in COUNTS if key in row)
        for village_id, topic, visits in (row.values() for row in results[3]):
            answer[village_id]["visits_by_topic"][topic] = int(visits)
        return answer


def run(cursor, layout, statements):
    """Run the report's statements on one layout; (milliseconds, the rows of each as dicts)."""
    cursor.execute(f"SET search_path = {'part, public' if layout == 'part' else 'public'}")
    started = time.perf_counter()
    results = []
    for statement in statements:
        cursor.execute(statement)
        results.append(cursor.fetchall())
    return (time.perf_counter() - started) * 1000, results


def pruning(cursor, reports):
    """How many partitions of households the commune's dated report reads."""
    cursor.execute("SET search_path = part, public")
    cursor.execute(f"EXPLAIN (COSTS OFF) {reports.counted[0]}")
    plan = "\n".join(row["QUERY PLAN"] for row in cursor.fetchall())
    return len(set(re.findall(r"\bhouseholds_p(\d+)\b", plan)))  # tables, not their indexes (_p05_…)


def planning(cursor, layout, statements):
    """(planning, execution) ms of the report's statements on one layout, by EXPLAIN ANALYZE."""
    cursor.execute(f"SET search_path = {'part, public' if layout == 'part' else 'public'}")
    totals = [0.0, 0.0]
    for statement in statements:
        cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) {statement}")
        plan = cursor.fetchone()["QUERY PLAN"][0]
        totals[0] += plan["Planning Time"]
        totals[1] += plan["Execution Time"]
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=32)
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each report on each layout")
    parser.add_argument("--time-limit", type=int, default=1800)
    parser.add_argument("--database", default="fieldapp_bench_partitioned",
                        help="the database made (and dropped) for the run")
    args = parser.parse_args()
    harness.bound_run_time(args.time_limit)
    import psycopg
    from psycopg.rows import dict_row

    wrong = 0
    with (harness.workdir() as work,
          harness.fresh_database("postgresql", args.database, work) as url):
        app, communes, api, changed = load(url, args.households, args.partitions)
        print(f"{args.households:,} households in {communes} communes of {VILLAGES} villages, "
              f"{args.partitions} hash partitions a table; {harness.machine()}")
        for change in changed:
            print(f"partitioning changed: {change}")
        with (psycopg.connect(plain_url(url), autocommit=True, row_factory=dict_row) as connection,
              connection.cursor() as cursor):
            cursor.execute("SELECT id FROM villages WHERE deleted IS false ORDER BY id")
            every_village = [row["id"] for row in cursor.fetchall()]
            scopes = (("commune", 1, every_village[:VILLAGES]), ("province", None, every_village))
            for scope, commune_id, village_ids in scopes:
                for period, first, last in PERIODS:
                    reports = Reports(app, commune_id, village_ids, first, last)
                    if scope == "commune" and period == "a month":
                        print(f"the commune's dated report reads {pruning(cursor, reports)} of "
                              f"{args.partitions} partitions of households")
                    for way, statements, reader in reports.ways():
                        label = f"{scope}, {period}{', ' + way if way else ''}"
                        timings = {"public": [], "part": []}
                        for layout in ("public", "part"):  # checked first: the same numbers everywhere
                            _, results = run(cursor, layout, statements)
                            if reader(results) != api[scope, period]:
                                wrong += 1
                                print(f"WRONG: {label}, {layout}: not the app's report")
                        # slow reports run fewer times: the province counted takes seconds
                        probe = run(cursor, "part", statements)[0]
                        runs = 1 if probe > 5000 else 3 if probe > 1000 else args.runs
                        for _ in range(runs):
                            for layout in ("public", "part"):
                                timings[layout].append(run(cursor, layout, statements)[0])
                        median = statistics.median(timings["part"])
                        target = TARGETS[scope]
                        print(f"partitioned stats, {label}: median {median:.0f} ms, "
                              f"worst {max(timings['part']):.0f} ms "
                              f"({len(timings['part'])} runs); plain tables: median "
                              f"{statistics.median(timings['public']):.0f} ms; target ≤ {target} ms: "
                              f"{'met' if median <= target else 'NOT met'}")
                        if scope == "province" and way != "counted":  # where partitions cost
                            split = {layout: planning(cursor, layout, statements)
                                     for layout in ("part", "public")}
                            print(f"  of which planning / execution: partitioned {split['part'][0]:.0f} / "
                                  f"{split['part'][1]:.0f} ms, plain {split['public'][0]:.0f} / "
                                  f"{split['public'][1]:.0f} ms")
            cursor.execute("""SELECT n.nspname, sum(pg_total_relation_size(c.oid)) FROM pg_class c
                              JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE c.relkind = 'r' AND n.nspname IN ('public', 'part')
                                AND (n.nspname = 'part' OR c.relname = ANY (%s)) GROUP BY 1 ORDER BY 1""",
                           (list(LARGE + ROLLUPS),))
            for schema, size in (row.values() for row in cursor.fetchall()):
                layout = "partitioned" if schema == "part" else "plain"
                print(f"size of the report's tables with their indexes, {layout}: {size / 2**20:,.0f} MiB")
    if wrong:
        print(f"{wrong} answers differ from the app's report")
        sys.exit(1)


if __name__ == "__main__":
    main()
