"""After one online visit, the volunteer app opens with no network."""
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def volunteer(commune, make_village, make_user):
    return make_user(commune, "volunteer", [make_village(commune, "T01")], username="lan")


def log_in(phone, base):
    phone.goto(f"{base}/login")
    phone.fill("#username", "lan")
    phone.fill("#password", "field-work-2026")
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(f"{base}/app")


def test_the_app_opens_offline_after_one_online_visit(live_server, volunteer, phone):
    log_in(phone, live_server)
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()  # now under the worker's control
    assert phone.evaluate("navigator.serviceWorker.controller !== null")
    phone.context.set_offline(True)
    phone.reload()
    phone.get_by_role("heading", name="Thôn của tôi").wait_for()  # visible, or it times out
    assert phone.evaluate("getComputedStyle(document.querySelector('.topbar')).display") != "none"


def test_logging_out_from_the_app_ends_the_session(live_server, volunteer, phone):
    log_in(phone, live_server)
    phone.get_by_role("button", name="Đăng xuất").click()
    phone.wait_for_url(f"{live_server}/login")
    phone.goto(f"{live_server}/app")
    # The server's login page, or the app's own login screen when the worker serves the shell.
    phone.get_by_role("heading", name="Đăng nhập", exact=True).wait_for()
    assert phone.request.get(f"{live_server}/api/v1/session").status == 401
