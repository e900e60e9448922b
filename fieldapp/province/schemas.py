"""The province's table and its communes' issued reports: query arguments and answers."""
from marshmallow import Schema, fields, post_load, validates

from fieldapp.core.validation import RowId, StrictSchema, invalid
from fieldapp.dashboard.schemas import CoverageArgsSchema, CoverageIndicatorsSchema
from fieldapp.plans.issued_schemas import IssuedReportSummarySchema
from fieldapp.plans.report_periods import PeriodError, parse_period


class PeriodArgsSchema(CoverageArgsSchema):
    """A period of local dates, read as the coverage report reads it (no village: the table is
    of communes)."""

    class Meta(CoverageArgsSchema.Meta):
        exclude = ("village_id",)


class CommuneRowSchema(CoverageIndicatorsSchema):
    commune_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    rank = fields.Integer(metadata={"description": "1 for the highest covered share of the province's "
                                                   "communes; equal shares share a rank"})


class CommunesSchema(Schema):
    date_from = fields.Date(allow_none=True)
    date_to = fields.Date(allow_none=True)
    items = fields.List(fields.Nested(CommuneRowSchema))


class ReportArgsSchema(StrictSchema):
    commune_id = RowId(load_default=None, metadata={"description": "One commune of the province only"})
    period = fields.String(load_default=None, metadata={
        "description": 'One period only, as the reports name it: "2026-03", "2026-Q1", "2026-H1", "2026"'})

    @validates("period")
    def _readable(self, value, **kwargs):
        if value is None:
            return
        try:
            parse_period(value)
        except PeriodError as error:
            raise invalid(str(error)) from None

    @post_load
    def _as_key(self, data, **kwargs):
        if data["period"] is not None:
            data["period"] = parse_period(data["period"]).key
        return data


class CommuneNameSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()


class ProvinceReportSummarySchema(IssuedReportSummarySchema):
    class Meta:
        exclude = ("issued_by_id",)

    commune = fields.Nested(CommuneNameSchema)


class ProvinceReportListSchema(Schema):
    items = fields.List(fields.Nested(ProvinceReportSummarySchema))
