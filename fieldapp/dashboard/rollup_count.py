"""The statements that count the per-day rollups (dashboard/rollups.py) from the records, in the
database: `DELETE` the villages' rows and `INSERT ... SELECT` them again, grouped by village and
local day, with running totals by window functions. Nothing comes back to Python, so counting a
province's 3,000 villages costs seconds, not minutes, and the same statements serve a report
(the few villages a write made stale), `flask rebuild-rollups` and migration 0019 (which runs
them on its own connection: they take any connection and no session).

The definitions are those of the live queries (dashboard/queries.py, dashboard/activity.py
`counted_work`): a village's day counts the visits made in it that day (knocks; the met ones
as guidance visits, with their topics), its active households first visited that day (a visit
anywhere in their commune) and its active households covered that day (`EVER` for one covered
before covered_at was stamped); a volunteer's day, the visits they made and the households
credited to them (covered_by_id, inactive ones included: the work was done).

The households due for a return visit are counted by the day each falls due (village_due_days),
with the definitions of households/queries.py `due_branches`.

A day is the local date in the deployment's zone: PostgreSQL's `timezone()`; on SQLite, which
keeps UTC text and has no zones, the function `fieldapp_local_day` that fieldapp/__init__.py
registers on every connection (core/model.py `sqlite_local_day`).
"""
from datetime import date

