"""The commune office's pages at /office: the start page and the monthly/quarterly report."""
from flask import Blueprint, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from fieldapp.core.permissions import requires
from fieldapp.core.spreadsheet import XLSX, download, xlsx_bytes
from fieldapp.core.templating import day
from fieldapp.core.vocabulary import BARRIERS
from fieldapp.dashboard.periods import CHOICES, chosen_period
from fieldapp.dashboard.reports import barrier_report, coverage_report
from fieldapp.extensions import db

bp = Blueprint("office", __name__, url_prefix="/office")
# The report's columns: DOMAIN.md's indicators with their Vietnamese labels (the report goes
# upward in Vietnamese, whatever the screen's language).
COLUMNS = [("households", "Tổng số hộ"), ("visited", "Số hộ đã đến hướng dẫn"),
           ("covered", "Số hộ có ít nhất 01 người biết sử dụng VNeID và DVCTT"), ("covered_pct", "Tỷ lệ (%)"),
           ("people_level2", "Số người đã kích hoạt VNeID mức 2"),
           ("people_capable", "Số người biết sử dụng DVCTT"),
           ("people_online_payment", "Số người biết thanh toán trực tuyến"),
           ("visits", "Số lượt hướng dẫn"), ("knocks", "Số lượt đến hộ (kể cả vắng nhà, từ chối)"),
           ("due_for_return", "Số hộ cần quay lại")]


@bp.route("")
@requires("officer")
def index():
    return render_template("office/index.html")


def _report():
    chosen, span = chosen_period(request.args)
    return chosen, coverage_report(current_user, None, span)


def _period_label(chosen):
    days = [day(date) for date in (chosen.date_from, chosen.date_to) if date]
    return " – ".join(days) or _("From the start")


@bp.route("/report")
@requires("officer")
def report():
    chosen, result = _report()
    barriers = barrier_report(current_user)
    db.session.commit()  # the request's one unit of work: the village summaries it counted
    return render_template("office/report.html", chosen=chosen, choices=CHOICES, report=result,
                           period=_period_label(chosen), barriers=barriers)


@bp.route("/report.xlsx")
@requires("officer")
def report_xlsx():
    chosen, result = _report()
    heading = f"{current_user.commune.name}: kết quả phổ cập kỹ năng số, {_period_label(chosen)}"
    rows = [[row["name"], *(row[key] for key, _label in COLUMNS)] for row in result["villages"]]
    rows.append(["Tổng", *(result["total"][key] for key, _label in COLUMNS)])
    barriers = barrier_report(current_user)
    db.session.commit()  # the request's one unit of work: the village summaries it counted
    with force_locale("vi"):  # DOMAIN.md's labels
        blocked = [[str(label), barriers["total"]["barriers"][key],
                    *(village["barriers"][key] for village in barriers["villages"])]
                   for key, label in BARRIERS.items()]
    data = xlsx_bytes("Báo cáo", ["Thôn", *(label for _key, label in COLUMNS)], rows, heading=heading,
                      more=[(["Hộ chưa đạt theo khó khăn, vướng mắc", "Tổng",
                              *(village["name"] for village in barriers["villages"])], blocked)])
    suffix = chosen.date_from.strftime("%Y-%m") if chosen.date_from else "tu-dau"
    return download(data, f"bao-cao-{current_user.commune.code}-{suffix}.xlsx", XLSX)
