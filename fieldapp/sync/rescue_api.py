"""POST /api/v1/sync/rescue: an officer takes in a phone's saved file (sync/rescue.py)."""
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from fieldapp.core.errors import ApiError
from fieldapp.core.permissions import requires
from fieldapp.extensions import db
from fieldapp.sync import rescue
from fieldapp.sync.schemas import OpResultSchema

blp = Blueprint("rescue", __name__, url_prefix="/api/v1/sync",
                description="The office takes in the work a phone saved to a file.")


class SavedFileUploadSchema(Schema):
    file = Upload(required=True, metadata={
        "description": "The file the app saved: JSON {device_id, username, saved_at, ops}, at most "
                       f"10 MiB and {rescue.MAX_OPS} operations"})


class RescueSummarySchema(Schema):
    applied = fields.Integer()
    duplicate = fields.Integer()
    rejected = fields.Integer()


class RescueResultSchema(Schema):
    user_id = fields.Integer(metadata={"description": "The volunteer named in the file, credited"})
    username = fields.String()
    device_id = fields.String()
    results = fields.List(fields.Nested(OpResultSchema), metadata={
        "description": "One per operation of the file, in order, as a push answers"})
    summary = fields.Nested(RescueSummarySchema)


def take_in(upload):
    """The file applied, or ApiError 422 with nothing written (shared with the office page)."""
    try:
        return rescue.take_in(current_user, upload.read(rescue.MAX_BYTES + 1))
    except rescue.RescueError as exc:
        db.session.rollback()
        raise ApiError(422, str(exc), code="validation_error", fields={"file": [str(exc)]}) from None


@blp.route("/rescue", methods=["POST"])
@requires("officer")
@blp.arguments(SavedFileUploadSchema, location="files")
@blp.response(200, RescueResultSchema)
@blp.alt_response(422, description="Not a saved file of the app, too large, or naming a user "
                                   "outside the caller's commune: nothing is written")
def rescue_file(files):
    """Apply a phone's saved file (multipart field `file`) as the volunteer it names, once each
    operation; the officer who uploads it is recorded in the audit log."""
    return take_in(files["file"])
