"""Logging in as each demo role in a real browser lands on that role's Vietnamese page."""
import pytest

from fieldapp.demo import seed_demo
from fieldapp.extensions import db

pytestmark = pytest.mark.browser
PASSWORD = "demo-password-1"
HOMES = {
    "volunteer": ("/app", "Thôn của tôi"),
    "leader": ("/leader", "Tỷ lệ hộ đã đạt"),
    "officer": ("/office", "Xã Minh Tân"),
    "admin": ("/office", "Xã Minh Tân"),
}


@pytest.fixture
def demo(app):
    seed_demo(PASSWORD, households=20)
    db.session.commit()


@pytest.mark.parametrize("role", list(HOMES))
def test_each_demo_role_logs_in_and_lands_on_its_vietnamese_page(live_server, demo, phone, role):
    path, text = HOMES[role]
    phone.goto(f"{live_server}/")
    assert phone.url.endswith("/login")
    assert phone.locator("html").get_attribute("lang") == "vi"
    phone.fill("#username", role)
    phone.fill("#password", PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(f"{live_server}{path}")
    phone.get_by_text(text).first.wait_for()  # the volunteer app draws its screens itself
    # Nothing is wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    menu = phone.locator("header summary")  # the server's pages fold the log-out button away
    if menu.count():
        menu.click()
    phone.get_by_role("button", name="Đăng xuất").click()
    phone.wait_for_url(f"{live_server}/login")


def test_wrong_password_stays_on_the_login_page_with_a_message(live_server, demo, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("#username", "volunteer")
    phone.fill("#password", "not-the-password")
    phone.get_by_role("button", name="Đăng nhập").click()
    assert phone.get_by_role("alert").inner_text() == "Sai tên đăng nhập hoặc mật khẩu."
