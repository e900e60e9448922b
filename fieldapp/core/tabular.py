"""Reading the tables offices hand over: CSV (with or without BOM, comma or semicolon) or XLSX.

A file is read within limits checked before and while reading, so that a small upload cannot
keep a worker busy for minutes: an XLSX's unzipped size (a zip bomb), and the rows and columns
of either kind (a sheet declaring A1:XFD1048576 must not make the reader build those cells).
"""
import csv
import io
import zipfile

from flask_babel import lazy_gettext as _l

from fieldapp.core.text import clean_text, fold

MAX_UNZIPPED = 50 * 1024 * 1024  # a commune's list is a few MB unzipped
MAX_ROWS = 50_000  # a commune has a few thousand households
MAX_COLUMNS = 100
MAX_CELL = 128 * 1024  # the csv module's own limit, stated


class TableError(ValueError):
    """The file cannot be read as a table; the message says why, for the user."""


def _too_many_rows():
    return TableError(_l("The file has more than %(most)d rows.", most=MAX_ROWS))


def _checked(rows):
    """The rows, refused as soon as there are too many; the columns past MAX_COLUMNS are not read."""
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise _too_many_rows()
        yield row[:MAX_COLUMNS]


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(_checked(reader))
    except csv.Error:  # with newline="", only a cell over csv.field_size_limit() (MAX_CELL)
        raise TableError(_l("Row %(row)d has a cell longer than 128 KiB.",
                            row=max(reader.line_num - 1, 1))) from None


def _trimmed(row):
    """The row without its empty cells at the end (openpyxl pads each row to the last column)."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def _unzipped_size(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TableError(_l("The file is not a readable XLSX workbook.")) from exc


def _xlsx_rows(data):
    from openpyxl import load_workbook

    # zipfile reads no more than an entry's declared size (a longer one fails its CRC check),
    # so the declared sizes bound what openpyxl can inflate.
    if _unzipped_size(data) > MAX_UNZIPPED:
        raise TableError(_l("The workbook is too large once unzipped (more than %(most)d MB): "
                            "save it again, or as CSV.", most=MAX_UNZIPPED // (1024 * 1024)))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_l("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        # Not the sheet's declared dimension: openpyxl would pad every row to its width. With a
        # last column given, a row's cells past it are skipped, never padded up to.
        sheet.reset_dimensions()
        cells = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return [["" if cell is None else str(cell) for cell in _trimmed(row)] for row in _checked(cells)]
    except TableError:
        raise
    except Exception as exc:  # a broken sheet shows while reading
        raise TableError(_l("The file is not a readable XLSX workbook.")) from exc
    finally:
        workbook.close()


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
