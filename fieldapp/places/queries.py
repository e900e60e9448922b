"""Reads on villages, limited to what the user may see."""
from sqlalchemy import select

from fieldapp.core.permissions import scope_clause, scoped_village
from fieldapp.extensions import db
from fieldapp.places.models import Village


class _VillageScope:
    """Villages have no village_id column; their own id plays that part in the scope."""

    commune_id = Village.commune_id
    village_id = Village.id


def villages_for(user):
    return (
        select(Village)
        .where(scope_clause(user, _VillageScope), Village.deleted.is_(False))
        .order_by(Village.commune_id, Village.code)
    )


def villages_of_commune(commune_id):
    """The commune's villages in use, by code: the office's lists and forms."""
    return (select(Village).where(Village.commune_id == commune_id, Village.deleted.is_(False))
            .order_by(Village.code))


def scoped_village_id(user, village_id, households=False):
    """A request's optional `village_id`, checked as core/permissions.scoped_village checks a
    village (404 or 403, `households=True` where household data is read), or None when the
    request names none."""
    if village_id is not None:
        scoped_village(user, db.session.get(Village, village_id), households=households)
    return village_id
