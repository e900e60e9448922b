"""The volunteer app in a real browser, driven as a volunteer drives it (issue 4's proofs):
offline work that reaches the server exactly, two volunteers on one household, a refused
change corrected, a session that expired offline, a browser closed with work pending."""
import json

import pytest

from tests.browser.app import (
    add_household,
    add_member,
    go_offline,
    go_online,
    log_in,
    open_household,
    open_village,
    pending,
    record_met_visit,
    sync_now,
    tap_skill,
    wait_all_sent,
    wait_pending,
)
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD
from tests.phones import Phone, new_id, op

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN", "is_mobile": True, "has_touch": True}
RULE = ["Đã kích hoạt tài khoản định danh mức 2", "Tự đăng nhập được VNeID",
        "Tự đăng nhập được Cổng Dịch vụ công", "Tự nộp được hồ sơ trực tuyến"]


@pytest.fixture
def team(app, commune, make_village, make_user):
    east, west = make_village(commune, "T01", "Thôn Đông"), make_village(commune, "T02", "Thôn Tây")
    users = {
        "lan": make_user(commune, "volunteer", [east], username="lan"),
        "mai": make_user(commune, "volunteer", [east], username="mai"),
        "hoa": make_user(commune, "leader", [east], username="hoa"),
        "office": make_user(commune, "officer", [], username="office"),
    }
    an = new_id()
    Phone(app, users["office"]).push(
        op("household.upsert", an, {"village_id": east.id, "head_name": "Nguyễn Văn An", "code": "HGD-1",
                                     "phone": "0912000000"}),
        op("household.upsert", new_id(), {"village_id": east.id, "head_name": "Lê Thị Bình"}),
        op("household.upsert", new_id(),
           {"village_id": west.id, "head_name": "Hộ thôn Tây", "code": "HGD-9"}),
    )
    return {"east": east, "west": west, "an": an, **users}


def api(app, user):
    return Phone(app, user).client


def households_of(app, user, village):
    client = api(app, user)
    query = {"village_id": village.id, "per_page": 100}
    items = client.get("/api/v1/households", query_string=query).get_json()["items"]
    return {item["head_name"]: client.get(f"/api/v1/households/{item['id']}").get_json() for item in items}


def test_five_households_recorded_offline_reach_the_server_exactly(live_server, outage, app, team, phone):
    log_in(phone, live_server)
    phone.reload()  # under the service worker's control from now on
    go_offline(phone, outage)
    phone.reload()  # no network: the worker serves the app, IndexedDB the village
    open_village(phone, "Thôn Đông")
    assert phone.locator("a.household").count() == 2
    for i in range(5):
        open_village(phone, "Thôn Đông")
        add_household(phone, f"Phạm Văn Hộ {i}", address=f"Số {i}, xóm Giữa", member_count=4)
        add_member(phone, f"Phạm Thị Người {i}", 1970 + i)
        record_met_visit(phone, topics=["Hướng dẫn cài VNeID"])
    assert pending(phone) == 20  # each: the household, its head, one more person, the visit
    phone.reload()  # still offline: nothing is lost by a reload
    wait_pending(phone, 20)
    go_online(phone, outage)
    wait_all_sent(phone)
    on_server = households_of(app, team["hoa"], team["east"])
    new = {name: record for name, record in on_server.items() if name.startswith("Phạm Văn Hộ")}
    assert sorted(new) == [f"Phạm Văn Hộ {i}" for i in range(5)]
    for i in range(5):
        record = new[f"Phạm Văn Hộ {i}"]
        assert (record["address"], record["member_count"]) == (f"Số {i}, xóm Giữa", 4)
        assert record["status"] == "in_progress"
        members = [(m["full_name"], m["birth_year"], m["is_head"]) for m in record["members"]]
        assert members == [(f"Phạm Văn Hộ {i}", None, True), (f"Phạm Thị Người {i}", 1970 + i, False)]
        assert [(v["outcome"], v["topics"]) for v in record["visits"]] == [("met", ["vneid_installed"])]


