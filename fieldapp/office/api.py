"""POST /api/v1/imports/households: the household importer for the office (API.md)."""
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from fieldapp.core.errors import ApiError
from fieldapp.core.permissions import requires
from fieldapp.core.tabular import TableError
from fieldapp.core.validation import StrictSchema
from fieldapp.extensions import db
from fieldapp.office.importer import HouseholdImportError, import_households

blp = Blueprint("imports", __name__, url_prefix="/api/v1/imports",
                description="Importing the commune's household list.")
MAX_BYTES = 10 * 1024 * 1024


class ImportArgsSchema(StrictSchema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "Report only (a preview)"})
    record_erased_again = fields.Boolean(load_default=False, metadata={
        "description": "Import the rows of households erased on request too (the people asked to be "
                       "recorded again; audited). Without it they are reported with status `erased`"})


class ImportFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "The household list, CSV or XLSX"})


class ImportRowSchema(Schema):
    row = fields.Integer(metadata={"description": "As numbered in the file: the first data row is 1"})
    status = fields.String(metadata={
        "description": "accepted, repaired, warning, unchanged, rejected or erased (the code of a household "
                       "erased on request: not imported again)"})
    messages = fields.List(fields.String())


class ImportReportSchema(Schema):
    accepted = fields.Integer()
    rejected = fields.Integer()
    warnings = fields.Integer()
    repaired = fields.Integer()
    unchanged = fields.Integer()
    erased = fields.Integer(metadata={"description": "Rows of households erased on request, not imported"})
    rows = fields.List(fields.Nested(ImportRowSchema))


@blp.route("/households", methods=["POST"])
@requires("officer")
@blp.arguments(ImportArgsSchema, location="query")
@blp.arguments(ImportFileSchema, location="files")
@blp.response(200, ImportReportSchema)
@blp.alt_response(422, description="The file cannot be read as a household list")
def households(args, files):
    """Import a CSV or XLSX household list (multipart field `file`) into the user's commune."""
    upload = files["file"]
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ApiError(413, _("The file is larger than 10 MB."), code="too_large")
    try:
        result = import_households(current_user.commune, current_user, data, upload.filename,
                                   commit=not args["dry_run"],
                                   record_erased_again=args["record_erased_again"])
    except (TableError, HouseholdImportError) as exc:
        db.session.rollback()
        raise ApiError(422, str(exc), code="validation_error", fields={"file": [str(exc)]}) from None
    return result
