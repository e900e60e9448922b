"""Household lists for Excel: GET /exports/households.csv and .xlsx (API.md), with the filters of
the households list, officer and above, each export written to the audit log.

The headers are the Vietnamese ones the importer reads, so an exported list can be imported
again. Text a user typed that starts like a formula is defused (core/spreadsheet.py).

Both files are streamed as they are written, whatever the list's length: the rows are read in
chunks as plain rows (not ORM objects), and the XLSX is zipped on the fly (`_xlsx_stream`), so
memory stays flat (bench/office.py: 100,000 households).
"""
import re
import zipfile
from xml.sax.saxutils import quoteattr
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, stream_with_context
from flask_babel import force_locale, get_timezone
from flask_login import current_user
from webargs.flaskparser import parser

from fieldapp.core import audit
from fieldapp.core.pagination import count_of
from fieldapp.core.permissions import requires
from fieldapp.core.spreadsheet import XLSX, csv_stream, defused, download
from fieldapp.core.vocabulary import STATUSES
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.households.queries import households_for
from fieldapp.households.schemas import HouseholdFilterSchema
from fieldapp.places.models import Village
from fieldapp.places.queries import scoped_village_id

bp = Blueprint("exports", __name__, url_prefix="/exports")
HEADERS = ["Mã hộ", "Thôn", "Họ tên chủ hộ", "Địa chỉ", "Số điện thoại", "Số nhân khẩu", "Vĩ độ",
           "Kinh độ", "Tình trạng", "Lần đến gần nhất", "Hẹn quay lại", "Đồng ý cung cấp thông tin"]
CONSENT_VI = {"given": "Đồng ý", "declined": "Không đồng ý", "not_asked": "Chưa hỏi"}
COLUMNS = (Household.code, Village.name, Household.head_name, Household.address, Household.phone,
           Household.member_count, Household.lat, Household.lon, Household.status, Household.last_visit_at,
           Household.next_visit_on, Household.consent)
TYPED = slice(0, 5)  # code, village, head name, address, phone: the text people typed
CHUNK = 2000  # rows read from the database at a time, and written to the response at a time
FILTERS = HouseholdFilterSchema()


def _filters():
    """The households list's filters from the query string, read by the list's own schema: a
    bad or unknown one is the list's 422, with the same messages."""
    filters = parser.parse(FILTERS, location="query")
    scoped_village_id(current_user, filters["village_id"], households=True)
    return filters


def _prepared(kind, filters):
    """Audit the export and return the function that yields its rows.

    Everything that needs the user is done here, in the view: a streamed body runs after the
    request's session has been committed and removed, when `current_user` can no longer be read
    (a stream that read it failed with DetachedInstanceError in a real server; the tests' outer
    app context hid it). The stream itself only runs the statement made here.
    """
    statement = households_for(current_user, **filters)
    # The search is not kept: it is often a person's name or phone, and the log holds none.
    kept = {key: value for key, value in filters.items() if value and key != "q"}
    if filters.get("q"):
        kept["search"] = True
    rows = db.session.scalar(count_of(statement))
    audit.record("export", current_user, format=kind, filters=kept, rows=rows)
    db.session.commit()
    statement = statement.with_only_columns(*COLUMNS)
    with force_locale("vi"):  # the file is Vietnamese, whatever the screen's language
        statuses = {key: str(label) for key, label in STATUSES.items()}
    zone = _zone()

    def rows():
        # plain rows, CHUNK at a time (a server-side cursor on PostgreSQL), not ORM objects
        connection = db.session.connection().execution_options(yield_per=CHUNK)
        for (code, village, head, address, phone, members, lat, lon, status, last_visit, next_visit,
             consent) in connection.execute(statement):
            if last_visit:  # as core/templating.py's `localtime` writes it (dd/MM/yyyy HH:mm), faster
                last_visit = last_visit.astimezone(zone)
                last_visit = (f"{last_visit.day:02}/{last_visit.month:02}/{last_visit.year} "
                              f"{last_visit.hour:02}:{last_visit.minute:02}")
            yield [code, village, head, address, phone, members, lat, lon, statuses.get(status, status),
                   last_visit, f"{next_visit.day:02}/{next_visit.month:02}/{next_visit.year}" if next_visit
                   else None, CONSENT_VI.get(consent, consent)]

    return rows


