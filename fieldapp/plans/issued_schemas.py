"""What the issued reports' endpoints read (load) and answer (dump)."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields

from fieldapp.core.forbidden_text import forbidden_message
from fieldapp.core.text import clean_text
from fieldapp.core.validation import StrictSchema

MAX_TEXT = 5000  # characters of each text part: a page or two of a report


class ReportText(fields.String):
    """A text part of a report: each line normalised as DOMAIN.md says, its paragraphs kept
    (at most one blank line between two); blank is ""; never an ID-card number or a secret."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        lines = [clean_text(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        kept = []
        for line in lines:
            if line or (kept and kept[-1]):
                kept.append(line)
        text = "\n".join(kept).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError([_l("At most %(n)d characters.", n=MAX_TEXT)])
        message = forbidden_message(text)
        if message:
            raise ValidationError([message])
        return text


class ReportInSchema(StrictSchema):
    period = fields.String(required=True, metadata={
        "description": 'A month "2026-03", a quarter "2026-Q1", a half year "2026-H1" or a year "2026". '
                       "A period not ended yet is counted up to the day of issue; one not begun is refused."})
    difficulties = ReportText(load_default="", metadata={"description": "Difficulties (khó khăn, vướng mắc)"})
    causes = ReportText(load_default="", metadata={"description": "Their causes (nguyên nhân)"})
    proposals = ReportText(load_default="", metadata={
        "description": "Solutions and proposals (giải pháp, đề xuất, kiến nghị)"})


class IssuedReportSummarySchema(Schema):
    id = fields.Integer()
    number = fields.String(metadata={"description": '"NN/BC-YYYY": the commune\'s NN-th report of the year'})
    period = fields.String()
    kind = fields.String(metadata={"description": "month, quarter, half or year"})
    date_from = fields.Date()
    date_to = fields.Date(metadata={"description": "The last day counted: the day of issue if the period "
                                                   "had not ended"})
    issued_at = fields.DateTime()
    issued_by_id = fields.Integer(allow_none=True)


class IssuedReportSchema(IssuedReportSummarySchema):
    difficulties = fields.String()
    causes = fields.String()
    proposals = fields.String()
    figures = fields.Dict(metadata={
        "description": "Frozen at issue: the coverage indicators by their API names (as GET "
                       "/api/v1/stats/coverage for the period), `villages`, `targets`, `members` (the "
                       "emulation ranking), `desk`, `sessions_held` and `barriers` (docs/plans.md)"})


class IssuedReportListSchema(Schema):
    items = fields.List(fields.Nested(IssuedReportSummarySchema))
