"""Which commune an office page works on: the user's own, or, for an admin, the one chosen."""
from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from fieldapp.core.params import row_id
from fieldapp.core.permissions import sees_commune
from fieldapp.extensions import db
from fieldapp.places.models import Commune


def office_commune():
    """The user's commune; an admin (DOMAIN.md: every commune) may choose one by `commune_id`."""
    chosen = request.values.get("commune_id")
    if current_user.role != "admin" or not chosen:
        return current_user.commune
    commune = db.session.get(Commune, row_id(chosen) or 0)
    if commune is None:
        abort(404)
    return commune


def commune_args(commune):
    """The URL arguments that keep an admin on the commune they chose."""
    return {"commune_id": commune.id} if commune.id != current_user.commune_id else {}


def communes_to_choose():
    """Every commune, for an admin's picker; none for an officer, who has one."""
    if current_user.role != "admin":
        return []
    return db.session.scalars(select(Commune).order_by(Commune.name)).all()


def seen(row):
    """The row, or 404 when it is missing or of a commune the user does not see (for them it
    does not exist)."""
    if row is None or not sees_commune(current_user, row.commune_id):
        abort(404)
    return row
