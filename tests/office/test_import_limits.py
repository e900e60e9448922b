"""Files that would tie up a worker: a zip bomb, a sheet declaring a million rows by 16,384
columns, a CSV cell over 128 KiB. Every import path (households and villages; API, office page,
command line) refuses them before opening the workbook, with a message, and writes nothing."""
import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from fieldapp.core import tabular
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.places.models import Village

SHEET = "xl/worksheets/sheet1.xml"
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def workbook(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(data, write_sheet):
    """The workbook `data` with its first sheet's XML written by `write_sheet(stream)`."""
    out = io.BytesIO()
    with (zipfile.ZipFile(io.BytesIO(data)) as source,
          zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target):
        for info in source.infolist():
            if info.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                target.writestr(info, source.read(info))
    return out.getvalue()


def inline(value):
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


HOUSEHOLD_HEADERS = ("Họ tên chủ hộ", "Thôn")


def bomb(headers=HOUSEHOLD_HEADERS, size=120 * 1024 * 1024):
    """About 100 KB on disk, `size` bytes of rows once unzipped."""
    def write(stream):
        stream.write((HEAD + "<sheetData><row>" + "".join(inline(h) for h in headers) + "</row>").encode())
        chunk = f"<row>{inline('An')}{inline('Thôn T01')}</row>".encode() * 10_000  # rows unnumbered: alike
        written = 0
        while written < size:
            stream.write(chunk)
            written += len(chunk)
        stream.write(b"</sheetData></worksheet>")
    return with_sheet(workbook([headers]), write)


def declared_huge(rows):
    """A small sheet declaring it spans A1:XFD1048576."""
    def write(stream):
        body = "".join(f'<row r="{n}">' + "".join(inline(v) for v in row) + "</row>"
                       for n, row in enumerate(rows, start=1))
        stream.write((HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>' + body
                      + "</sheetData></worksheet>").encode())
    return with_sheet(workbook(rows[:1]), write)


@pytest.fixture(scope="module")
def household_bomb():
    return bomb()


def count(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def post_api(client, token, data, filename):
    return client.post("/api/v1/imports/households", data={"file": (io.BytesIO(data), filename)},
                       headers={"X-CSRFToken": token}, content_type="multipart/form-data")


def test_the_bomb_is_small_on_disk_and_large_unzipped(household_bomb):
    assert len(household_bomb) < 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(household_bomb)) as archive:
        assert archive.getinfo(SHEET).file_size > tabular.MAX_UNZIPPED


@pytest.fixture
def workbooks_opened(monkeypatch):
    """Every workbook openpyxl is asked to open: a bomb must be refused before that, from the
    sizes the zip declares (opening it is what keeps a worker busy for minutes)."""
    import openpyxl

    opened, real = [], openpyxl.load_workbook

    def recording(*args, **kwargs):
        opened.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", recording)
    return opened


def test_a_zip_bomb_is_refused_through_the_api_before_it_is_opened(client, team, login, household_bomb,
                                                                   workbooks_opened):
    token = login(team["officer"])
    response = post_api(client, token, household_bomb, "ho.xlsx")
    assert workbooks_opened == []
    assert response.status_code in (413, 422), response.get_data(as_text=True)
    assert response.get_json()["error"]["message"]
    assert count(Household) == 0


def test_a_zip_bomb_is_refused_on_the_import_page(client, team, office, household_bomb, workbooks_opened):
    response = client.post("/office/import", data={"csrf_token": office.token,
                                                   "file": (io.BytesIO(household_bomb), "ho.xlsx")},
                           content_type="multipart/form-data")
    assert workbooks_opened == []
    assert response.status_code in (413, 422)
    assert "too large once unzipped" in response.get_data(as_text=True)


def test_a_village_bomb_is_refused_on_the_page_and_on_the_command_line(client, team, office, runner,
                                                                       tmp_path, workbooks_opened):
    data = bomb(("Mã thôn", "Tên thôn"))
    response = client.post("/office/villages/import", data={"csrf_token": office.token,
                                                            "file": (io.BytesIO(data), "thon.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code in (413, 422)
    path = tmp_path / "thon.xlsx"
    path.write_bytes(data)
    result = runner.invoke(args=["import-villages", str(path), "--commune", team["commune"].code])
    assert result.exit_code != 0 and "unzipped" in result.output
    assert workbooks_opened == []
    assert count(Village) == 3  # the team's


def test_a_household_bomb_is_refused_on_the_command_line(team, runner, tmp_path, household_bomb):
    path = tmp_path / "ho.xlsx"
    path.write_bytes(household_bomb)
    result = runner.invoke(args=["import-households", str(path), "--commune", team["commune"].code])
    assert result.exit_code != 0 and "unzipped" in result.output
    assert count(Household) == 0


def test_a_declared_dimension_does_not_make_the_reader_allocate(client, team, login):
    """openpyxl pads every row to the declared 16,384 columns: 600 rows made 10 million cells."""
    data = declared_huge([HOUSEHOLD_HEADERS, *[("Nguyễn Văn An", "Thôn T01")] * 600])
    headers, rows = tabular.read_table(data, "ho.xlsx")
    assert (len(headers), len(rows), {len(row) for row in rows}) == (2, 600, {2})
    token = login(team["officer"])
    response = post_api(client, token, data, "ho.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["accepted"] == 600


def both_kinds(rows):
    return ((workbook(rows), "a.xlsx"), ("\n".join(",".join(row) for row in rows).encode(), "a.csv"))


def test_too_many_rows_are_refused(app, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 20)
    for data, name in both_kinds([HOUSEHOLD_HEADERS, *[("An", "Thôn T01")] * 20]):
        with pytest.raises(tabular.TableError, match="more than 20 rows"):
            tabular.read_table(data, name)
    for data, name in both_kinds([HOUSEHOLD_HEADERS, *[("An", "Thôn T01")] * 19]):
        assert len(tabular.read_table(data, name)[1]) == 19


def test_columns_past_the_limit_are_not_read(app, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 5)
    for data, name in both_kinds([(*HOUSEHOLD_HEADERS, *[f"c{n}" for n in range(30)]), ("An",) * 32]):
        headers, rows = tabular.read_table(data, name)
        assert (len(headers), [len(row) for row in rows]) == (5, [5])


def test_a_cell_far_right_in_a_sheet_does_not_pad_the_row(app):
    def write(stream):
        stream.write((HEAD + '<sheetData><row r="1">' + inline("Họ tên chủ hộ")
                      + '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
                      + '<row r="2">' + inline("An") + '<c r="XFD2"/></row>'
                      + "</sheetData></worksheet>").encode())
    headers, rows = tabular.read_table(with_sheet(workbook([("a",)]), write), "a.xlsx")
    assert (len(headers), [len(row) for row in rows]) == (1, [1])


def test_a_csv_cell_over_128_kib_is_refused_clearly(client, team, login):
    data = ("Họ tên chủ hộ,Thôn,Địa chỉ\nAn,Thôn T01,\"" + "x" * (129 * 1024) + "\"\n").encode()
    token = login(team["officer"])
    response = post_api(client, token, data, "ho.csv")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "128 KiB" in response.get_json()["error"]["message"]
    assert count(Household) == 0