def test_not_home_is_two_taps_from_the_list_found_without_accents(live_server, app, team, phone):
    log_in(phone, live_server)
    open_village(phone, "Thôn Đông")
    phone.get_by_role("searchbox").fill("nguyen van an")
    assert phone.locator("a.household .name").all_inner_texts() == ["Nguyễn Văn An"]
    phone.locator("a.household").first.click()  # tap 1
    phone.get_by_role("button", name="Vắng nhà").click()  # tap 2
    phone.locator(".visit").filter(has_text="Vắng nhà").wait_for()
    assert phone.locator("h1 + p .chip").inner_text() == "Vắng nhà"
    wait_all_sent(phone)
    assert households_of(app, team["hoa"], team["east"])["Nguyễn Văn An"]["status"] == "not_home"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.locator(".brand").click()  # not due yet: FIELDAPP_RETURN_AFTER_DAYS is 2 by default
    phone.get_by_role("link", name="Cần quay lại 0").wait_for()


def test_the_skill_ladder_makes_a_member_capable_and_the_household_covered(live_server, app, team, phone):
    log_in(phone, live_server)
    open_village(phone, "Thôn Đông")
    open_household(phone, "Lê Thị Bình")
    add_member(phone, "Lê Thị Bình", 1985)
    for skill in RULE[:3]:
        tap_skill(phone, "Lê Thị Bình", skill)
    assert phone.locator(".member .chip").count() == 0
    tap_skill(phone, "Lê Thị Bình", RULE[3])
    phone.locator(".member .chip", has_text="Biết sử dụng").wait_for()
    assert phone.locator("h1 + p .chip").inner_text() == "Đã đạt"
    wait_all_sent(phone)
    record = households_of(app, team["hoa"], team["east"])["Lê Thị Bình"]
    assert record["status"] == "covered" and record["members"][0]["capable"] is True


def test_children_under_14_are_not_recorded_by_name(live_server, team, phone):
    log_in(phone, live_server)
    open_village(phone, "Thôn Đông")
    open_household(phone, "Lê Thị Bình")
    phone.get_by_role("link", name="Thêm người").click()
    phone.get_by_label("Họ và tên").fill("Bé Na")
    phone.get_by_label("Năm sinh").fill("2020")
    phone.get_by_role("button", name="Lưu", exact=True).click()
    assert "Chỉ ghi tên người từ 14 tuổi trở lên" in phone.locator(".field-error").inner_text()
    assert pending(phone) == 0


def test_two_volunteers_change_one_household_offline_and_both_values_survive(live_server, app, team, browser):
    phones = []
    for username in ("lan", "mai"):
        context = browser.new_context(**PHONE)
        page = context.new_page()
        log_in(page, live_server, username)
        context.set_offline(True)
        phones.append(page)
    for page, number in zip(phones, ("0912000001", "0912000002"), strict=True):
        open_village(page, "Thôn Đông")
        open_household(page, "Nguyễn Văn An")
        page.get_by_role("link", name="Sửa").first.click()
        page.get_by_label("Số điện thoại").fill(number)
        page.get_by_role("button", name="Lưu", exact=True).click()
        page.get_by_role("link", name=number).wait_for()
    for page in phones:
        go_online(page)
        wait_all_sent(page)
    leader = api(app, team["hoa"])
    stored = leader.get(f"/api/v1/households/{team['an']}").get_json()["phone"]
    [conflict] = leader.get("/api/v1/conflicts").get_json()["items"]
    assert conflict["field"] == "phone"
    assert {stored, conflict["kept_value"], conflict["lost_value"]} == {"0912000001", "0912000002"}
    assert conflict["kept_value"] == stored == "0912000002"  # mai's change was made later
    for page in phones:
        page.context.close()


