"""The supervisor's page at 360 px: the login lands on /province; the communes' table scrolls
sideways with the commune's name in view, ranked; each commune's targets beside it; every
target 44 px; no serious axe violation; the Excel download holds the API's numbers. The
communes' issued reports: listed, filtered, read and downloaded as Word on the phone."""
import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.extensions import db
from fieldapp.places import services as places
from fieldapp.places.models import Province
from fieldapp.plans.issued import issue_report
from tests.browser.pages import seed_pages
from tests.browser.test_accessibility import AXE, RUN_AXE, SEEN
from tests.browser.test_pages_on_a_phone import KEY_IN_VIEW, small_targets
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def province(app):
    """The demo commune and a second, new one (no household yet) in the demo province."""
    seed_pages()
    province = db.session.scalar(select(Province))
    places.create_commune("99998", "Xã Hòa Bình (demo)", province=province)
    db.session.commit()
    return province


def test_the_supervisor_sees_the_communes_side_by_side_on_a_phone(live_server, province, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("#username", "supervisor")
    phone.fill("#password", PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(f"{live_server}/province")
    assert phone.locator("h1").inner_text() == province.name
    assert "2 xã" in phone.locator("[data-first-figure]").inner_text()
    rows = phone.locator("#communes tbody tr")
    assert [rows.nth(i).locator(".key").inner_text() for i in range(2)] == ["Xã Minh Tân (demo)",
                                                                           "Xã Hòa Bình (demo)"]
    assert [rows.nth(i).locator("[data-rank]").inner_text() for i in range(2)] == ["1", "2"]
    assert "," in rows.first.locator(".pct").inner_text()  # 29,6 %: the decimal comma
    scroller = phone.locator(".table-scroll").first
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth + 1")  # the table scrolls sideways
    assert scroller.evaluate(KEY_IN_VIEW) == ""
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    phone.wait_for_timeout(50)
    assert scroller.evaluate(KEY_IN_VIEW) == ""
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # the page itself does not
    targets = phone.locator("[data-targets='99999'] tbody tr")
    assert targets.count() == 1 and "90,5" in targets.first.inner_text()
    assert "Xã Hòa Bình (demo)" in phone.locator("#province-targets ~ h3").nth(1).inner_text()
    assert small_targets(phone) == []
    phone.locator("header summary").click()
    assert small_targets(phone) == []
    phone.evaluate(AXE)
    assert [v for v in phone.evaluate(RUN_AXE) if v["impact"] in SEEN] == []


def test_the_excel_download_holds_the_numbers_of_the_api(live_server, province, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("#username", "supervisor")
    phone.fill("#password", PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(f"{live_server}/province")
    items = phone.request.get(f"{live_server}/api/v1/stats/communes").json()["items"]
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải về (Excel)").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[2]
    table = {row[0]: dict(zip(header, row, strict=True)) for row in values[3:]}
    for item in items:
        row = table[item["code"]]
        assert (row["Tên xã"], row["Xếp hạng"], row["Tổng số hộ"], row["Tỷ lệ (%)"]) == (
            item["name"], item["rank"], item["households"], item["covered_pct"])


def login_supervisor(phone, live_server):
    phone.goto(f"{live_server}/login")
    phone.fill("#username", "supervisor")
    phone.fill("#password", PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(f"{live_server}/province")


def axe_clean(phone):
    assert small_targets(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.evaluate(AXE)
    assert [v for v in phone.evaluate(RUN_AXE) if v["impact"] in SEEN] == []


def test_the_supervisor_reads_the_communes_reports_on_a_phone(live_server, province, phone):
    officer = db.session.scalar(select(User).where(User.username == "officer"))
    today = date.today()
    # The demo issued this month's report; the office issues the year's too.
    first = issue_report(officer, {"period": str(today.year), "difficulties": "Cả năm: thôn xa, sóng yếu."},
                         today)
    db.session.commit()
    login_supervisor(phone, live_server)
    phone.get_by_role("link", name="Báo cáo của các xã").click()
    phone.wait_for_url(f"{live_server}/province/reports")
    assert phone.locator("h1").inner_text() == "Báo cáo của các xã"
    rows = phone.locator("#province-reports li")
    assert rows.count() == 2 and "Xã Minh Tân (demo)" in rows.first.inner_text()
    axe_clean(phone)
    phone.select_option("#filter-period", str(today.year))
    phone.get_by_role("button", name="Xem").click()
    phone.wait_for_url("**period=*")
    assert rows.count() == 1 and first.number in rows.first.inner_text()
    rows.first.locator("a").click()
    phone.wait_for_url(f"{live_server}/province/reports/{first.id}")
    assert "Cả năm: thôn xa, sóng yếu." in phone.locator("main").inner_text()
    axe_clean(phone)
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải về (Word)").click()
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(first.number in text for text in cells)
