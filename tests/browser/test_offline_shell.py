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


@pytest.mark.parametrize(("lang", "other"), [("vi", "en"), ("en", "vi")])
def test_only_the_users_language_is_fetched(app, live_server, outage, volunteer, phone, lang, other):
    from fieldapp.extensions import db

    volunteer.locale = lang
    db.session.commit()
    log_in(phone, live_server)
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.locator(".sync-bar .last").wait_for()
    phone.reload()  # under the worker: what it kept is what the page asks for
    phone.locator("#villages a").first.wait_for()
    from fieldapp.pwa.shell import page_files

    assert f"/static/{page_files(lang)['language']}" in outage.paths
    assert f"/static/{page_files(other)['language']}" not in outage.paths


@pytest.fixture
def village_of_volunteer(app, volunteer):
    from tests.phones import Phone, new_id, op

    village_id = volunteer.village_ids[0]
    Phone(app, volunteer).push(*(op("household.upsert", new_id(), {"village_id": village_id,
                                                                    "head_name": f"Hộ số {n:02d}"})
                                 for n in range(60)))
    return village_id


def test_the_app_reopens_offline_at_a_villages_list(live_server, outage, village_of_volunteer, phone):
    log_in(phone, live_server)
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.locator(".sync-bar .last[data-synced]").wait_for()  # the first sync has ended
    phone.goto(f"{live_server}/app#/v/{village_of_volunteer}")
    phone.locator("ul.rows a.household").nth(49).wait_for()
    outage.down = True  # no network for the page nor for its worker
    phone.context.set_offline(True)
    phone.reload()
    phone.locator("ul.rows a.household").first.wait_for()
    assert phone.locator("ul.rows a.household").count() == 50
    phone.get_by_role("searchbox").fill("ho so 59")
    phone.locator("ul.rows .name").filter(has_text="Hộ số 59").wait_for()
    assert phone.locator("ul.rows a.household").count() == 1
