"""The village summaries of dashboard/models.py, kept in step with the records.

Every session that writes households, members or visits notes their villages after each flush;
before the commit, those villages' summaries are counted again, in the same transaction, with
the very queries of the live report. Any write path (sync, seeding, imports, conflict
resolution) is covered without knowing about it. A village without a summary yet (after the
migration, or data loaded outside the app) is counted when a report first needs it.
"""
from sqlalchemy import event, inspect, select
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
            noted.add((row.commune_id, row.village_id))
            if isinstance(row, Household):  # moved to another village: the old one changes too
                moved_from = inspect(row).attrs.village_id.history.deleted or ()
                noted.update((row.commune_id, old) for old in moved_from)


@event.listens_for(Session, "before_commit")
def _refresh_noted(session):
    noted = session.info.pop(KEY, None)
    if noted:
        refresh(session, noted)


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(KEY, None)


def refresh(session, villages):
    """Count the summaries of (commune_id, village_id) pairs again."""
    from fieldapp.dashboard import queries  # the live report's own statements

    by_commune = {}
    for commune_id, village_id in villages:
        by_commune.setdefault(commune_id, set()).add(village_id)
    open_period = queries.period(None, None, "UTC")
    for commune_id, ids in by_commune.items():
        ids = sorted(ids)
        counts = {village_id: {**dict.fromkeys(COUNTED, 0), "visits_by_topic": dict.fromkeys(TOPICS, 0)}
                  for village_id in ids}
        for statement in (queries.household_counts(commune_id, ids, open_period),
                          queries.people_counts(commune_id, ids),
                          queries.visit_counts(commune_id, ids, open_period)):
            for row in session.execute(statement).mappings():
                counts[row["village_id"]].update(
                    (key, int(value)) for key, value in row.items() if key in COUNTED)
        for village_id, topic, visits in session.execute(queries.topic_counts(commune_id, ids, open_period)):
            counts[village_id]["visits_by_topic"][topic] = visits
        stored = {row.village_id: row for row in session.scalars(
            select(VillageStats).where(VillageStats.village_id.in_(ids)))}
        for village_id, values in counts.items():
            row = stored.get(village_id) or VillageStats(village_id=village_id, commune_id=commune_id)
            for key, value in values.items():
                setattr(row, key, value)
            session.add(row)
    session.flush()


def summaries(villages):
    """{village_id: {indicator: count}} for these villages (plain rows, no objects: a province
    has thousands), counting the missing ones first."""
    ids = [village.id for village in villages]
    keys = (*COUNTED, "visits_by_topic")
    rows = db.session.execute(select(VillageStats.village_id, *(getattr(VillageStats, key) for key in keys))
                              .where(VillageStats.village_id.in_(ids))).all() if ids else []
    found = {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}
    missing = [(village.commune_id, village.id) for village in villages if village.id not in found]
    if missing:
        refresh(db.session, missing)
        db.session.commit()
        return summaries(villages)
    return found
