"""The per-day rollups of dated reports (dashboard/rollups.py) give the numbers the records give.

Random histories go through the public surface (phones' pushes, the office's erasure, the
duplicates' merge): households made, visits of any outcome and topics by several volunteers,
skill changes that cover or uncover a household, moves between villages, households made
inactive, erasures and merges; between their steps, reports for random periods come from the
stats API (the rollups, counted again where a write made them stale) and are checked against
the live count of the records (dashboard/queries.py `count_records`), the volunteers'
ranking (rollups) against its live count (dashboard/activity.py `counted_work`), and the
leader's weekly trend (rollups) against the households' count (dashboard/trend.py). A history may
also be counted again from existing data, as after an upgrade, by migration 0019 or by
`flask rebuild-rollups`.
"""
import importlib.util
import os
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, select, text, update

from fieldapp.core.vocabulary import DEFAULT_COVERAGE_RULE, OUTCOMES, TOPICS
from fieldapp.dashboard import queries, rollups
from fieldapp.dashboard.activity import VillageRef, counted_work, volunteer_activity
from fieldapp.dashboard.models import VillageDay, VillageStats, VolunteerDay
from fieldapp.dashboard.trend import counted_weekly_covered, weekly_covered
from fieldapp.extensions import db, limiter
from tests.phones import new_id, op

ZONE = "Asia/Ho_Chi_Minh"
START = datetime(2026, 1, 1, tzinfo=UTC)  # histories span January and February 2026
DAYS = 60
SKILLED = dict.fromkeys(DEFAULT_COVERAGE_RULE, True)
UNSKILLED = dict.fromkeys(DEFAULT_COVERAGE_RULE, False)
VISITORS = {"t01": ("lan", "tuan", "officer"), "t02": ("hoa", "officer")}


def moment(day, minute):
    return START + timedelta(days=day, minutes=minute)


def period_of(first, length):
    """(date_from, date_to) of a random period; either end may be open."""
    date_from = None if first < 0 else date(2026, 1, 1) + timedelta(days=first)
    date_to = None if length < 0 else (date_from or date(2026, 1, 1)) + timedelta(days=length)
    return date_from, date_to


DAY = st.integers(0, DAYS)
MINUTE = st.integers(0, 24 * 60 - 1)  # some visits fall before 07:00 Hanoi time: the day before
PERIOD = st.tuples(st.integers(-1, DAYS), st.integers(-1, 31))  # up to a month; or open
NEW = st.tuples(st.just("new"), st.sampled_from(("t01", "t02")), DAY, MINUTE, st.integers(0, 3),
                st.booleans())
# A return date, or none (a not-home visit without one falls due some days after it).
RETURN = st.one_of(st.none(), st.integers(0, DAYS + 10))
VISIT = st.tuples(st.just("visit"), st.integers(0, 8), DAY, MINUTE, st.sampled_from(sorted(OUTCOMES)),
                  st.sets(st.sampled_from(sorted(TOPICS)), max_size=3), st.integers(0, 2), RETURN)
STEP = st.one_of(
    NEW, VISIT, VISIT, VISIT,  # visits most often: several to a household, on different days
    st.tuples(st.just("skills"), st.integers(0, 8), DAY, MINUTE, st.booleans()),
    st.tuples(st.just("inactive"), st.integers(0, 8), DAY),
    st.tuples(st.just("move"), st.integers(0, 8), DAY),
    st.tuples(st.just("erase"), st.integers(0, 8)),
    st.tuples(st.just("merge"), st.integers(0, 8), st.integers(0, 8)),
    st.tuples(st.just("check"), PERIOD),
    st.tuples(st.just("rebuild"), st.sampled_from(("migration", "command"))),
)


