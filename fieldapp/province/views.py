"""The supervisor's pages: the province's communes side by side (figures, rank, targets), the
same table as an XLSX workbook, and the communes' issued reports (listed, printable, as Word
files: the office's own report page and file). Counts only: no household, member or visit is
shown or linked."""
from flask import Blueprint, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from fieldapp.core.permissions import PROVINCE, requires
from fieldapp.core.spreadsheet import XLSX, download, xlsx_bytes
from fieldapp.core.templating import day
from fieldapp.core.vocabulary import GROUPS
from fieldapp.dashboard.periods import CHOICES, chosen_period, local_today
from fieldapp.extensions import db
from fieldapp.plans.indicators import TARGETED
from fieldapp.plans.issued_output import download_issued, render_issued
from fieldapp.plans.report_labels import by_group, period_label
from fieldapp.plans.targets import targets_of
from fieldapp.province import reports as issued
from fieldapp.province.queries import commune_rows, province_seen
from fieldapp.province.schemas import ReportArgsSchema

bp = Blueprint("province", __name__, url_prefix="/province")
# The workbook's columns, with the report's Vietnamese labels (it goes upward in Vietnamese).
COLUMNS = [("rank", "Xếp hạng"), ("households", "Tổng số hộ"), ("visited", "Số hộ đã đến hướng dẫn"),
           ("covered", "Số hộ có ít nhất 01 người biết sử dụng VNeID và DVCTT"), ("covered_pct", "Tỷ lệ (%)"),
           ("people_level2", "Số người đã kích hoạt VNeID mức 2"),
           ("people_capable", "Số người biết sử dụng DVCTT"),
           ("people_online_payment", "Số người biết thanh toán trực tuyến"),
           ("visits", "Số lượt hướng dẫn"), ("knocks", "Số lượt đến hộ (kể cả vắng nhà, từ chối)"),
           ("due_for_return", "Số hộ cần quay lại"), ("desk_contacts", "Số lượt hỗ trợ tại Bộ phận Một cửa"),
           ("sessions", "Số buổi tuyên truyền, tập huấn"), ("session_attendance", "Số người dự"),
           ("organisations", "Số tổ chức, doanh nghiệp"),
           ("organisations_covered", "Số tổ chức, doanh nghiệp đã có tài khoản và nộp hồ sơ trực tuyến")]


def _period_label(chosen):
    days = [day(date) for date in (chosen.date_from, chosen.date_to) if date]
    return " – ".join(days) or _("From the start")


def _table():
    chosen, span = chosen_period(request.args)
    rows = commune_rows(current_user, span)
    return chosen, rows


@bp.route("")
@requires(PROVINCE)
def index():
    chosen, rows = _table()
    today = local_today()
    targets = {row["commune_id"]: [item for item in targets_of(row["commune_id"], today)
                                   if item["village_id"] is None] for row in rows}
    db.session.commit()  # the request's one unit of work: the village summaries it counted
    return render_template("province/index.html", province=province_seen(current_user), rows=rows,
                           ranked=sorted(rows, key=lambda row: (row["rank"], row["name"])),
                           targets=targets, labels=TARGETED, chosen=chosen, choices=CHOICES,
                           period=_period_label(chosen), groups=GROUPS, by_group=by_group)


@bp.route("/communes.xlsx")
@requires(PROVINCE)
def communes_xlsx():
    chosen, rows = _table()
    db.session.commit()
    province = province_seen(current_user)
    heading = (f"{province.name if province else current_user.commune.name}: kết quả phổ cập kỹ năng số "
               f"theo xã, {_period_label(chosen)}")
    with force_locale("vi"):
        grouped = [(key, f"{label}: số người", f"{label}: có tài khoản Cổng DVC")
                   for key, label in ((key, str(label)) for key, label in GROUPS.items())]
    headers = ["Mã xã", "Tên xã", *(label for _key, label in COLUMNS),
               *(label for _key, *labels in grouped for label in labels)]
    data = xlsx_bytes("Các xã", headers,
                      [[row["code"], row["name"], *(row[key] for key, _label in COLUMNS),
                        *(row["groups"][key][figure] for key, *_labels in grouped
                          for figure in ("members", "portal_account"))] for row in rows],
                      heading=heading)
    suffix = chosen.date_from.strftime("%Y-%m") if chosen.date_from else "tu-dau"
    return download(data, f"cac-xa-{province.code if province else 'xa'}-{suffix}.xlsx", XLSX)


def _report_filter():
    """The list's filter from the address (commune_id, period); a bad one is said, not applied."""
    try:
        # The form's "all communes" and "all periods" send empty values: no filter.
        return ReportArgsSchema().load({key: value for key, value in request.args.items() if value}), None
    except ValidationError as error:
        messages = [text for texts in error.messages.values()
                    for text in (texts if isinstance(texts, list) else [texts])]
        return {"commune_id": None, "period": None}, " ".join(str(text) for text in messages)


@bp.route("/reports")
@requires(PROVINCE)
def reports():
    """The issued reports of the province's communes, newest first, by commune and period."""
    args, error = _report_filter()
    every = issued.reports_seen(current_user)
    periods = {report.period: report.kind for report, _commune in every}
    shown = issued.reports_seen(current_user, args["commune_id"], args["period"])
    return render_template("province/reports.html", province=province_seen(current_user), reports=shown,
                           communes=issued.communes_with_reports(current_user), args=args, error=error,
                           periods=[(key, period_label(kind, key)) for key, kind in sorted(periods.items(),
                                                                                            reverse=True)],
                           period_label=period_label)


@bp.route("/reports/<id:report_id>")
@requires(PROVINCE)
def report(report_id):
    """A commune's issued report as it was issued, laid out for the browser's Print (A4)."""
    found = issued.province_report(current_user, report_id)
    back = (url_for("province.reports"), _("Reports of the communes"))
    return render_issued(found, "province/_nav.html", back,
                         url_for("province.report_docx", report_id=found.id))


@bp.route("/reports/<id:report_id>.docx")
@requires(PROVINCE)
def report_docx(report_id):
    """A commune's issued report as its Word document, numbers as issued."""
    return download_issued(issued.province_report(current_user, report_id))
