"""How the server writes numbers, shares and days: Vietnamese as officials write it, English
in English."""
from datetime import date

import pytest
from flask_babel import force_locale

from fieldapp.core.templating import day, day_month, number, percent


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", ("12.345", "1.234,5", "29,6%", "0,0%", "100,0%")),
    ("en", ("12,345", "1,234.5", "29.6%", "0.0%", "100.0%")),
])
def test_numbers_and_shares_follow_the_language(app, lang, expected):
    with app.test_request_context(), force_locale(lang):
        assert (number(12345), number(1234.5), percent(29.6), percent(0), percent(100)) == expected


def test_a_missing_number_shows_nothing(app):
    with app.test_request_context():
        assert (number(None), percent(None)) == ("", "")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_days_are_written_day_first(app, lang):
    with app.test_request_context(), force_locale(lang):
        assert day(date(2026, 3, 7)) == "07/03/2026"
        assert day_month(date(2026, 3, 7)) == "07/03"
        assert day(None) == ""


def test_spreadsheet_days_show_day_first():
    from io import BytesIO

    from openpyxl import load_workbook

    from fieldapp.core.spreadsheet import xlsx_bytes

    sheet = load_workbook(BytesIO(xlsx_bytes("T", ["Ngày"], [[date(2026, 3, 7)]]))).active
    assert sheet["A2"].number_format == "DD/MM/YYYY"


def test_visit_topics_are_lessons_not_skill_names(app):
    from fieldapp.core.vocabulary import SKILLS, TOPICS

    with app.test_request_context(), force_locale("vi"):
        assert set(TOPICS) == {*SKILLS, "materials"}
        assert all(str(TOPICS[key]) != str(SKILLS[key]) for key in SKILLS)
        assert str(TOPICS["vneid_installed"]) == "Hướng dẫn cài VNeID"


def test_csv_for_excel_starts_with_a_bom_and_streams_whole_chunks():
    from fieldapp.core.spreadsheet import csv_stream

    rows = [[f"Hộ {n}", n, None] for n in range(5)]
    chunks = list(csv_stream(["Tên", "Số", "Ghi chú"], iter(rows), chunk=2))
    assert chunks[0] == "\ufeffTên,Số,Ghi chú\r\n".encode()
    assert [chunk.count(b"\r\n") for chunk in chunks[1:]] == [2, 2, 1]
    assert b"".join(chunks[1:]).decode() == "".join(f"Hộ {n},{n},\r\n" for n in range(5))
    assert len(list(csv_stream(["Tên"], iter(rows[:4]), chunk=2))) == 3  # no empty last chunk
