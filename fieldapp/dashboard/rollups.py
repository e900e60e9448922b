"""Per-village per-day counts for dated reports (issue 18): `village_days` holds each village's
running totals by day (visited, covered, visits, knocks, visits by topic) and `volunteer_days`
what each volunteer did there each day (visits, knocks, households covered), so a report for
any period reads two rows a village (the totals at its end less those before its start) and
the ranking reads the period's days, instead of checking a visit per household.
`village_due_days` counts the open households by the day they fall due for a return visit, so
any report's return visits due are two rows a village too.

They are kept right the way the village summaries are (dashboard/summary.py), and by the same
mark: every commit that writes households, members or visits bumps its villages' `changes` in
village_stats, whichever path wrote (sync push, web edits, merges, erasure, imports). A
village's rows are right for the `days_counted` value of `changes`. A report whose villages are
all counted only reads; one that finds villages behind claims them (`_claim`) and counts their
rows again in the database, with the definitions of the live queries (dashboard/rollup_count.py).
Migration 0019 and `flask rebuild-rollups` count every village the same way. Nothing here
commits.

Days are local dates in the deployment's time zone (BABEL_DEFAULT_TIMEZONE); a period in
another zone, or not from one midnight to another, is counted from the records (`usable`).
After changing the zone, run `flask rebuild-rollups`.
"""
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, null, select, update
from sqlalchemy.orm import aliased

from fieldapp.core.model import among, as_text, from_texts
from fieldapp.dashboard import rollup_count
from fieldapp.dashboard.models import VillageDay, VillageDueDay, VillageStats, VolunteerDay
from fieldapp.dashboard.rollup_count import TOTALS
from fieldapp.extensions import db
from fieldapp.places.models import Village


def zone():
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def usable(span):
    """Whether the rollups can answer for this period: days of their zone, whole days."""
    if span.zone != current_app.config["BABEL_DEFAULT_TIMEZONE"]:
        return False
    local = ZoneInfo(span.zone)
    return all(at is None or at.astimezone(local).time() == time.min for at in (span.start, span.end))


def _days(span):
    """(first day, day after the last) of the period, each None when open."""
    local = ZoneInfo(span.zone)
    return tuple(None if at is None else at.astimezone(local).date() for at in (span.start, span.end))


# --- keeping them --------------------------------------------------------------------------


def _claim(ids, everything):
    """Of these villages, those whose rows this transaction counts again (all with
    `everything`, else those behind their writes), marked counted for their current `changes`
    by one UPDATE before counting. Its row locks hold back the commit of any write to them (a
    writer bumps `changes` on the same rows before it commits) until this transaction ends: the
    count sees every write committed before it, and a later write marks the village stale
    again. A report counting the same village at the same time waits, then finds it counted."""
    statement = (update(VillageStats).where(among(VillageStats.village_id, sorted(ids), db.engine))
                 .values(days_counted=VillageStats.changes)
                 .returning(VillageStats.village_id).execution_options(synchronize_session=False))
    if not everything:
        statement = statement.where(VillageStats.days_counted != VillageStats.changes)
    return sorted(db.session.scalars(statement).all())


def _behind(ids):
    return select(VillageStats.village_id).where(among(VillageStats.village_id, ids, db.engine),
                                                 VillageStats.days_counted != VillageStats.changes)


def behind(ids):
    """Of these villages (ids, each with its village_stats row), those whose rollups are behind
    their writes: one indexed read."""
    return db.session.scalars(_behind(ids)).all() if ids else []