from sqlalchemy import (
    Date,
    Integer,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from fieldapp.dashboard.models import VillageDay, VillageDueDay, VolunteerDay
from fieldapp.households.models import Household, Visit, VisitTopic
from fieldapp.households.queries import DUE_DATED, DUE_NOT_HOME, counted

# The day of a household covered before covered_at was stamped: by the live rule it counts as
# covered in every period, so it is counted before any day a period can end on.
EVER = date(1, 1, 1)
TOTALS = ("visited", "covered", "visits", "knocks")


class local_day(FunctionElement):  # noqa: N801 (an SQL function)
    """local_day(utc_time, zone_name): the date of a stored UTC time in that zone."""

    type = Date()
    inherit_cache = True
    name = "local_day"


@compiles(local_day)
def _local_day(element, compiler, **kw):
    at, zone = element.clauses
    return f"CAST(timezone({compiler.process(zone, **kw)}, {compiler.process(at, **kw)}) AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    return f"fieldapp_local_day({compiler.process(element.clauses, **kw)})"


class json_counts(FunctionElement):  # noqa: N801 (an SQL aggregate)
    """json_counts(key, count): the group's {key: count} as a JSON object."""

    inherit_cache = True
    name = "json_counts"


@compiles(json_counts)
def _json_counts(element, compiler, **kw):
    return f"json_object_agg({compiler.process(element.clauses, **kw)})"


@compiles(json_counts, "sqlite")
def _json_counts_sqlite(element, compiler, **kw):
    return f"json_group_object({compiler.process(element.clauses, **kw)})"


def _one(condition):
    return case((condition, 1), else_=0)


ZERO, ONE = literal_column("0", Integer), literal_column("1", Integer)
_MET = Visit.outcome == "met"
_ACTIVE = Household.inactive.is_(False) & counted(Household)


def _village_rows(ids, zone):
    """SELECT of the village_days rows of these villages (a `CTE`-built statement)."""
    visits = Visit.village_id.in_(ids)
    knocks = select(Visit.commune_id, Visit.village_id, local_day(Visit.visited_at, zone).label("day"),
                    ZERO.label("visited"), ZERO.label("covered"), _one(_MET).label("visits"),
                    ONE.label("knocks")).where(visits)
    # Visited by a day's end: an active household with a visit (anywhere in its commune) before it.
    first = (select(Household.commune_id, Household.village_id, func.min(Visit.visited_at).label("at"))
             .join(Visit, (Visit.household_id == Household.id) & (Visit.commune_id == Household.commune_id))
             .where(Household.village_id.in_(ids), _ACTIVE)
             .group_by(Household.id, Household.commune_id, Household.village_id).subquery())
    visited = select(first.c.commune_id, first.c.village_id, local_day(first.c.at, zone),
                     ONE, ZERO, ZERO, ZERO)
    covered = select(Household.commune_id, Household.village_id,
                     case((Household.covered_at.is_(None), literal(EVER, Date())),
                          else_=local_day(Household.covered_at, zone)),
                     ZERO, ONE, ZERO, ZERO).where(
        Household.village_id.in_(ids), Household.status == "covered", _ACTIVE)
    events = union_all(knocks, visited, covered).subquery("events")
    daily = (select(events.c.commune_id, events.c.village_id, events.c.day,
                    *(func.sum(events.c[key]).label(key) for key in TOTALS))
             .group_by(events.c.commune_id, events.c.village_id, events.c.day).cte("daily"))
    taught = (select(Visit.village_id, local_day(Visit.visited_at, zone).label("day"), VisitTopic.topic)
              .join(VisitTopic, VisitTopic.visit_id == Visit.id)
              .where(visits, VisitTopic.commune_id == Visit.commune_id, _MET).subquery("taught"))
    topic_days = (select(taught.c.village_id, taught.c.day, taught.c.topic, func.count().label("n"))
                  .group_by(taught.c.village_id, taught.c.day, taught.c.topic).cte("topic_days"))
    village_topics = select(topic_days.c.village_id, topic_days.c.topic).distinct().subquery("village_topics")
    # Every topic of a village on every one of its days, so each day carries every topic's total.
    grid = (select(daily.c.village_id, daily.c.day, village_topics.c.topic,
                   func.coalesce(topic_days.c.n, 0).label("n"))
            .join(village_topics, village_topics.c.village_id == daily.c.village_id)
            .outerjoin(topic_days, and_(topic_days.c.village_id == daily.c.village_id,
                                        topic_days.c.day == daily.c.day,
                                        topic_days.c.topic == village_topics.c.topic))
            .subquery("grid"))
    total = func.sum(grid.c.n).over(partition_by=(grid.c.village_id, grid.c.topic), order_by=grid.c.day)
    running_topics = (select(grid.c.village_id, grid.c.day, grid.c.topic, total.label("total"))
                      .subquery("running_topics"))
    topics = (select(running_topics.c.village_id, running_topics.c.day,
                     json_counts(running_topics.c.topic, running_topics.c.total)
                     .filter(running_topics.c.total > 0).label("visits_by_topic"))
              .group_by(running_topics.c.village_id, running_topics.c.day).subquery("topics"))
    return (select(daily.c.village_id, daily.c.day, daily.c.commune_id,
                   *(func.sum(daily.c[key]).over(partition_by=daily.c.village_id, order_by=daily.c.day)
                     for key in TOTALS),
                   func.coalesce(topics.c.visits_by_topic, literal_column("'{}'")))
            .outerjoin(topics, (topics.c.village_id == daily.c.village_id) & (topics.c.day == daily.c.day)))


def _volunteer_rows(ids, zone):
    """SELECT of the volunteer_days rows of these villages."""
    work = union_all(
        select(Visit.commune_id, Visit.village_id, Visit.volunteer_id,
               local_day(Visit.visited_at, zone).label("day"), _one(_MET).label("visits"),
               ONE.label("knocks"), ZERO.label("covered"))
        .where(Visit.village_id.in_(ids)),
        select(Household.commune_id, Household.village_id, Household.covered_by_id,
               local_day(Household.covered_at, zone), ZERO, ZERO, ONE)
        .where(Household.village_id.in_(ids), Household.status == "covered", counted(Household),
               Household.covered_by_id.is_not(None), Household.covered_at.is_not(None)),
    ).subquery("work")
    keys = (work.c.commune_id, work.c.village_id, work.c.volunteer_id, work.c.day)
    return select(*keys, *(func.sum(work.c[key]) for key in ("visits", "knocks", "covered"))).group_by(*keys)


def _due_rows(ids, zone):
    """SELECT of the village_due_days rows of these villages: their open households as they
    stand, by the day each falls due (its return date, or its not-home visit's local day)."""
    where = Household.village_id.in_(ids)
    due = union_all(
        select(Household.commune_id, Household.village_id, Household.next_visit_on.label("day"),
               ONE.label("dated"), ZERO.label("not_home")).where(where, DUE_DATED),
        select(Household.commune_id, Household.village_id, local_day(Household.last_visit_at, zone),
               ZERO, ONE).where(where, DUE_NOT_HOME),
    ).subquery("due")
    keys = (due.c.commune_id, due.c.village_id, due.c.day)
    daily = select(*keys, func.sum(due.c.dated).label("dated"),
                   func.sum(due.c.not_home).label("not_home")).group_by(*keys).subquery("daily")
    return select(daily.c.village_id, daily.c.day, daily.c.commune_id,
                  *(func.sum(daily.c[key]).over(partition_by=daily.c.village_id, order_by=daily.c.day)
                    for key in ("dated", "not_home")))


VILLAGE_COLUMNS = ("village_id", "day", "commune_id", *TOTALS, "visits_by_topic")
DUE_COLUMNS = ("village_id", "day", "commune_id", "dated", "not_home")
VOLUNTEER_COLUMNS = ("commune_id", "village_id", "volunteer_id", "day", "visits", "knocks", "covered")


def statements(ids, zone):
    """The statements that replace the rollups of these villages (ids) by those counted from the
    records, days in `zone` (a name). The caller has claimed the villages (rollups.py `_claim`)."""
    return (
        delete(VillageDay).where(VillageDay.village_id.in_(ids)),
        delete(VolunteerDay).where(VolunteerDay.village_id.in_(ids)),
        insert(VillageDay).from_select(VILLAGE_COLUMNS, _village_rows(ids, zone)),
        insert(VolunteerDay).from_select(VOLUNTEER_COLUMNS, _volunteer_rows(ids, zone)),
        *due_statements(ids, zone),
    )


def due_statements(ids, zone):
    """The statements that replace the village_due_days rows of these villages."""
    return (delete(VillageDueDay).where(VillageDueDay.village_id.in_(ids)),
            insert(VillageDueDay).from_select(DUE_COLUMNS, _due_rows(ids, zone)))


CHUNK = 1000  # villages a statement: each lists them three times, and drivers cap parameters


def count(connection, ids, zone, making=statements):
    """Replace the rollups of these villages on `connection` (a session or a connection); with
    `making=due_statements`, their village_due_days alone."""
    ids = sorted(ids)
    for chunk in range(0, len(ids), CHUNK):
        for statement in making(ids[chunk:chunk + CHUNK], zone):
            connection.execute(statement.execution_options(synchronize_session=False))
