"""Reads of the plans' records that other features show (the guides' leaflets)."""
from sqlalchemy import select

from fieldapp.plans.models import HelpPoint


def help_points_of(commune_id):
    """The commune's help points in use, by kind then name."""
    return (select(HelpPoint).where(HelpPoint.commune_id == commune_id, HelpPoint.removed.is_(False))
            .order_by(HelpPoint.kind, HelpPoint.name, HelpPoint.id))