def _zone():
    """The deployment's time zone, as a zoneinfo zone (converting with it is 3x faster than pytz's)."""
    zone = get_timezone()
    try:
        return ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return zone


@bp.route("/households.csv")
@requires("officer")
def households_csv():
    rows = _prepared("csv", _filters())

    def defused_rows():
        for row in rows():
            row[TYPED] = [defused(value) for value in row[TYPED]]
            yield row

    return download(stream_with_context(csv_stream(HEADERS, defused_rows(), CHUNK)), "ho-gia-dinh.csv",
                    "text/csv")


@bp.route("/households.xlsx")
@requires("officer")
def households_xlsx():
    rows = _prepared("xlsx", _filters())
    return download(stream_with_context(_xlsx_stream("Hộ gia đình", HEADERS, rows())), "ho-gia-dinh.xlsx",
                    XLSX)


# --- XLSX, streamed ------------------------------------------------------------------------------
# openpyxl's write-only mode keeps memory low but writes the whole workbook before the first byte
# can be sent, and costs ~0.2 ms a row. This writes the same workbook (one sheet, the header in
# bold, text as inline strings so nothing can become a formula, numbers as numbers) straight into
# a ZIP that is sent as it grows: zipfile writes to a stream that cannot seek by putting each
# file's sizes after its data. (It could move to core/spreadsheet.py for other long lists.)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPES}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPES}.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" '
        f'Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (  # style 0: normal; style 1: bold, for the header
        f'<styleSheet xmlns="{_MAIN}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
# Characters XML 1.0 cannot carry (openpyxl refuses them): dropped from the sheet.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_bytes(text):
    # all of them are unprintable: a chunk that is all printable (almost every one) needs no
    # search, and isprintable() is four times faster than the regular expression
    return (text if text.isprintable() else _NOT_XML.sub("", text)).encode("utf-8")


def _letters(count):
    letters = []
    for index in range(count):
        name, index = "", index + 1
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _xml_row(number, values, letters, style=""):
    """One <row>: text as an inline string, int and float as numbers, None and "" as no cell."""
    cells, number = [], str(number)
    for letter, value in zip(letters, values, strict=False):
        kind = type(value)
        if kind is str:
            if not value:
                continue
            if "&" in value or "<" in value or ">" in value:
                value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
            cells.append(f'<c r="{letter}{number}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>')
        elif kind is int or kind is float:
            cells.append(f'<c r="{letter}{number}"{style}><v>{value!r}</v></c>')  # repr: the exact double
        elif value is not None:
            raise TypeError(f"no XLSX cell for {kind.__name__}")
    return f'<row r="{number}">{"".join(cells)}</row>'


class _Sink:
    """Where zipfile writes: kept until the stream takes it (no seek, no tell: zipfile then
    writes each file's sizes after its data)."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data, self.parts = b"".join(self.parts), []
        return data


def _xlsx_stream(title, headers, rows, chunk=CHUNK):
    """The bytes of an XLSX workbook of one sheet (`headers` in bold, then `rows`), as it is zipped."""
    sink = _Sink()
    # Level 1: for 100,000 households 7.4 MB instead of 6.2 MB at level 6, in a third of the time.
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, xml in _PARTS.items():
            archive.writestr(name, _XML + xml)
        archive.writestr("xl/workbook.xml", (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>'
            f'<sheet name={quoteattr(title[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>'))
        yield sink.take()
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            letters = _letters(len(headers))
            sheet.write(_xml_bytes(f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>'
                                   + _xml_row(1, headers, letters, style=' s="1"')))
            lines = []
            for number, row in enumerate(rows, start=2):
                lines.append(_xml_row(number, row, letters))
                if number % chunk == 0:
                    sheet.write(_xml_bytes("".join(lines)))
                    lines = []
                    yield sink.take()
            lines.append("</sheetData></worksheet>")
            sheet.write(_xml_bytes("".join(lines)))
    yield sink.take()