def test_a_refused_change_is_shown_corrected_and_then_synced(live_server, app, team, phone):
    log_in(phone, live_server)
    phone.context.set_offline(True)
    open_village(phone, "Thôn Đông")
    add_household(phone, "Đỗ Văn Cường", code="HGD-9")  # thôn Tây's household has that code
    go_online(phone)
    # The household is refused, and so is its head, whose household the server does not have.
    phone.get_by_role("link", name="Bị từ chối: 2").click()
    refused = phone.locator(".rejected").filter(has_text="Thông tin hộ")
    assert "Another household" in refused.inner_text() or "mã" in refused.inner_text().lower()
    refused.get_by_role("link", name="Sửa").click()
    code = phone.get_by_label("Mã hộ", exact=True)
    assert code.input_value() == "HGD-9" and code.get_attribute("aria-invalid") == "true"
    code.fill("HGD-10")
    phone.get_by_role("button", name="Lưu", exact=True).click()
    phone.get_by_role("heading", name="Đỗ Văn Cường").wait_for()
    wait_all_sent(phone)  # the head went again, after the corrected household
    assert phone.locator(".sync-alerts").count() == 0
    record = households_of(app, team["hoa"], team["east"])["Đỗ Văn Cường"]
    assert record["code"] == "HGD-10"
    assert [(m["full_name"], m["is_head"]) for m in record["members"]] == [("Đỗ Văn Cường", True)]


def test_after_the_session_expires_offline_logging_in_again_sends_the_work(live_server, app, team, phone):
    log_in(phone, live_server)
    phone.context.set_offline(True)
    open_village(phone, "Thôn Đông")
    add_household(phone, "Vũ Thị Dung")
    phone.context.clear_cookies()  # the session is gone while the phone is away
    go_online(phone)
    phone.get_by_role("link", name="Phiên đăng nhập đã hết hạn").click()
    assert phone.get_by_label("Tên đăng nhập").input_value() == "lan"
    assert "2 thao tác đang chờ gửi" in phone.locator("form").inner_text()  # the household, its head
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    wait_all_sent(phone)
    assert "Vũ Thị Dung" in households_of(app, team["hoa"], team["east"])


def test_work_pending_when_the_browser_closes_is_there_on_reopening(live_server, outage, app, team, browser,
                                                                   tmp_path):
    def open_browser(offline):
        return browser.browser_type.launch_persistent_context(
            tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, offline=offline, **PHONE)

    context = open_browser(offline=False)
    page = context.pages[0]
    log_in(page, live_server)
    page.reload()
    go_offline(page, outage)
    open_village(page, "Thôn Đông")
    add_household(page, "Hoàng Văn Em")
    wait_pending(page, 2)  # the household and its head
    context.close()

    context = open_browser(offline=True)
    page = context.pages[0]
    page.goto(f"{live_server}/app")
    wait_pending(page, 2)
    open_village(page, "Thôn Đông")
    open_household(page, "Hoàng Văn Em")
    outage.down = False
    assert "Hoàng Văn Em" not in households_of(app, team["hoa"], team["east"])
    go_online(page)
    wait_all_sent(page)
    context.close()
    assert "Hoàng Văn Em" in households_of(app, team["hoa"], team["east"])


def test_logging_out_with_pending_work_warns_saves_a_file_and_wipes(live_server, outage, app, team, phone):
    log_in(phone, live_server)
    go_offline(phone, outage)
    open_village(phone, "Thôn Đông")
    add_household(phone, "Trịnh Văn Giang")
    phone.get_by_role("button", name="Đăng xuất").click()
    dialog = phone.get_by_role("dialog")
    assert "Còn 2 thao tác chưa gửi" in dialog.inner_text()  # the household and its head
    dialog.get_by_role("button", name="Hủy").click()
    assert pending(phone) == 2
    phone.get_by_role("button", name="Đăng xuất").click()
    with phone.expect_download() as download:
        phone.get_by_role("dialog").get_by_role("button", name="Lưu việc chờ gửi ra tệp").click()
    work = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert work["username"] == "lan"
    saved = [(o["type"], o["data"].get("head_name") or o["data"]["full_name"]) for o in work["ops"]]
    assert saved == [("household.upsert", "Trịnh Văn Giang"), ("member.upsert", "Trịnh Văn Giang")]
    go_online(phone, outage)
    phone.get_by_role("dialog").get_by_role("button", name="Đăng xuất").click()
    phone.wait_for_url(f"{live_server}/login")
    phone.get_by_role("heading", name="Đăng nhập", exact=True).wait_for()
    assert phone.evaluate("indexedDB.databases().then((all) => all.map((d) => d.name))") == []
    assert phone.request.get(f"{live_server}/api/v1/session").status == 401


