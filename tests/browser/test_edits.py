"""An edit on the phone sends what the volunteer changed and nothing else (issue 14, item 1):
two volunteers editing two different fields of one household offline never undo each other."""
import pytest

from tests.browser.app import log_in, open_household, open_village, wait_all_sent
from tests.phones import Phone, new_id, op

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN", "is_mobile": True, "has_touch": True}
NUMBER, NOTE = "0912000009", "Con gái làm ở thị trấn, về nhà chủ nhật"


@pytest.fixture
def village(app, commune, make_village, make_user):
    east = make_village(commune, "T01", "Thôn Đông")
    users = {name: make_user(commune, role, [east], username=name)
             for name, role in (("lan", "volunteer"), ("mai", "volunteer"), ("hoa", "leader"))}
    an = new_id()
    # No address and no note: the fields an edit used to send back as "".
    Phone(app, users["hoa"]).push(op("household.upsert", an, {
        "village_id": east.id, "head_name": "Nguyễn Văn An", "code": "HGD-1", "phone": "0912000000"}))
    return {"an": an, **users}


def edit_household(page, label, value):
    open_village(page, "Thôn Đông")
    open_household(page, "Nguyễn Văn An")
    page.get_by_role("link", name="Sửa").first.click()
    page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("heading", name="Nguyễn Văn An", exact=True).wait_for()


@pytest.mark.parametrize("first", ["lan", "mai"])
def test_two_phones_edit_two_fields_and_both_edits_survive_without_conflict(
        live_server, app, village, browser, first):
    phones = {}
    for username in ("lan", "mai"):
        context = browser.new_context(**PHONE)
        phones[username] = context.new_page()
        log_in(phones[username], live_server, username)
        context.set_offline(True)
    # mai writes the note first, lan changes the phone number later: the later edit must not
    # carry the note (nor the empty address) it did not touch.
    edit_household(phones["mai"], "Ghi chú", NOTE)
    edit_household(phones["lan"], "Số điện thoại", NUMBER)
    for username in (first, "mai" if first == "lan" else "lan"):
        phones[username].context.set_offline(False)
        wait_all_sent(phones[username])

    leader = Phone(app, village["hoa"]).client
    stored = leader.get(f"/api/v1/households/{village['an']}").get_json()
    assert (stored["phone"], stored["note"], stored["address"]) == (NUMBER, NOTE, None)
    assert leader.get("/api/v1/conflicts").get_json()["items"] == []
    for page in phones.values():
        page.reload()  # opening the app pulls
        wait_all_sent(page)
        open_village(page, "Thôn Đông")
        open_household(page, "Nguyễn Văn An")
        page.get_by_role("link", name=NUMBER).wait_for()
        assert NOTE in page.locator("main").inner_text()
        page.context.close()


def test_saving_an_unchanged_form_sends_nothing(live_server, app, village, phone):
    log_in(phone, live_server)
    phone.context.set_offline(True)
    open_village(phone, "Thôn Đông")
    open_household(phone, "Nguyễn Văn An")
    phone.get_by_role("link", name="Sửa").first.click()
    phone.get_by_role("button", name="Lưu", exact=True).click()
    phone.get_by_role("heading", name="Nguyễn Văn An", exact=True).wait_for()
    assert phone.locator(".sync-bar .pending").get_attribute("data-pending") == "0"


def test_the_form_stops_an_id_number_or_a_password_before_saving(live_server, village, phone):
    log_in(phone, live_server)
    phone.context.set_offline(True)
    open_village(phone, "Thôn Đông")
    open_household(phone, "Nguyễn Văn An")
    phone.get_by_role("link", name="Sửa").first.click()
    phone.get_by_label("Ghi chú", exact=True).fill("CCCD của ông: 001 234 567 890")
    phone.get_by_label("Địa chỉ", exact=True).fill("Xóm 3, mật khẩu VNeID: An@1960")
    phone.get_by_role("button", name="Lưu", exact=True).click()
    errors = phone.locator(".field-error").all_inner_texts()
    assert errors == ["Không ghi mã OTP hay mật khẩu vào đây.",  # the address comes first
                      "Không ghi số căn cước công dân (CCCD) vào đây."]
    assert phone.get_by_label("Ghi chú", exact=True).get_attribute("aria-invalid") == "true"
    phone.get_by_label("Ghi chú", exact=True).fill("Gọi 0912 345 678 buổi tối")
    phone.get_by_label("Địa chỉ", exact=True).fill("Xóm 3")
    phone.get_by_role("button", name="Lưu", exact=True).click()
    phone.get_by_role("heading", name="Nguyễn Văn An", exact=True).wait_for()
    assert phone.locator(".sync-bar .pending").get_attribute("data-pending") == "1"
