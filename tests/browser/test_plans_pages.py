"""The office's desk and targets pages in a real browser, at a tablet's size: the quick form's
answers are large enough to tap, a save is counted at once, a target shows its pace."""
import pytest

from fieldapp.extensions import db
from fieldapp.plans.models import DeskContact
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport={"width": 800, "height": 1280}, locale="vi-VN", has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def officer(team):
    return team["officer"]


def log_in(page, base, user):
    page.goto(f"{base}/login")
    page.fill("#username", user.username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_the_desk_form_is_tapped_and_saved_on_a_tablet(live_server, officer, tablet):
    log_in(tablet, live_server, officer)
    tablet.goto(f"{live_server}/office")
    tablet.get_by_role("link", name="Một cửa").click()
    tablet.wait_for_url(f"{live_server}/office/desk")
    form = tablet.locator("form.desk-form")
    for target in form.locator("label.toggle, button").all():
        assert target.bounding_box()["height"] >= 44, target.inner_text()
    form.get_by_label("Tổ chức, doanh nghiệp").check()
    form.locator("input[name=services][value=dvc_submit]").check()
    form.get_by_label("Tự thực hiện").check()
    form.get_by_label("Đã hướng dẫn đánh giá mức độ hài lòng").check()
    form.get_by_role("button", name="Lưu").click()
    tablet.wait_for_load_state()
    assert "Đã lưu" in tablet.locator(".flash").inner_text()
    assert "1 lượt được hỗ trợ, 1 lượt tự thực hiện" in tablet.locator("#desk-today").inner_text()
    contact = db.session.scalars(db.select(DeskContact)).one()
    assert (contact.party, contact.services, contact.self_done, contact.rated) == (
        "organisation", ["dvc_submit"], True, True)


def test_a_target_set_on_the_page_shows_its_pace(live_server, officer, tablet):
    log_in(tablet, live_server, officer)
    tablet.goto(f"{live_server}/office/targets")
    tablet.select_option("#target-indicator", "desk_contacts")
    tablet.fill("#target-value", "250")
    tablet.fill("#target-due", "2099-12-31")
    tablet.get_by_role("button", name="Lưu chỉ tiêu").click()
    tablet.wait_for_load_state()
    row = tablet.locator("#targets tbody tr").first
    assert "Số lượt hỗ trợ tại Bộ phận Một cửa" in row.inner_text()
    assert "31/12/2099" in row.inner_text() and "Đúng tiến độ" in row.inner_text()


@pytest.fixture
def phone_screen(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_a_report_is_issued_and_printed_from_a_phone(live_server, officer, phone_screen):
    """At 360 px: pick the period, see its figures, write the three parts, issue; the printable
    report follows, with its Word file; no serious accessibility violation on either page."""
    from fieldapp.plans.models import IssuedReport
    from tests.browser.test_accessibility import AXE, RUN_AXE

    page = phone_screen
    log_in(page, live_server, officer)
    page.goto(f"{live_server}/office/reports")
    page.select_option("#report-period", index=3)  # this quarter
    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_load_state()
    assert page.locator("#preview h2").first.inner_text().startswith("Số liệu quý ")
    for control in ("#report-period", "#report-difficulties", "#report-causes", "#report-proposals"):
        box = page.locator(control).bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 360, control
    for path in ("/office/reports",):
        page.evaluate(AXE)
        assert [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")] == [], path
    page.fill("#report-difficulties", "Nhiều hộ chưa có điện thoại thông minh.")
    page.fill("#report-causes", "Thôn xa, sóng yếu.")
    page.fill("#report-proposals", "Đề nghị hỗ trợ thêm điện thoại.")
    issue = page.get_by_role("button", name="Ban hành báo cáo")
    assert issue.bounding_box()["height"] >= 44
    issue.click()
    page.wait_for_load_state()
    report = db.session.scalars(db.select(IssuedReport)).one()
    assert page.url == f"{live_server}/office/reports/{report.id}"
    assert f"Đã ban hành báo cáo số {report.number}" in page.locator(".flash").inner_text()
    assert "Thôn xa, sóng yếu." in page.locator("main").inner_text()
    page.evaluate(AXE)
    assert [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")] == []
    download = page.get_by_role("link", name="Tải về (Word)")
    assert download.bounding_box()["height"] >= 44
    page.emulate_media(media="print")
    assert not download.is_visible() and page.locator("table#report-overall").is_visible()