class History:
    """Households made through the phones, with what the test needs to address them."""

    def __init__(self, team, phone, runner=None):
        self.team, self.phone, self.runner = team, phone, runner
        self.commune_id = team["commune"].id
        self.phones = {}
        self.homes = []  # {"id", "village", "members", "gone"}

    def device(self, name):
        if name not in self.phones:
            self.phones[name] = self.phone(name)
        return self.phones[name]

    def push(self, name, *ops):
        results = self.device(name).push(*ops)
        assert all(r["status"] in ("applied", "conflict", "rejected") for r in results), results
        return results

    def home(self, index):
        live = [home for home in self.homes if not home["gone"]]
        return live[index % len(live)] if live else None

    def run(self, step):
        kind = step[0]
        if kind == "new":
            _, village, day, minute, people, skilled = step
            home = {"id": new_id(), "village": village, "members": [new_id() for _ in range(people)],
                    "gone": False}
            when = moment(day, minute).isoformat()
            ops = [op("household.upsert", home["id"],
                      {"village_id": self.team[village].id, "head_name": "Hộ"}, when=when)]
            ops += [op("member.upsert", person, {"household_id": home["id"], "full_name": "Người",
                                                 "skills": SKILLED if skilled and not n else {}}, when=when)
                    for n, person in enumerate(home["members"])]
            assert {r["status"] for r in self.push("officer", *ops)} == {"applied"}
            self.homes.append(home)
            return
        if kind == "check":
            return
        if kind == "rebuild":
            as_before_upgrade()
            if step[1] == "migration":
                run_rollups_migration()
            else:
                result = self.runner.invoke(args=["rebuild-rollups"])
                assert result.exit_code == 0, result.output
            assert stale_villages() == []
            return
        if kind == "merge":
            one, other = self.home(step[1]), self.home(step[2])
            if one is None or one is other or one["village"] != other["village"]:
                return
            leader = self.device("leader")
            response = leader.client.post(f"/api/v1/households/{one['id']}/merge", json={"into": other["id"]},
                                          headers={"X-CSRFToken": leader.token})
            assert response.status_code in (200, 409, 422), response.get_json()
            if response.status_code == 200:
                one["gone"] = True
                other["members"] += one["members"]
            return
        home = self.home(step[1])
        if home is None:
            return
        if kind == "visit":
            _, _, day, minute, outcome, topics, who, *back_on = step
            back_on = back_on[0] if back_on else None
            visitors = VISITORS[home["village"]]
            at = moment(day, minute).isoformat()
            back_on = None if back_on is None else (date(2026, 1, 1) + timedelta(days=back_on)).isoformat()
            self.push(visitors[who % len(visitors)], op(
                "visit.create", new_id(), {"household_id": home["id"], "visited_at": at, "outcome": outcome,
                                           "topics": sorted(topics) if outcome == "met" else [],
                                           "next_visit_on": back_on}, when=at))
        elif kind == "skills" and home["members"]:
            _, _, day, minute, skilled = step
            self.push("officer", op("member.upsert", home["members"][0],
                                    {"skills": SKILLED if skilled else UNSKILLED},
                                    when=moment(day, minute).isoformat()))
        elif kind == "inactive":
            self.push("officer", op("household.deactivate", home["id"], {"inactive_reason": "Chuyển đi"},
                                    when=moment(step[2], 600).isoformat()))
        elif kind == "move":
            home["village"] = "t02" if home["village"] == "t01" else "t01"
            self.push("officer", op("household.upsert", home["id"],
                                    {"village_id": self.team[home["village"]].id},
                                    when=moment(step[2], 660).isoformat()))
        elif kind == "erase":
            officer = self.device("officer")
            response = officer.client.post(f"/office/households/{home['id']}/erase",
                                           data={"csrf_token": officer.token, "confirm": "yes"})
            assert response.status_code in (200, 302), response.status_code
            home["gone"] = True


def as_before_upgrade():
    """The rollups as migration 0017 leaves existing data: none, every village to be counted."""
    db.session.execute(delete(VillageDay))
    db.session.execute(delete(VolunteerDay))
    db.session.execute(update(VillageStats).values(days_counted=-1))
    db.session.commit()


