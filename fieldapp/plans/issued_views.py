"""The office's pages for the reports it sends upward: the list and the form to issue one (its
figures shown before issuing), an issued report's print-friendly page, and its Word file."""
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fieldapp.core.errors import ApiError
from fieldapp.core.permissions import requires
from fieldapp.dashboard.periods import local_today
from fieldapp.extensions import db
from fieldapp.plans import issued
from fieldapp.plans.issued_output import download_issued, render_issued, report_labels
from fieldapp.plans.issued_schemas import ReportInSchema
from fieldapp.plans.report_labels import period_label
from fieldapp.plans.report_periods import parse_period
from fieldapp.plans.views import _load, _run

bp = Blueprint("office_reports", __name__)
TEXTS = ("difficulties", "causes", "proposals")


def _choices(today):
    """The periods an officer most often reports on, newest first: this and the last two months,
    this and last quarter, this and last half year, this and last year."""
    months = [date(today.year - (today.month <= back), (today.month - back - 1) % 12 + 1, 1)
              for back in range(3)]
    quarter, half = (today.month - 1) // 3 + 1, (today.month - 1) // 6 + 1
    keys = [f"{month:%Y-%m}" for month in months]
    keys += [f"{today.year}-Q{quarter}",
             f"{today.year - 1}-Q4" if quarter == 1 else f"{today.year}-Q{quarter - 1}"]
    keys += [f"{today.year}-H{half}", f"{today.year - 1}-H2" if half == 1 else f"{today.year}-H1"]
    keys += [str(today.year), str(today.year - 1)]
    return [(key, period_label(parse_period(key).kind, key)) for key in keys]


@bp.route("/office/reports", methods=["GET", "POST"])
@requires("officer")
def index():
    """The commune's issued reports, and the figures of a period with the form to issue them."""
    today = local_today()
    if request.method == "POST":
        form = request.form
        data = _load(ReportInSchema, {"period": form.get("period", ""),
                                      **{key: form.get(key, "") for key in TEXTS}})
        report = _run(issued.issue_report, data, today) if data is not None else None
        if report is not None:
            flash(_("Report no. %(number)s is issued: its figures will not change.", number=report.number),
                  "success")
            return redirect(url_for("office_reports.show", report_id=report.id))
    chosen = request.values.get("period") or f"{today:%Y-%m}"
    preview = period = None
    try:
        period = issued.report_period(chosen, today)
        preview = issued.build_figures(current_user, period, today)
    except ApiError as error:
        for messages in (error.fields or {}).values():
            flash(messages[0], "error")
    choices = _choices(today)
    if period is not None and period.key not in dict(choices):  # typed in the address, or an older one
        choices.insert(0, (period.key, period_label(period.kind, period.key)))
    reports = db.session.scalars(issued.reports_of(current_user.commune_id)).all()
    return render_template("plans/reports.html", reports=reports, choices=choices, chosen=chosen,
                           period=period, figures=preview, form=request.form, labels=report_labels(),
                           period_label=period_label)


@bp.route("/office/reports/<id:report_id>")
@requires("officer")
def show(report_id):
    """An issued report as it was issued, laid out for the browser's Print (A4)."""
    report = issued.issued_report(current_user, report_id)
    return render_issued(report, "office/_nav.html", (url_for("office_reports.index"), _("Reports sent")),
                         url_for("office_reports.docx", report_id=report.id))


@bp.route("/reports/<id:report_id>.docx")
@requires("officer")
def docx(report_id):
    """An issued report as a Word document, numbers as issued."""
    return download_issued(issued.issued_report(current_user, report_id))
