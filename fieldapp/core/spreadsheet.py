"""Spreadsheets people open in Excel: XLSX written with openpyxl's write-only mode, and CSV
streamed for Excel, where no text a user typed can become a formula."""
import csv
from datetime import date, datetime
from io import BytesIO, StringIO
from urllib.parse import quote

from flask import current_app
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")


def defused(value):
    """Text for a CSV cell: a leading = + - @ gets a quote, so Excel shows it and runs nothing."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_stream(headers, rows, chunk=2000):
    """The bytes of a CSV file for Excel, as they are written, `chunk` rows at a time: UTF-8
    with a BOM (Excel then reads it as UTF-8, not in the PC's code page), the header row, then
    `rows` (lists of cells, written as given: the caller defuses the text users typed; None is
    an empty cell)."""
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")  # the rows after the last full chunk


def _cell(sheet, value, bold=False):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
    elif isinstance(value, datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"  # openpyxl's default shows ISO
    elif isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(title, headers, rows, heading=None, more=()):
    """One sheet: an optional heading, a table, then each (headers, rows) of `more` after a blank row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    if heading:
        sheet.append([_cell(sheet, heading, bold=True)])
        sheet.append([])
    sheet.append([_cell(sheet, header, bold=True) for header in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    for more_headers, more_rows in more:
        sheet.append([])
        sheet.append([_cell(sheet, header, bold=True) for header in more_headers])
        for row in more_rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(data, filename, mimetype):
    """A response that saves `data` (bytes, or an iterable of them to stream) as `filename`
    (UTF-8 names too, RFC 6266)."""
    response = current_app.response_class(data, mimetype=mimetype)
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}")
    return response
