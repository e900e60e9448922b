"""Reads on villages, limited to what the user may see."""
from sqlalchemy import select

from fieldapp.core.permissions import scope_clause
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
