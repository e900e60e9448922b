"""Conflicts for leaders to review: the list, and resolving one."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from fieldapp.core.pagination import PageArgsSchema, PageSchema, fetch_page
from fieldapp.core.permissions import requires
from fieldapp.core.validation import RowId, StrictSchema
from fieldapp.extensions import db
from fieldapp.places.queries import scoped_village_id
from fieldapp.sync import conflicts
from fieldapp.sync.schemas import ConflictSchema

blp = Blueprint("conflicts", __name__, url_prefix="/api/v1/conflicts",
                description="Fields two phones changed differently, for leaders to review.")


class ConflictListArgsSchema(PageArgsSchema):
    status = fields.String(load_default="open", validate=validate.OneOf(
        conflicts.STATUSES, error=_l("Not one of the allowed values.")))
    village_id = RowId(load_default=None)


class ReviewedConflictSchema(ConflictSchema):
    resolved_by_id = fields.Integer(allow_none=True)


class ConflictPageSchema(PageSchema):
    items = fields.List(fields.Nested(ReviewedConflictSchema))


class ResolveSchema(StrictSchema):
    keep = fields.String(required=True, validate=validate.OneOf(
        ("kept", "lost"), error=_l("Not one of the allowed values.")), metadata={
        "description": "`kept`: the value the merge kept stays; `lost`: the other value is written "
                       "back, as a new change of the record"})


@blp.route("")
@requires("leader")
@blp.arguments(ConflictListArgsSchema, location="query")
@blp.response(200, ConflictPageSchema)
def list_conflicts(args):
    """Conflicts of the user's villages, newest first: open ones unless `status` says otherwise."""
    village_id = scoped_village_id(current_user, args["village_id"], households=True)
    statement = conflicts.conflicts_for(current_user, args["status"], village_id)
    return fetch_page(statement, args["page"], args["per_page"])


@blp.route("/<id:conflict_id>/resolve", methods=["POST"])
@requires("leader")
@blp.arguments(ResolveSchema)
@blp.response(200, ReviewedConflictSchema)
@blp.alt_response(409, description="Already resolved")
def resolve(body, conflict_id):
    """Close a conflict, keeping the merged value or writing back the one that lost."""
    conflict = conflicts.resolve(current_user, conflict_id, body["keep"])
    db.session.commit()
    return conflict
