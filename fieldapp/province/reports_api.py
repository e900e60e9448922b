"""The issued reports of the province's communes as JSON (a supervisor's; an admin's commune's)."""
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.core.permissions import PROVINCE, requires
from fieldapp.plans.issued_schemas import IssuedReportSchema
from fieldapp.province import reports
from fieldapp.province.schemas import ProvinceReportListSchema, ReportArgsSchema

blp = Blueprint("province_reports", __name__, url_prefix="/api/v1/province",
                description="The issued reports of a province's communes: read as issued, never a household.")


@blp.route("/reports")
@requires(PROVINCE)
@blp.arguments(ReportArgsSchema, location="query")
@blp.response(200, ProvinceReportListSchema)
def list_reports(args):
    """The issued reports of the communes the user reads (a supervisor: its province's; an admin:
    its own commune's), newest first, without their figures."""
    return {"items": reports.listed(current_user, args["commune_id"], args["period"])}


@blp.route("/reports/<id:report_id>")
@requires(PROVINCE)
@blp.response(200, IssuedReportSchema)
def get_report(report_id):
    """One issued report, as it was issued: the same body as the commune's GET /api/v1/reports/<id>."""
    return reports.province_report(current_user, report_id)
