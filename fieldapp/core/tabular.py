"""Reading the tables offices hand over: CSV (with or without BOM, comma or semicolon) or XLSX."""
import csv
import io

from flask_babel import lazy_gettext as _l

from fieldapp.core.text import clean_text, fold


class TableError(ValueError):
    """The file cannot be read as a table; the message says why, for the user."""


def _decode(data):
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_l("The file is not UTF-8 text."))


def _csv_rows(data):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:  # a cell over the csv module's field limit (128 KiB)
        raise TableError(_l("The file cannot be read as CSV: a cell is longer than 128 KiB.")) from exc


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_l("The file is not a readable XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_table(data, filename="", clean=True):
    """Return (headers, rows): headers folded for matching, rows as lists of cleaned strings
    (or, with clean=False, the cells as written, for an importer that reports its repairs).

    Rows keep their place: rows[0] is the first data row of the file (row 1 in reports).
    """
    is_xlsx = filename.lower().endswith(".xlsx") or data[:2] == b"PK"
    rows = _xlsx_rows(data) if is_xlsx else _csv_rows(data)
    while rows and not any(clean_text(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise TableError(_l("The file is empty."))
    headers = [fold(h) for h in rows[0]]
    if not clean:
        return headers, rows[1:]
    return headers, [[clean_text(c) or "" for c in row] for row in rows[1:]]


def pick_columns(headers, wanted):
    """Map each wanted field to its column index, given folded header variants per field.

    `wanted` is {field: ("ma thon", "ma"), ...}; a field whose header is absent maps to None.
    """
    found = {}
    for field, variants in wanted.items():
        found[field] = next((i for i, h in enumerate(headers) if h in variants), None)
    return found
