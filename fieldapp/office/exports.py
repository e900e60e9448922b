"""Household lists for Excel: GET /exports/households.csv and .xlsx (API.md), with the filters of
the households list, officer and above, each export written to the audit log.

The headers are the Vietnamese ones the importer reads, so an exported list can be imported
again. Text a user typed that starts like a formula is defused (core/spreadsheet.py).
"""
import csv
import io

from flask import Blueprint, abort, request, stream_with_context
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from fieldapp.core import audit
from fieldapp.core.permissions import check_village, requires
from fieldapp.core.spreadsheet import XLSX, defused, download, xlsx_bytes
from fieldapp.core.templating import localtime
from fieldapp.extensions import db
from fieldapp.households.queries import count_of, households_for
from fieldapp.households.skills import STATUSES
from fieldapp.places.models import Village

bp = Blueprint("exports", __name__, url_prefix="/exports")
HEADERS = ["Mã hộ", "Thôn", "Họ tên chủ hộ", "Địa chỉ", "Số điện thoại", "Số nhân khẩu", "Vĩ độ",
           "Kinh độ", "Tình trạng", "Lần đến gần nhất", "Hẹn quay lại", "Đồng ý cung cấp thông tin"]
CONSENT_VI = {"given": "Đồng ý", "declined": "Không đồng ý", "not_asked": "Chưa hỏi"}
CHUNK = 500


def _filters():
    """The households list's filters from the query string; a bad one is a 400 page."""
    args = request.args
    filters = {"village_id": None, "status": None, "q": None}
    if args.get("village_id"):
        if not args["village_id"].isdigit():
            abort(400, _("The village filter is not a number."))
        filters["village_id"] = int(args["village_id"])
        check_village(current_user, db.session.get(Village, filters["village_id"]))
    if args.get("status"):
        if args["status"] not in STATUSES:
            abort(400, _("Unknown status filter."))
        filters["status"] = args["status"]
    if args.get("q"):
        if len(args["q"]) > 200:
            abort(400, _("The search is longer than 200 characters."))
        filters["q"] = args["q"]
    return filters


def _rows(filters):
    with force_locale("vi"):  # the file is Vietnamese, whatever the screen's language
        statuses = {key: str(label) for key, label in STATUSES.items()}
    names = dict(db.session.execute(select(Village.id, Village.name).where(
        Village.commune_id == current_user.commune_id)).all())
    statement = households_for(current_user, **filters).execution_options(yield_per=CHUNK)
    for household in db.session.scalars(statement):
        yield [household.code, names.get(household.village_id), household.head_name, household.address,
               household.phone, household.member_count, household.lat, household.lon,
               statuses.get(household.status, household.status),
               localtime(household.last_visit_at) if household.last_visit_at else None,
               household.next_visit_on.strftime("%d/%m/%Y") if household.next_visit_on else None,
               CONSENT_VI.get(household.consent, household.consent)]


def _audited(kind, filters):
    rows = db.session.scalar(count_of(households_for(current_user, **filters)))
    audit.record("export", current_user, format=kind, filters={k: v for k, v in filters.items() if v},
                 rows=rows)
    db.session.commit()


@bp.route("/households.csv")
@requires("officer")
def households_csv():
    filters = _filters()
    _audited("csv", filters)

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADERS)
        yield "\ufeff" + buffer.getvalue()  # a BOM: Excel then reads the file as UTF-8
        buffer.seek(0)
        buffer.truncate()
        for number, row in enumerate(_rows(filters), start=1):
            writer.writerow(["" if value is None else defused(value) for value in row])
            if number % CHUNK == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()  # the rows after the last full chunk

    return download(stream_with_context(_encode(generate())), "ho-gia-dinh.csv", "text/csv")


def _encode(chunks):
    for chunk in chunks:
        if chunk:
            yield chunk.encode("utf-8")


@bp.route("/households.xlsx")
@requires("officer")
def households_xlsx():
    filters = _filters()
    _audited("xlsx", filters)
    data = xlsx_bytes("Hộ gia đình", HEADERS, _rows(filters))
    return download(data, "ho-gia-dinh.xlsx", XLSX)

