"""The office's organisations page in a real browser on a 360 px phone: an organisation added
and its steps ticked with dates, large enough to tap, no serious accessibility violation."""
import pytest

from fieldapp.extensions import db
from fieldapp.plans.models import Organisation
from tests.browser.test_pages_on_a_phone import TAP, small_targets
from tests.browser.test_plans_pages import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def phone_screen(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def clean(page):
    from tests.browser.test_accessibility import AXE, RUN_AXE

    page.evaluate(AXE)
    assert [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")] == [], page.url
    assert small_targets(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_an_organisation_is_added_and_its_steps_dated_on_a_phone(live_server, team, phone_screen):
    page = phone_screen
    log_in(page, live_server, team["officer"])
    page.goto(f"{live_server}/office")
    page.locator("header summary", has_text="Menu").click()
    page.get_by_role("link", name="Tổ chức, doanh nghiệp").click()
    page.wait_for_url(f"{live_server}/office/organisations")
    clean(page)
    page.fill("#organisation-name", "Công ty TNHH An Phú")
    page.select_option("#organisation-kind", "enterprise")
    page.select_option("#organisation-village", str(team["t02"].id))
    page.fill("#organisation-contact", "Trần Văn Nam")
    page.fill("#organisation-account_on", "2026-03-02")
    assert page.locator("#organisation-account_on").bounding_box()["height"] >= TAP
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    row = page.locator("#organisations li").first
    assert "Công ty TNHH An Phú" in row.inner_text() and "Chưa đạt" in row.inner_text()
    assert "✓ Tài khoản tổ chức: 02/03/2026" in row.inner_text()
    row.get_by_role("link", name="Công ty TNHH An Phú").click()
    page.wait_for_load_state()
    clean(page)
    page.fill("#organisation-online_dossier_on", "2026-03-10")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đạt từ ngày 10/03/2026" in page.locator("#organisations li").first.inner_text()
    organisation = db.session.scalars(db.select(Organisation)).one()
    assert (organisation.village_id, organisation.kind, str(organisation.online_dossier_on)) == (
        team["t02"].id, "enterprise", "2026-03-10")