def run_migration(number):
    """A migration's upgrade, on its own connection as `flask db upgrade` runs it."""
    [path] = (Path(__file__).resolve().parents[2] / "migrations" / "versions").glob(f"{number}_*.py")
    spec = importlib.util.spec_from_file_location(f"migration_{number}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        migration.upgrade()


def run_rollups_migration():
    """Migration 0019's upgrade: every village's rollups counted from existing data."""
    run_migration("0019")


@contextmanager
def writes():
    """The statements other than SELECT run on the database meanwhile (a list, filled)."""
    written = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith("SELECT"):
            written.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield written
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def stale_villages():
    db.session.commit()
    return db.session.scalars(select(VillageStats.village_id).where(
        VillageStats.days_counted != VillageStats.changes)).all()


def live_counts(commune_id, village_ids, date_from, date_to):
    span = queries.period(date_from, date_to, ZONE)
    by_village = {village_id: queries.blank_indicators() for village_id in village_ids}
    return queries.count_records(by_village, commune_id, span)


def check(history, date_from, date_to):
    officer = history.device("officer")
    query = {key: day.isoformat() for key, day in (("date_from", date_from), ("date_to", date_to)) if day}
    response = officer.client.get("/api/v1/stats/coverage", query_string=query)
    assert response.status_code == 200, response.get_json()
    reported = {row["village_id"]: row for row in response.get_json()["villages"]}
    ids = sorted(reported)
    db.session.commit()  # a new transaction: it sees what the requests committed
    live = live_counts(history.commune_id, ids, date_from, date_to)
    for village_id in ids:
        got = {key: reported[village_id][key] for key in (*queries.COUNTS, "visits_by_topic", "groups")}
        assert got == live[village_id], (village_id, date_from, date_to)
    span = queries.period(date_from, date_to, ZONE)
    villages = [VillageRef(village_id, history.commune_id) for village_id in ids]
    assert rollups.volunteer_counts(villages, span) == counted_work(history.commune_id, ids, span)
    # The leader's weekly trend of covered %, up to the period's end (12 weeks: all the history).
    trend = (history.commune_id, ids, 12, date_to or date(2026, 3, 8), ZONE, date(2026, 3, 1))
    assert weekly_covered(*trend) == counted_weekly_covered(*trend)
    db.session.commit()


@pytest.fixture
def app_settings():
    return {"BABEL_DEFAULT_TIMEZONE": ZONE}


@settings(max_examples=int(os.environ.get("FIELDAPP_ROLLUP_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(homes=st.lists(NEW, min_size=2, max_size=6), steps=st.lists(STEP, min_size=5, max_size=25),
       periods=st.lists(PERIOD, min_size=3, max_size=5))
def test_rollups_give_the_numbers_of_the_records_for_any_period(app, team, phone, runner, homes, steps,
                                                                periods):
    # Examples share the database (the fixtures run once per test): each adds its own households,
    # and the check covers everything there, as a live deployment's reports do.
    limiter.reset()  # each example logs its phones in again
    history = History(team, phone, runner)
    for step in homes + steps:
        history.run(step)
        if step[0] == "check":
            check(history, *period_of(*step[1]))
    for first, length in periods:
        check(history, *period_of(first, length))


def test_a_month_report_reads_the_rollups_and_follows_each_write(app, team, phone):
    history = History(team, phone)
    history.run(("new", "t01", 10, 60, 2, True))
    history.run(("visit", 0, 12, 120, "met", {"vneid_login"}, 0))
    check(history, date(2026, 1, 1), date(2026, 1, 31))
    t01 = team["t01"].id
    days = db.session.execute(
        select(VillageDay.day, VillageDay.visited, VillageDay.covered, VillageDay.visits)
        .where(VillageDay.village_id == t01).order_by(VillageDay.day)).all()
    # Covered on the day the household came in (its head already skilled), visited two days later.
    assert [tuple(row) for row in days] == [(date(2026, 1, 11), 0, 1, 0), (date(2026, 1, 13), 1, 1, 1)]
    stats = db.session.get(VillageStats, t01)
    assert stats.days_counted == stats.changes
    db.session.commit()
    history.run(("visit", 0, 40, 120, "not_home", set(), 1))  # in February: stale, then counted again
    check(history, date(2026, 2, 1), date(2026, 2, 28))
    check(history, date(2026, 1, 1), date(2026, 1, 31))
    history.run(("move", 0, 41))
    check(history, date(2026, 1, 1), date(2026, 3, 31))
    history.run(("inactive", 0, 50))
    check(history, None, date(2026, 3, 31))
    rows = volunteer_activity(team["commune"].id, [t01, team["t02"].id], queries.period(None, None, ZONE))
    # The officer covered the household when recording it, but an inactive one credits no one.
    assert {row["user"].username: (row["visits"], row["knocks"], row["covered"]) for row in rows} == {
        "lan": (1, 1, 0), "tuan": (0, 1, 0)}


def test_a_report_in_another_zone_counts_the_records(app, team, phone):
    history = History(team, phone)
    history.run(("new", "t01", 10, 60, 1, False))
    history.run(("visit", 0, 12, 120, "met", set(), 0))
    span = queries.period(date(2026, 1, 1), date(2026, 1, 31), "UTC")
    assert not rollups.usable(span)
    assert rollups.usable(queries.period(date(2026, 1, 1), date(2026, 1, 31), ZONE))


def test_rebuild_rollups_counts_every_village_again(app, team, phone, runner):
    history = History(team, phone)
    history.run(("new", "t01", 10, 60, 1, True))
    history.run(("visit", 0, 12, 120, "met", {"materials"}, 0))
    check(history, date(2026, 1, 1), date(2026, 1, 31))
    db.session.execute(VillageDay.__table__.update().values(visits=99))  # rows gone wrong
    db.session.commit()
    result = runner.invoke(args=["rebuild-rollups"])
    assert result.exit_code == 0, result.output
    assert "2 villages" in result.output
    db.session.commit()
    visits = select(VillageDay.visits).where(VillageDay.village_id == team["t01"].id).order_by(VillageDay.day)
    assert db.session.scalars(visits).all() == [0, 1]
    check(history, date(2026, 1, 1), date(2026, 1, 31))


def test_the_migration_counts_existing_data_and_reports_then_only_read(app, team, phone):
    history = History(team, phone)
    for step in (("new", "t01", 3, 60, 2, True), ("new", "t02", 5, 1000, 1, False),
                 ("new", "t01", 8, 30, 1, False), ("visit", 0, 4, 100, "met", {"materials", "rating"}, 1),
                 ("visit", 1, 6, 1430, "met", {"materials"}, 0),  # 06:50 on 8 January in Hanoi
                 ("visit", 2, 20, 200, "refused", set(), 0), ("visit", 1, 33, 10, "not_home", set(), 1),
                 ("skills", 1, 34, 60, True), ("move", 2, 35), ("inactive", 0, 40)):
        history.run(step)
    check(history, date(2026, 1, 1), date(2026, 1, 31))  # every village has its summary row
    as_before_upgrade()
    run_rollups_migration()
    assert stale_villages() == []
    assert db.session.scalar(select(VillageDay.visits_by_topic).where(
        VillageDay.village_id == team["t02"].id, VillageDay.day == date(2026, 1, 8))) == {"materials": 1}
    with writes() as written:
        for date_from, date_to in ((date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), None),
                                   (None, date(2026, 1, 6))):
            check(history, date_from, date_to)
    assert not [statement for statement in written if "village_" in statement]


def test_the_due_days_migration_counts_the_counted_villages_return_visits(app, team, phone):
    history = History(team, phone)
    for step in (("new", "t01", 3, 60, 1, False), ("new", "t02", 5, 1000, 1, False),
                 ("new", "t01", 8, 30, 1, False),
                 ("visit", 0, 4, 100, "met", set(), 1, 20),  # back on 21 January
                 ("visit", 1, 6, 1430, "not_home", set(), 0),  # 06:50 on 8 January in Hanoi: due 2 days after
                 ("visit", 2, 20, 200, "refused", set(), 0, 40)):
        history.run(step)
    check(history, None, date(2026, 1, 31))  # every village has its summary and rollups
    db.session.execute(text("DROP TABLE village_due_days"))  # as before migration 0020
    db.session.commit()
    run_migration("0020")
    assert stale_villages() == []
    for day in (9, 10, 20, 21, 40, 41):
        check(history, None, date(2026, 1, 1) + timedelta(days=day - 1))
    officer = history.device("officer")
    due = [officer.client.get("/api/v1/stats/coverage", query_string={"date_to": f"2026-{day}"})
           .get_json()["total"]["due_for_return"] for day in ("01-09", "01-10", "01-21", "02-10")]
    assert due == [0, 1, 2, 3]


def test_an_undated_report_counts_no_rollups_and_takes_the_behind_villages_due_from_the_households(
        app, team, phone):
    history = History(team, phone)
    for step in (("new", "t01", 3, 60, 1, False), ("new", "t02", 5, 1000, 1, False),
                 ("visit", 0, 4, 100, "not_home", set(), 0)):
        history.run(step)
    check(history, None, date(2026, 1, 31))  # counted: every village's rollups fresh
    history.run(("visit", 1, 6, 100, "refused", set(), 0, 9))  # t02 behind its write: back on 10 January
    assert stale_villages() == [team["t02"].id]
    with writes() as written:
        response = history.device("officer").client.get("/api/v1/stats/coverage")  # due by today
        assert response.status_code == 200, response.get_json()
    by_village = {row["village_id"]: row["due_for_return"] for row in response.get_json()["villages"]}
    assert by_village == {team["t01"].id: 1, team["t02"].id: 1}  # from the due days; from the households
    assert not [statement for statement in written if "_days" in statement]
    assert stale_villages() == [team["t02"].id]
    check(history, None, None)
