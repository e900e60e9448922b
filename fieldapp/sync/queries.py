"""Pull: the rows of the user's scope written since the cursor, oldest first (SYNC.md)."""
import re
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import bindparam, case, exists, false, select
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


class Scope(NamedTuple):
    """What a pull reads of the user, taken before a push commits (a commit expires the user)."""
    user_id: int
    commune_id: int
    scope_version: int
    village_ids: list

    @classmethod
    def of(cls, user):
        return cls(user.id, user.commune_id, user.scope_version, scope_village_ids(user))


# Built once, with bound parameters: making a statement costs more than running it again.
_MARK = select(Commune.last_seq).where(Commune.id == bindparam("commune_id")).scalar_subquery()


def _in_scope(model, village_column, mark):
    return (model.commune_id == bindparam("commune_id"),
            village_column.in_(bindparam("village_ids", expanding=True)),
            model.seq > bindparam("after"), model.seq <= mark)


# The commune's committed `last_seq` (the mark) and, for each table, whether rows of the scope
# lie between the cursor and the mark: one statement, one snapshot. The tables are looked at only
# when the mark has passed the cursor (CASE evaluates its branch only then, on both engines): a
# pull with nothing new in the commune is answered from the cursor and the commune's row alone.
_MARK_AND_TABLES = select(_MARK, *[
    case((bindparam("after") < _MARK, exists().where(*_in_scope(model, village_column, _MARK))),
         else_=false())
    for _, model, village_column in TABLES])
_ROWS = {
    key: select(model).where(*_in_scope(model, village_column, bindparam("mark")))
    .order_by(model.seq).limit(bindparam("limit"))
    .options(*((selectinload(Visit.topic_rows), selectinload(Visit.barrier_rows)) if model is Visit else ()))
    for key, model, village_column in TABLES
}


def pull(scope, cursor, limit):
    """Return the pull body: at most `limit` rows with seq above the cursor, oldest first.

    seq is given out in commit order (sync/seq.py), so every number up to the commune's
    committed `last_seq`, read first, belongs to a committed row. The tables are then read up
    to that mark only: a push committing between two of these reads takes higher numbers, and
    the cursor handed out never jumps over a row this pull could not see. Only the tables that
    hold such rows are read.
    """
    limit = min(limit, MAX_LIMIT)
    scope_version, after = read_cursor(cursor)
    reset = scope_version is not None and scope_version != scope.scope_version
    if reset:
        after = 0  # the villages changed: everything again, the phone rebuilds its replica
    params = {"commune_id": scope.commune_id, "village_ids": scope.village_ids, "after": after}
    high_water, *has_rows = db.session.execute(_MARK_AND_TABLES, params).one()
    params.update(mark=high_water, limit=limit + 1)
    rows = []
    for (key, _, _), found in zip(TABLES, has_rows, strict=True):
        if found:  # most pulls bring households, members and visits at most
            rows += [(row.seq, key, row) for row in db.session.scalars(_ROWS[key], params)]
    rows.sort(key=lambda item: item[0])
    page, more = rows[:limit], len(rows) > limit
    body = {key: [] for key, _, _ in TABLES}
    for _, key, row in page:
        body[key].append(row)
    # With nothing left, the cursor moves to the mark: rows of other villages below it are not
    # this phone's, and its next pull, if nothing was written since, reads no table at all.
    last = page[-1][0] if more else high_water
    return {**body, "village_ids": sorted(scope.village_ids), "user_id": scope.user_id,
            "cursor": make_cursor(scope.scope_version, last), "more": more, "reset": reset}
