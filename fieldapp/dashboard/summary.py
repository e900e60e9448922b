"""The village summaries of dashboard/models.py: counted when a report needs them, and marked
stale by every write.

A session that writes households, members or visits notes their villages after each flush and,
before its commit, bumps those summaries' `changes` (one UPDATE: the write path stays cheap,
and any write path, sync, seeding, imports or conflict resolution, is covered without knowing
about it). A report counts again, with the live report's own queries, the villages whose
`counted` is behind `changes` or that have no summary yet, and saves the counts only if no
write came in meanwhile (`WHERE changes = <the value seen before counting>`): a summary is
never marked fresh with counts that miss a committed change.
"""
from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.dashboard.models import VillageStats
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from fieldapp.households.skills import TOPICS

TRACKED = (Household, Member, Visit)
KEY = "fieldapp.summary_villages"
COUNTED = ("households", "visited", "covered", "people_level2", "people_capable",
           "people_online_payment", "visits")


@event.listens_for(Session, "after_flush")
def _note_villages(session, flush_context):
    noted = session.info.setdefault(KEY, set())
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, TRACKED):
            noted.add(row.village_id)
            if isinstance(row, Household):  # moved to another village: the old one changes too
                noted.update(inspect(row).attrs.village_id.history.deleted or ())


@event.listens_for(Session, "before_commit")
def _mark_stale(session):
    noted = session.info.pop(KEY, None)
    if noted:
        session.execute(update(VillageStats).where(VillageStats.village_id.in_(sorted(noted)))
                        .values(changes=VillageStats.changes + 1)
                        .execution_options(synchronize_session=False))


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(KEY, None)


def _count(commune_id, ids):
    """{village_id: {indicator: count}} from the records, by the live report's statements."""
    from fieldapp.dashboard import queries  # imported late: queries imports the models above

    counts = {village_id: {**dict.fromkeys(COUNTED, 0), "visits_by_topic": dict.fromkeys(TOPICS, 0)}
              for village_id in ids}
    open_period = queries.period(None, None, "UTC")
    for statement in (queries.household_counts(commune_id, ids, open_period),
                      queries.people_counts(commune_id, ids),
                      queries.visit_counts(commune_id, ids, open_period)):
        for row in db.session.execute(statement).mappings():
            counts[row["village_id"]].update(
                (key, int(value)) for key, value in row.items() if key in COUNTED)
    for village_id, topic, visits in db.session.execute(queries.topic_counts(commune_id, ids, open_period)):
        counts[village_id]["visits_by_topic"][topic] = visits
    return counts


def _recount(villages, seen):
    """Count these villages again and save what no write has overtaken."""
    by_commune = {}
    for village in villages:
        by_commune.setdefault(village.commune_id, []).append(village.id)
    for commune_id, ids in by_commune.items():
        for village_id, values in _count(commune_id, sorted(ids)).items():
            if village_id in seen:
                db.session.execute(
                    update(VillageStats)
                    .where(VillageStats.village_id == village_id, VillageStats.changes == seen[village_id])
                    .values(**values, counted=seen[village_id]).execution_options(synchronize_session=False))
            else:
                try:  # another report may be adding the same village at this moment
                    with db.session.begin_nested():
                        db.session.execute(insert(VillageStats).values(
                            village_id=village_id, commune_id=commune_id, **values))
                except IntegrityError:
                    pass
    db.session.commit()


def _read(ids):
    keys = (*COUNTED, "visits_by_topic")
    rows = db.session.execute(
        select(VillageStats.village_id, VillageStats.changes, VillageStats.counted,
               *(getattr(VillageStats, key) for key in keys))
        .where(VillageStats.village_id.in_(ids))).all() if ids else []
    return {row[0]: (row[1], row[2], dict(zip(keys, row[3:], strict=True))) for row in rows}


def summaries(villages):
    """{village_id: {indicator: count}} for these villages (plain rows, no objects: a province
    has thousands); stale or missing summaries are counted first. (A write landing during
    that count leaves its village stale, to be counted by the next report.)"""
    ids = [village.id for village in villages]
    rows = _read(ids)
    stale = [v for v in villages if v.id not in rows or rows[v.id][0] != rows[v.id][1]]
    if stale:
        _recount(stale, {village_id: changes for village_id, (changes, _, _) in rows.items()})
        rows = _read(ids)
    return {village_id: values for village_id, (_, _, values) in rows.items()}
