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