def refresh(villages, everything=False):
    """Count again, in the database (dashboard/rollup_count.py), the rollups of these villages
    (rows with `id`; each must have its village_stats row: dashboard.summary.summaries makes
    them) that are behind their writes, or all of them with `everything`. Returns the ids
    counted. When none is behind, this is one indexed read, and no write lock is taken (on
    SQLite an UPDATE, even of no row, would hold the database's until the request ends)."""
    ids = [village.id for village in villages]
    if not ids or not (everything or db.session.scalars(_behind(ids).limit(1)).first()):
        return []
    claimed = _claim(ids, everything)
    rollup_count.count(db.session, claimed, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return claimed


# --- reading them for a period ---------------------------------------------------------------

def _last_before(day):
    statement = select(func.max(VillageDay.day)).where(VillageDay.village_id == Village.id)
    if day is not None:
        statement = statement.where(VillageDay.day < day)
    return statement.scalar_subquery()


def _stored_bounds(ids, first, after):
    """{village_id: (totals at the period's end, totals before its start)} read from
    village_days: per village, two index lookups and two rows."""
    if not ids:
        return {}
    days = [_last_before(after).label("end_day")]
    if first is not None:
        days.append(_last_before(first).label("start_day"))
    bounds = select(Village.id.label("village_id"), *days).where(among(Village.id, ids, db.engine)).subquery()
    at_end, at_start = aliased(VillageDay), aliased(VillageDay)
    starts = ((at_start.visits, at_start.knocks, as_text(at_start.visits_by_topic, "start_topics"))
              if first is not None else (null(),) * 3)
    ends = (*(getattr(at_end, key) for key in TOTALS), as_text(at_end.visits_by_topic, "end_topics"))
    statement = (
        select(bounds.c.village_id, *ends, *starts)
        .outerjoin(at_end, (at_end.village_id == bounds.c.village_id) & (at_end.day == bounds.c.end_day)))
    if first is not None:
        statement = statement.outerjoin(at_start, (at_start.village_id == bounds.c.village_id)
                                        & (at_start.day == bounds.c.start_day))
    rows = db.session.execute(statement).all()
    topics = iter(from_texts(value for row in rows for value in (row[5], row[8])))
    found = {}
    for row in rows:
        end_topics, start_topics = next(topics), next(topics)
        end = (dict(zip(TOTALS, row[1:5], strict=True), visits_by_topic=end_topics)
               if row[1] is not None else None)
        start = ({"visits": row[6], "knocks": row[7], "visits_by_topic": start_topics}
                 if row[6] is not None else None)
        found[row[0]] = (end, start)
    return found


def period_counts(villages, span):
    """{village_id: {visited, covered, visits, knocks, visits_by_topic}} of these villages for
    `span` (a usable one): visited and covered by its end, visits, knocks and topics within it.
    The caller has counted the villages behind their writes (`refresh`)."""
    first, after = _days(span)
    bounds = _stored_bounds([v.id for v in villages], first, after)
    counts = {}
    for village in villages:
        end, start = bounds.get(village.id, (None, None))
        end = end or {**dict.fromkeys(TOTALS, 0), "visits_by_topic": {}}
        start = start or {"visits": 0, "knocks": 0, "visits_by_topic": {}}
        topics = dict(end["visits_by_topic"])
        for topic, taught in start["visits_by_topic"].items():
            topics[topic] = topics.get(topic, 0) - taught
        counts[village.id] = {
            "visited": end["visited"], "covered": end["covered"],
            "visits": end["visits"] - start["visits"], "knocks": end["knocks"] - start["knocks"],
            "visits_by_topic": {topic: n for topic, n in topics.items() if n > 0}}
    return counts


def _due_at(column, day):
    """The village's running total in `column` of village_due_days at `day`: one index probe."""
    return (select(column).where(VillageDueDay.village_id == Village.id, VillageDueDay.day <= day)
            .order_by(VillageDueDay.day.desc()).limit(1).scalar_subquery())


def due_counts(ids, due_by, after_days):
    """{village_id: households due for a return visit by the local date `due_by`, with the
    setting of `after_days`} of these villages (households/queries.py `due_branches`): those
    whose return date is by then, and those without one whose not-home visit's local day is
    after_days or more before it. The villages' rollups must not be behind their writes
    (`refresh`, `behind`); the setting is applied here, when asked."""
    if not ids:
        return {}
    statement = select(Village.id, _due_at(VillageDueDay.dated, due_by),
                       _due_at(VillageDueDay.not_home, due_by - timedelta(days=after_days)),
                       ).where(among(Village.id, ids, db.engine))
    return {village_id: (dated or 0) + (not_home or 0)
            for village_id, dated, not_home in db.session.execute(statement)}


def covered_by(villages, days):
    """{day: active households of these villages covered by that day's end}, for local days of
    the deployment's zone (the leader's weekly trend)."""
    refresh(villages)
    ids = [v.id for v in villages]
    return {day: sum(end["covered"] for end, _ in _stored_bounds(ids, None, day + timedelta(days=1)).values()
                     if end is not None)
            for day in days}


def volunteer_counts(villages, span):
    """{volunteer_id: {visits, knocks, covered}} of the period in these villages, for the
    ranking: the sum of the period's days."""
    refresh(villages)
    first, after = _days(span)
    ids = [v.id for v in villages]
    if not ids:
        return {}
    statement = (select(VolunteerDay.volunteer_id, func.sum(VolunteerDay.visits),
                        func.sum(VolunteerDay.knocks), func.sum(VolunteerDay.covered))
                 .where(among(VolunteerDay.village_id, ids, db.engine)).group_by(VolunteerDay.volunteer_id))
    if first is not None:
        statement = statement.where(VolunteerDay.day >= first)
    if after is not None:
        statement = statement.where(VolunteerDay.day < after)
    return {volunteer_id: {"visits": int(visits), "knocks": int(knocks), "covered": int(covered)}
            for volunteer_id, visits, knocks, covered in db.session.execute(statement) if knocks or covered}