def test_logging_out_offline_ends_the_server_session_once_online(live_server, outage, team, phone):
    log_in(phone, live_server)
    go_offline(phone, outage)
    phone.get_by_role("button", name="Đăng xuất").click()  # nothing pending: no question
    phone.get_by_role("heading", name="Đăng nhập").wait_for()  # the app's own login, offline
    outage.down = False
    assert phone.request.get(f"{live_server}/api/v1/session").status == 200  # the server never heard
    go_online(phone)
    for _ in range(100):
        if phone.evaluate("localStorage.getItem('fieldapp-logged-out')") is None:
            break
        phone.wait_for_timeout(100)
    assert phone.request.get(f"{live_server}/api/v1/session").status == 401


@pytest.mark.parametrize("app_settings", [{"FIELDAPP_RETURN_AFTER_DAYS": 0}])
def test_a_return_visit_booked_for_today_is_on_the_due_list(live_server, team, phone):
    """And a one-tap "Vắng nhà" without a date, due the same day with the setting at 0."""
    log_in(phone, live_server)
    open_village(phone, "Thôn Đông")
    open_household(phone, "Lê Thị Bình")
    phone.get_by_role("button", name="Vắng nhà").click()
    phone.locator(".visit").filter(has_text="Vắng nhà").wait_for()
    open_village(phone, "Thôn Đông")
    open_household(phone, "Nguyễn Văn An")
    today = phone.evaluate("(() => { const d = new Date();"
                           " d.setMinutes(d.getMinutes() - d.getTimezoneOffset());"
                           " return d.toISOString().slice(0, 10); })()")
    record_met_visit(phone, topics=["Phát tờ rơi"], next_visit_on=today)
    phone.locator(".brand").click()
    phone.get_by_role("link", name="Cần quay lại 2").click()
    phone.locator("#due a.household").nth(1).wait_for()  # the screen is drawn after the tap
    assert sorted(phone.locator("a.household .name").all_inner_texts()) == ["Lê Thị Bình", "Nguyễn Văn An"]


def test_background_sync_sends_the_work_with_the_app_closed(live_server, outage, app, team, phone):
    log_in(phone, live_server)
    phone.reload()
    # The server out of reach (the browser's offline emulation would stop the worker too).
    outage.down = True
    open_village(phone, "Thôn Đông")
    add_household(phone, "Đinh Thị Hạnh")
    wait_pending(phone, 2)
    phone.locator(".sync-bar .error").wait_for()  # the page tried, failed, and asked for a sync
    assert phone.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.getTags())") == ["fieldapp-sync"]
    helper = phone.context.new_page()  # keeps the browser context open; not the app
    cdp = phone.context.new_cdp_session(helper)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    phone.close()  # the app is closed: only its worker can send now
    outage.down = False
    ours = []
    for _ in range(100):  # the registrations come as events, which may follow `enable`'s answer
        ours = [r for r in registrations if r["scopeURL"].endswith("/app") and not r["isDeleted"]]
        if ours:
            break
        helper.wait_for_timeout(100)
    registration = ours[-1]
    cdp.send("ServiceWorker.dispatchSyncEvent", {
        "origin": live_server, "registrationId": registration["registrationId"],
        "tag": "fieldapp-sync", "lastChance": False})
    for _ in range(100):
        if "Đinh Thị Hạnh" in households_of(app, team["hoa"], team["east"]):
            break
        helper.wait_for_timeout(100)
    assert "Đinh Thị Hạnh" in households_of(app, team["hoa"], team["east"])


