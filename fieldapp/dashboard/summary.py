"""The village summaries of dashboard/models.py: counted when a report needs them, and marked
stale by every write.

A session that writes households, members or visits notes their villages after each flush and,
before its commit, bumps those summaries' `changes` (one UPDATE: the write path stays cheap,
and any write path, sync, seeding, imports or conflict resolution, is covered without knowing
about it). A report counts again, with the live report's own queries, the villages whose
`counted` is behind `changes`, and saves the counts only if no write came in meanwhile
(`WHERE changes = <the value seen before counting>`). A village without a summary first gets
an empty, stale one, committed before counting, so that a write landing during the count has a
row to mark: a summary is never marked fresh with counts that miss a committed change.
"""
from sqlalchemy import bindparam, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError

from fieldapp.dashboard.models import VillageStats
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit

TRACKED = (Household, Member, Visit)
KEY = "fieldapp.summary_villages"
COUNTED = ("households", "visited", "covered", "people_level2", "people_capable",
           "people_online_payment", "visits", "knocks")
SAVED = (*COUNTED, "visits_by_topic")


_MARK_STALE = (update(VillageStats).where(VillageStats.village_id.in_(bindparam("villages", expanding=True)))
               .values(changes=VillageStats.changes + 1).execution_options(synchronize_session=False))


def _note_villages(session, flush_context):
    noted = session.info.setdefault(KEY, set())
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, TRACKED):
            noted.add(row.village_id)
            if isinstance(row, Household):  # moved to another village: the old one changes too
                noted.update(inspect(row).attrs.village_id.history.deleted or ())


def _mark_stale(session):
    noted = session.info.pop(KEY, None)
    if noted:
        session.execute(_MARK_STALE, {"villages": sorted(noted)})


def _forget(session):
    session.info.pop(KEY, None)


# Registered on every session by create_app (register_write_hooks), not by importing this module.
WRITE_HOOKS = (("after_flush", _note_villages), ("before_commit", _mark_stale), ("after_rollback", _forget))


def _recount(villages, seen):
    """Count these villages again, save what no write has overtaken since `seen` (their
    `changes` before counting), and return the counts."""
    from fieldapp.dashboard import queries  # imported late: queries imports the models above

    by_commune = {}
    for village in villages:
        by_commune.setdefault(village.commune_id, []).append(village.id)
    open_period = queries.period(None, None, "UTC")
    counts = {}
    for commune_id, ids in by_commune.items():
        blank = {village_id: queries.blank_indicators() for village_id in sorted(ids)}
        counted = queries.count_records(blank, commune_id, open_period)
        for village_id, values in counted.items():
            counts[village_id] = values = {key: values[key] for key in SAVED}
            db.session.execute(
                update(VillageStats)
                .where(VillageStats.village_id == village_id, VillageStats.changes == seen[village_id])
                .values(**values, counted=seen[village_id])
                .execution_options(synchronize_session=False))
    db.session.commit()
    return counts


def _add_empty(villages):
    """Stale summaries (counted -1) for villages that have none, committed before any count."""
    for village in villages:
        try:  # another report may be adding the same village at this moment
            with db.session.begin_nested():
                db.session.execute(insert(VillageStats).values(
                    village_id=village.id, commune_id=village.commune_id, counted=-1))
        except IntegrityError:
            pass
    db.session.commit()


def _read(ids):
    rows = db.session.execute(
        select(VillageStats.village_id, VillageStats.changes, VillageStats.counted,
               *(getattr(VillageStats, key) for key in SAVED))
        .where(VillageStats.village_id.in_(ids))).all() if ids else []
    return {row[0]: (row[1], row[2], dict(zip(SAVED, row[3:], strict=True))) for row in rows}


def summaries(villages):
    """{village_id: {indicator: count}} for these villages (plain rows, no objects: a province
    has thousands); stale or missing summaries are counted first, and those counts are the
    answer (a write landing during the count leaves its village stale for the next report)."""
    ids = [village.id for village in villages]
    rows = _read(ids)
    if len(rows) < len(ids):
        _add_empty([v for v in villages if v.id not in rows])
        rows = _read(ids)
    stale = [v for v in villages if rows[v.id][0] != rows[v.id][1]]
    counted = _recount(stale, {v.id: rows[v.id][0] for v in stale}) if stale else {}
    return {village_id: counted.get(village_id, values) for village_id, (_, _, values) in rows.items()}
