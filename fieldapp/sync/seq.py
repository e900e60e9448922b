"""The commune-wide change counter that sync pull reads.

Every flush that writes a Synced row takes numbers from `communes.last_seq` with
`UPDATE ... SET last_seq = last_seq + n ... RETURNING`. On PostgreSQL that UPDATE holds the
commune's row lock until the transaction ends, so writers of one commune take numbers one after
another in commit order: a transaction that got a lower seq has committed (or rolled back)
before any other can take a higher one, and a pull reading `seq > cursor` can never skip a row
that commits later with a lower seq. SQLite has a single writer, which gives the same order.
The price is that writes within one commune are serialised, which one commune's traffic allows;
communes never wait for each other.
"""
from functools import cache
from itertools import chain

from sqlalchemy import bindparam, update

from fieldapp.core.model import Synced


@cache
def _statements():
    """(take, lock), built once: Core, not ORM, so that no autoflush runs inside the flush."""
    from fieldapp.places.models import Commune

    communes = Commune.__table__
    this_commune = communes.c.id == bindparam("the_commune")
    take = (update(communes).where(this_commune)
            .values(last_seq=communes.c.last_seq + bindparam("count")).returning(communes.c.last_seq))
    lock = update(communes).where(this_commune).values(last_seq=communes.c.last_seq)
    return take, lock


def take_seqs(session, commune_id, count):
    """Reserve `count` consecutive numbers of the commune's counter; return the first."""
    take, _ = _statements()
    last = session.connection().execute(take, {"the_commune": commune_id, "count": count}).scalar_one()
    return last - count + 1


def lock_commune(session, commune_id):
    """Serialise this transaction with every other writer of the commune until it ends.

    Sync reads the rows it is about to merge into; without the lock two pushes could both read
    version 3 and the later commit would overwrite the earlier one's field stamps. Nothing is
    committed here: the request's one transaction takes the lock and holds it to its end.
    PostgreSQL (read committed) gives every statement after the lock the newest snapshot.
    SQLite's driver runs reads outside a transaction and opens one at the first write, so the
    lock statement begins the transaction with SQLite's single write lock and the newest
    snapshot (or the transaction has written already, and holds that lock since). There the
    rows loaded before the lock (the user, the conflict being resolved) are expired to be read
    again under it, as the commit that once stood here did; PostgreSQL keeps them (the user is
    all a push has loaded) rather than pay for their reloading.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        session.flush()  # what is pending is written, not lost to the expiring below
    _, lock = _statements()
    session.connection().execute(lock, {"the_commune": commune_id})
    if sqlite:
        session.expire_all()


def _changed_rows(session):
    new = session.new  # made anew at each access: once, not once a row
    for row in chain(new, session.dirty):
        if isinstance(row, Synced) and (row in new or session.is_modified(row, include_collections=False)):
            yield row


def _stamp_writes(session, flush_context, instances):
    by_commune = {}
    for row in _changed_rows(session):
        by_commune.setdefault(row.commune_id, []).append(row)
    for commune_id, rows in sorted(by_commune.items()):
        first = take_seqs(session, commune_id, len(rows))
        for offset, row in enumerate(rows):
            row.seq = first + offset


# Registered on every session by create_app (register_write_hooks), not by importing this module.
WRITE_HOOKS = (("before_flush", _stamp_writes),)
