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
from itertools import chain

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from fieldapp.core.model import Synced


def take_seqs(session, commune_id, count):
    """Reserve `count` consecutive numbers of the commune's counter; return the first."""
    from fieldapp.places.models import Commune

    communes = Commune.__table__  # Core, not ORM: no autoflush inside the flush
    last = session.connection().execute(
        update(communes)
        .where(communes.c.id == commune_id)
        .values(last_seq=communes.c.last_seq + count)
        .returning(communes.c.last_seq)
    ).scalar_one()
    return last - count + 1


def lock_commune(session, commune_id):
    """Serialise this transaction with every other writer of the commune until it ends.

    Sync reads the rows it is about to merge into; without the lock two pushes could both read
    version 3 and the later commit would overwrite the earlier one's field stamps. The read
    transaction the request may already have is ended first on SQLite, so that the write lock
    is taken by the transaction's first statement and its snapshot is the newest one.
    PostgreSQL (read committed) gives every statement the newest snapshot: there the commit
    would only expire the rows already loaded (the user) and cost their reloading.
    """
    from fieldapp.places.models import Commune

    if session.get_bind().dialect.name == "sqlite":
        session.commit()
    communes = Commune.__table__
    session.connection().execute(
        update(communes).where(communes.c.id == commune_id).values(last_seq=communes.c.last_seq)
    )


def _changed_rows(session):
    for row in chain(session.new, session.dirty):
        if isinstance(row, Synced) and (
            row in session.new or session.is_modified(row, include_collections=False)
        ):
            yield row


@event.listens_for(Session, "before_flush")
def _stamp_writes(session, flush_context, instances):
    by_commune = {}
    for row in _changed_rows(session):
        by_commune.setdefault(row.commune_id, []).append(row)
    for commune_id, rows in sorted(by_commune.items()):
        first = take_seqs(session, commune_id, len(rows))
        for offset, row in enumerate(rows):
            row.seq = first + offset