def test_a_household_that_moved_away_leaves_the_list_and_the_counts(live_server, app, team, phone):
    log_in(phone, live_server)
    open_village(phone, "Thôn Đông")
    open_household(phone, "Lê Thị Bình")
    phone.get_by_role("button", name="Hộ không còn ở đây").click()
    phone.get_by_role("dialog").get_by_role("button", name="Đã chuyển đi nơi khác").click()
    phone.locator("h1 + p .chip", has_text="Không còn hoạt động").wait_for()
    wait_all_sent(phone)
    record = households_of(app, team["hoa"], team["east"])["Lê Thị Bình"]
    assert (record["inactive"], record["status"]) == (True, "inactive")
    assert record["inactive_reason"] == "Đã chuyển đi nơi khác"
    open_village(phone, "Thôn Đông")
    assert phone.locator("a.household .name").all_inner_texts() == ["Nguyễn Văn An"]


NAMES = ("Nguyễn Văn An", "Lê Thị Bình", "Đặng Văn Hải")


def shows_nothing_readable(phone):
    html = phone.content()
    return not any(name in html for name in NAMES) and phone.locator("#sync-bar").is_hidden()


def forgot_everything(phone):
    return (phone.evaluate("indexedDB.databases().then((all) => all.map((d) => d.name))") == []
            and phone.evaluate("caches.keys()") == []
            and phone.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0)


def test_a_revoked_phone_shows_only_the_wipe_and_forgets_everything_once_the_file_is_saved(
        live_server, outage, app, team, phone):
    log_in(phone, live_server)
    go_offline(phone, outage)
    open_village(phone, "Thôn Đông")
    add_household(phone, "Đặng Văn Hải")
    office = Phone(app, team["office"])
    [device] = office.client.get(f"/api/v1/users/{team['lan'].id}/devices").get_json()["items"]
    assert device["app_version"]  # the shell's version, sent with every sync
    revoked = office.client.post(f"/api/v1/users/{team['lan'].id}/devices/{device['device_id']}/revoke",
                                 headers={"X-CSRFToken": office.token})
    assert revoked.status_code == 200
    go_online(phone, outage)  # the app syncs at once, and the server answers 403 device_revoked
    screen = phone.locator("#closed")
    screen.wait_for()
    assert "2 thao tác" in screen.inner_text() and "thu hồi" in screen.inner_text()
    assert shows_nothing_readable(phone)
    phone.reload()  # the volunteer closes the app and opens it again, doing nothing
    phone.locator("#closed").wait_for()
    phone.evaluate("window.location.hash = '#/v/1'")  # nor does a route lead anywhere
    phone.wait_for_timeout(200)
    assert shows_nothing_readable(phone) and phone.locator("#closed").is_visible()
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Lưu ra tệp rồi xóa dữ liệu").click()
    work = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert [o["data"].get("head_name") or o["data"]["full_name"] for o in work["ops"]] == ["Đặng Văn Hải"] * 2
    phone.locator("#wiped").wait_for()  # no second question: saving the file wipes
    assert forgot_everything(phone) and shows_nothing_readable(phone)
    # The session cookie stays, but it names the revoked phone: opening the app again brings
    # nothing back, though the wiped app makes itself a new device id.
    phone.goto(f"{live_server}/app")
    phone.locator("#wiped").wait_for()
    assert shows_nothing_readable(phone)
    assert households_of(app, team["office"], team["east"]).get("Đặng Văn Hải") is None  # never sent


