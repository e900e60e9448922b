"""The issued reports' API: issue a report of a period, list them, read one (plans/issued.py).

The commune office (officer and above) issues and reads its own commune's reports; another
commune's report does not exist for them (404)."""
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.core.permissions import requires
from fieldapp.dashboard.periods import local_today
from fieldapp.extensions import db
from fieldapp.plans import issued
from fieldapp.plans.issued_schemas import IssuedReportListSchema, IssuedReportSchema, ReportInSchema

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports",
                description="The reports the commune sends upward, issued, numbered and frozen.")


@blp.route("", methods=["POST"])
@requires("officer")
@blp.arguments(ReportInSchema)
@blp.response(201, IssuedReportSchema)
@blp.alt_response(409, description="Another report took this number at the same moment: issue again")
def issue(data):
    """Issue the commune's report of a month, quarter, half year or year: its figures are counted
    now and frozen, and it gets the commune's next number of the year ("NN/BC-YYYY"). A period
    not ended yet is counted up to today (`date_to`); one not begun is refused (422). Audited."""
    report = issued.issue_report(current_user, data, local_today())
    db.session.commit()
    return report


@blp.route("")
@requires("officer")
@blp.response(200, IssuedReportListSchema)
def list_reports():
    """The commune's issued reports, newest first, without their figures."""
    return {"items": db.session.scalars(issued.reports_of(current_user.commune_id)).all()}


@blp.route("/<id:report_id>")
@requires("officer")
@blp.response(200, IssuedReportSchema)
def get_report(report_id):
    """One issued report, as it was issued (the same body as the POST's answer)."""
    return issued.issued_report(current_user, report_id)
