"""Pull: the rows of the user's scope written since the cursor, oldest first (SYNC.md)."""
import re

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fieldapp.core.permissions import sees_whole_commune
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from fieldapp.places.models import Commune, Village
from fieldapp.sync.models import Conflict

MAX_LIMIT = 5000
_CURSOR = re.compile(r"(\d{1,9})\.(\d{1,18})")
TABLES = (  # (key in the response, model, column holding the village)
    ("villages", Village, Village.id),
    ("households", Household, Household.village_id),
    ("members", Member, Member.village_id),
    ("visits", Visit, Visit.village_id),
    ("conflicts", Conflict, Conflict.village_id),
)


def make_cursor(scope_version, seq):
    return f"{scope_version}.{seq}"


def read_cursor(cursor):
    """(scope_version, seq) from a cursor; (None, 0) for none; ValidationError when garbled."""
    if not cursor:
        return None, 0
    match = _CURSOR.fullmatch(cursor)
    if not match:
        raise ValidationError({"cursor": [str(_l("Not a cursor this server gave out."))]})
    return int(match[1]), int(match[2])


def scope_village_ids(user):
    """Pull serves the user's own commune: all of it for officers and admins, else their villages."""
    if sees_whole_commune(user):
        return list(db.session.scalars(select(Village.id).where(Village.commune_id == user.commune_id)))
    return user.village_ids


def committed_seq(commune_id):
    return db.session.scalar(select(Commune.last_seq).where(Commune.id == commune_id))


def pull(user, cursor, limit):
    """Return the pull body: at most `limit` rows with seq above the cursor, oldest first.

    seq is given out in commit order (core/seq.py), so every number up to the commune's
    committed `last_seq`, read first, belongs to a committed row. The tables are then read up
    to that mark only: a push committing between two of these reads takes higher numbers, and
    the cursor handed out never jumps over a row this pull could not see.
    """
    limit = min(limit, MAX_LIMIT)
    scope_version, after = read_cursor(cursor)
    reset = scope_version is not None and scope_version != user.scope_version
    if reset:
        after = 0  # the villages changed: everything again, the phone rebuilds its replica
    village_ids = scope_village_ids(user)
    high_water = committed_seq(user.commune_id)
    rows = []
    # A phone already up to date (most pulls) costs no read of the tables.
    for key, model, village_column in TABLES if after < high_water else ():
        query = (
            select(model)
            .where(model.commune_id == user.commune_id, village_column.in_(village_ids),
                   model.seq > after, model.seq <= high_water)
            .order_by(model.seq)
            .limit(limit + 1)
        )
        if model is Visit:
            query = query.options(selectinload(Visit.topic_rows), selectinload(Visit.barrier_rows))
        rows += [(row.seq, key, row) for row in db.session.scalars(query)]
    rows.sort(key=lambda item: item[0])
    page, more = rows[:limit], len(rows) > limit
    body = {key: [] for key, _, _ in TABLES}
    for _, key, row in page:
        body[key].append(row)
    # With nothing left, the cursor moves to the mark: rows of other villages below it are not
    # this phone's, and its next pull, if nothing was written since, reads no table at all.
    last = page[-1][0] if more else high_water
    return {**body, "village_ids": sorted(village_ids), "cursor": make_cursor(user.scope_version, last),
            "more": more, "reset": reset}