def test_a_deactivated_account_wipes_the_phone_even_without_the_file(live_server, outage, app, team, phone):
    log_in(phone, live_server)
    go_offline(phone, outage)
    open_village(phone, "Thôn Đông")
    add_household(phone, "Đặng Văn Hải")
    office = Phone(app, team["office"])
    deactivated = office.client.post(f"/office/users/{team['lan'].id}/deactivate",
                                     data={"csrf_token": office.token})
    assert deactivated.status_code == 302
    go_online(phone, outage)
    screen = phone.locator("#closed")
    screen.wait_for()
    assert "đã bị khóa" in screen.inner_text() and "2 thao tác" in screen.inner_text()
    assert shows_nothing_readable(phone)
    phone.get_by_role("button", name="Xóa dữ liệu, bỏ 2 thao tác").click()
    phone.get_by_role("dialog").get_by_role("button", name="Xóa dữ liệu, bỏ 2 thao tác").click()
    phone.locator("#wiped").wait_for()
    assert forgot_everything(phone) and shows_nothing_readable(phone)


def test_a_change_made_online_is_synced_in_one_round_trip(live_server, app, team, phone):
    log_in(phone, live_server)
    sent = []
    phone.on("request", lambda request: sent.append(
        (request.method, request.url.split("?")[0].removeprefix(live_server))))
    open_village(phone, "Thôn Đông")
    add_household(phone, "Đỗ Văn Một")
    wait_all_sent(phone)
    phone.wait_for_timeout(300)  # anything the sync might still send
    api_calls = [call for call in sent if call[1].startswith("/api/")]
    # the push brings the pull with it; the session (and its CSRF token) is not fetched again
    assert api_calls == [("POST", "/api/v1/sync/push")], api_calls
    [household] = phone.evaluate("""async () => new Promise((done) => {
        const open = indexedDB.open('fieldapp');
        open.onsuccess = () => {
          const read = open.result.transaction('households').objectStore('households').getAll();
          read.onsuccess = () => done(read.result.filter((h) => h.head_name === 'Đỗ Văn Một'));
        };
    })""")
    assert household["version"] == 1 and household["status"] == "unvisited"  # the server's row


def test_work_waiting_is_never_sent_under_another_users_session(live_server, outage, app, team, phone):
    """The app keeps its CSRF token between syncs: when the browser's session becomes another
    user's, lan's waiting work must not go out as mai's."""
    log_in(phone, live_server)
    go_offline(phone, outage)
    open_village(phone, "Thôn Đông")
    add_household(phone, "Cao Văn Hai")
    wait_pending(phone, 2)
    # meanwhile another tab of the same browser logs in as mai: the cookies are now hers
    outage.down = False
    answer = phone.context.request.post(f"{live_server}/api/v1/session",
                                        data={"username": "mai", "password": PASSWORD})
    assert answer.ok, answer.text()
    go_online(phone)
    phone.locator(".sync-bar .error").filter(has_text="Việc chờ gửi là của tài khoản lan").wait_for()
    assert pending(phone) == 2
    assert "Cao Văn Hai" not in households_of(app, team["hoa"], team["east"])


def test_a_pull_for_another_user_makes_the_phone_take_that_users_session(live_server, app, team, phone):
    """Nothing waiting: the phone becomes the new user's (as when the session is checked)."""
    log_in(phone, live_server)
    answer = phone.context.request.post(f"{live_server}/api/v1/session",
                                        data={"username": "mai", "password": PASSWORD})
    assert answer.ok, answer.text()
    sync_now(phone)
    for _ in range(100):
        if stored_username(phone) == "mai":
            break
        phone.wait_for_timeout(100)
    assert stored_username(phone) == "mai"
    wait_all_sent(phone)


def stored_username(phone):
    return phone.evaluate("""() => new Promise((done) => {
        const open = indexedDB.open('fieldapp');
        open.onsuccess = () => {
          const read = open.result.transaction('meta').objectStore('meta').get('session');
          read.onsuccess = () => done(read.result?.user?.username ?? null);
        };
    })""")
