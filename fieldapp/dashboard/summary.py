"""The village summaries of dashboard/models.py: counted when a report needs them, and marked
stale by every write.

A session that writes households, members or visits notes their villages after each flush and,
before its commit, bumps those summaries' `changes` (one UPDATE: the write path stays cheap,
and any write path, sync, seeding, imports or conflict resolution, is covered without knowing
about it). A report counts again, with the live report's own queries, the villages whose
`counted` is behind `changes`, and saves the counts only if no write came in meanwhile
(`WHERE changes = <the value seen before counting>`). A village without a summary has no row
for a write to mark: its first summary is saved fresh only if its commune's change counter
(sync/seq.py) has not moved since before the count, read under the commune's lock
(`_add_first`). Nothing here commits: the report's request does, once, at its end.
"""
from sqlalchemy import bindparam, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite

from fieldapp.core.model import WRITTEN_VILLAGES, among, as_text, from_texts, note_written_villages
from fieldapp.dashboard.models import VillageStats
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from fieldapp.places.models import Commune

TRACKED = (Household, Member, Visit)
COUNTED = ("households", "visited", "covered", "people_level2", "people_capable",
           "people_online_payment", "visits", "knocks")
SAVED = (*COUNTED, "visits_by_topic", "groups")


_MARK_STALE = (update(VillageStats).where(VillageStats.village_id.in_(bindparam("villages", expanding=True)))
               .values(changes=VillageStats.changes + 1).execution_options(synchronize_session=False))


def _note_villages(session, flush_context):
    noted = set()
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, TRACKED):
            noted.add(row.village_id)
            if isinstance(row, Household):  # moved to another village: the old one changes too
                noted.update(inspect(row).attrs.village_id.history.deleted or ())
    note_written_villages(session, noted)


def _mark_stale(session):
    noted = session.info.pop(WRITTEN_VILLAGES, None)
    if noted:
        session.execute(_MARK_STALE, {"villages": sorted(noted)})


def _forget(session):
    session.info.pop(WRITTEN_VILLAGES, None)


# Registered on every session by create_app (register_write_hooks), not by importing this module.
WRITE_HOOKS = (("after_flush", _note_villages), ("before_commit", _mark_stale), ("after_rollback", _forget))


def _count(villages):
    """{village_id: {indicator: count}} of these villages, with the live report's own queries."""
    from fieldapp.dashboard import queries  # imported late: queries imports the models above

    by_commune = {}
    for village in villages:
        by_commune.setdefault(village.commune_id, []).append(village.id)
    open_period = queries.period(None, None, "UTC")
    counts = {}
    for commune_id, ids in by_commune.items():
        blank = {village_id: queries.blank_indicators() for village_id in sorted(ids)}
        for village_id, values in queries.count_records(blank, commune_id, open_period).items():
            counts[village_id] = {key: values[key] for key in SAVED}
    return counts


def _save(counts, seen):
    """Save the counts of the villages whose `changes` are still `seen` (the value before
    counting): a write that came in meanwhile leaves its village stale."""
    for village_id, values in counts.items():
        db.session.execute(
            update(VillageStats)
            .where(VillageStats.village_id == village_id, VillageStats.changes == seen[village_id])
            .values(**values, counted=seen[village_id])
            .execution_options(synchronize_session=False))


_COMMUNES = Commune.__table__
_MARKS = select(_COMMUNES.c.id, _COMMUNES.c.last_seq).where(
    _COMMUNES.c.id.in_(bindparam("communes", expanding=True)))
# sync/seq.py's commune lock, reading the counter it holds.
_LOCK = (update(_COMMUNES).where(_COMMUNES.c.id == bindparam("commune"))
         .values(last_seq=_COMMUNES.c.last_seq).returning(_COMMUNES.c.last_seq))


def _marks(villages):
    """{commune_id: the commune's change counter}, read before counting these villages."""
    communes = sorted({village.commune_id for village in villages})
    return dict(db.session.execute(_MARKS, {"communes": communes}).all()) if communes else {}


def _add_first(villages, counts, marks):
    """Add the first summaries of these villages, counted after their communes' counters read
    `marks`: fresh where no write came in since, stale (counted -1) where one did.

    Each commune's write lock (sync/seq.py) is taken first, in commune order as every writer
    does. A write still in flight holds it: it commits before the lock is granted, and the
    counter read under the lock shows it. A later write waits for this request's commit, and
    then finds the summary to mark stale. No write can slip between the two, so a summary is
    never marked fresh with counts that miss a committed change."""
    quiet = {commune_id: db.session.execute(_LOCK, {"commune": commune_id}).scalar_one() == mark
             for commune_id, mark in sorted(marks.items())}
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    # Another report may have added the same village since it was read: that one stands.
    db.session.execute(dialect.insert(VillageStats).on_conflict_do_nothing(index_elements=["village_id"]), [
        {"village_id": village.id, "commune_id": village.commune_id, **counts[village.id],
         "changes": 0, "counted": 0 if quiet[village.commune_id] else -1}
        for village in villages])


_JSON_SAVED = tuple(key for key in SAVED if key not in COUNTED)


def _read(ids, json_keys=_JSON_SAVED):
    rows = db.session.execute(
        select(VillageStats.village_id, VillageStats.changes, VillageStats.counted,
               *(getattr(VillageStats, key) for key in COUNTED),
               *(as_text(getattr(VillageStats, key), key) for key in json_keys))
        .where(among(VillageStats.village_id, ids, db.engine))).all() if ids else []
    width = 3 + len(COUNTED)
    decoded = iter(from_texts(value for row in rows for value in row[width:]))
    return {row[0]: (row[1], row[2], {**dict(zip(COUNTED, row[3:width], strict=True)),
                                      **{key: next(decoded) for key in json_keys}})
            for row in rows}


def summaries(villages, topics=True):
    """{village_id: {indicator: count}} for these villages (plain rows, no objects: a province
    has thousands); stale or missing summaries are counted first, and those counts are the
    answer (a write landing during the count leaves its village stale for the next report).
    With `topics=False` a summary read as saved may lack `visits_by_topic` (a dated report
    takes them from the rollups). What was counted is saved in the request's transaction: the
    caller commits."""
    rows = _read([village.id for village in villages], _JSON_SAVED if topics else ("groups",))
    missing = [v for v in villages if v.id not in rows]
    stale = [v for v in villages if v.id in rows and rows[v.id][0] != rows[v.id][1]]
    if not (missing or stale):
        return {village_id: values for village_id, (_, _, values) in rows.items()}
    marks = _marks(missing)
    counts = _count(missing + stale)
    if missing:  # first, as the communes' locks come before the summaries' rows for writers too
        _add_first(missing, counts, marks)
    _save({v.id: counts[v.id] for v in stale}, {v.id: rows[v.id][0] for v in stale})
    return {v.id: counts[v.id] if v.id in counts else rows[v.id][2] for v in villages}
