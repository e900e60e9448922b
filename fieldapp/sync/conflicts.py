"""Reviewing conflicts: a leader confirms the value the merge kept, or writes back the one it
lost through the same write path as a phone's change."""
from datetime import timedelta

from flask import abort
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from fieldapp.core.audit import record
from fieldapp.core.clock import from_micros
from fieldapp.core.errors import ApiError
from fieldapp.core.model import utcnow
from fieldapp.core.permissions import scoped_village
from fieldapp.core.validation import localise
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member
from fieldapp.households.queries import in_scope
from fieldapp.households.schemas import DATA_SCHEMAS
from fieldapp.places.models import Village
from fieldapp.sync.models import Conflict
from fieldapp.sync.seq import lock_commune
from fieldapp.sync.services import apply_operations, server_operation

STATUSES = ("open", "resolved", "all")
ENTITIES = {"household": Household, "member": Member}


def conflicts_for(user, status="open", village_id=None):
    """Conflicts of the user's villages, newest first."""
    statement = select(Conflict).where(in_scope(user, Conflict))
    if status == "open":
        statement = statement.where(Conflict.resolved_at.is_(None))
    elif status == "resolved":
        statement = statement.where(Conflict.resolved_at.is_not(None))
    if village_id is not None:
        statement = statement.where(Conflict.village_id == village_id)
    return statement.order_by(Conflict.created_at.desc(), Conflict.id.desc())


def find(user, conflict_id):
    """The conflict, or 404 outside the user's commune and 403 for another team's village."""
    conflict = db.session.scalar(
        select(Conflict).where(Conflict.id == conflict_id, Conflict.commune_id == user.commune_id)
    )
    if conflict is None:
        abort(404)
    scoped_village(user, db.session.get(Village, conflict.village_id), households=True)
    return conflict


def _already_resolved():
    return ApiError(409, _("This conflict has already been resolved."), code="already_resolved")


def _not_writable():
    return ApiError(422, _("This value cannot be written back here: keep the current one and "
                           "edit the record instead."), code="not_writable")


def write_back(conflict):
    """The operation type, the data and the row attributes that writing back the lost value
    takes: the same data a phone would send to change that field."""
    field, value = conflict.field, conflict.lost_value
    if conflict.entity_type == "member" and field.startswith("skills."):
        key = field.removeprefix("skills.")
        return "member.upsert", {"skills": {key: value}}, [f"skill_{key}"]
    if conflict.entity_type == "member" and field.startswith("groups."):
        key = field.removeprefix("groups.")
        return "member.upsert", {"groups": {key: value}}, [f"group_{key}"]
    if conflict.entity_type == "household" and field == "inactive_reason" and value:
        return "household.deactivate", {"inactive_reason": value}, ["inactive", "inactive_reason"]
    kind = f"{conflict.entity_type}.upsert"
    schema = DATA_SCHEMAS.get(kind)
    if schema is None or field not in schema().load_fields or field in schema.IGNORED:
        raise _not_writable()
    return kind, {field: value}, [field]


def _lost_value_op(conflict, now):
    kind, data, attributes = write_back(conflict)
    try:
        data = DATA_SCHEMAS[kind]().load(data, partial=True)
    except ValidationError as exc:
        raise ApiError(422, fields=localise(exc.normalized_messages())) from exc
    model = ENTITIES[conflict.entity_type]
    row = db.session.scalar(
        select(model).where(model.id == conflict.entity_id, model.commune_id == conflict.commune_id)
    )
    if row is None:
        abort(404)
    # The leader's decision must win the field-by-field merge, even over a phone time a few
    # minutes ahead of the server's clock.
    stamps = row.field_stamps or {}
    written_at = max([now] + [from_micros(stamps[a]["at"]) + timedelta(microseconds=1)
                              for a in attributes if a in stamps])
    operation = server_operation(kind, conflict.entity_id, data, base_version=row.version, now=now)
    operation["at"] = written_at
    return operation


def resolve(user, conflict_id, keep):
    """Close the conflict keeping the merged value ("kept") or writing back the other ("lost").

    The caller commits. Raises 409 when the conflict was already resolved, 422 when the lost
    value cannot be written (the household was erased, the person removed...).
    """
    conflict = find(user, conflict_id)
    if conflict.resolved_at is not None:
        raise _already_resolved()
    now, written = utcnow(), None
    if keep == "lost":
        op = _lost_value_op(conflict, now)
        results = [None]
        # This takes the commune's write lock and holds it to the end of the request.
        apply_operations(user, "server", [(0, op)], results, now)
        if results[0]["status"] != "applied":
            db.session.rollback()
            raise ApiError(422, _("The other value could not be written back."),
                           fields=results[0]["errors"])
        written = {"op_id": str(op["op_id"]), "version": results[0]["version"]}
    else:
        lock_commune(db.session, conflict.commune_id)
    # Under the commune's lock: another leader's resolution has committed by now, or waits.
    conflict = db.session.get(Conflict, conflict_id, populate_existing=True)
    if conflict.resolved_at is not None:
        db.session.rollback()
        raise _already_resolved()
    conflict.resolved_at, conflict.resolved_by_id, conflict.resolution = now, user.id, keep
    record("conflict_resolved", user, target=conflict, resolution=keep,
           entity_type=conflict.entity_type, entity_id=str(conflict.entity_id), field=conflict.field,
           **(written or {}))
    return conflict
