"""Driving the volunteer app the way a volunteer does: taps, typing, the sync bar."""
import re

from tests.conftest import PASSWORD


def log_in(phone, base, username="lan"):
    """The server's login page, then the app with its data synced and its worker in control."""
    phone.goto(f"{base}/login")
    phone.fill("#username", username)
    phone.fill("#password", PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(f"{base}/app")
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_all_sent(phone)


def pending(phone):
    return int(phone.locator(".sync-bar .pending").get_attribute("data-pending"))


def wait_pending(phone, n):
    phone.locator(f".sync-bar .pending[data-pending='{n}']").wait_for()


def wait_all_sent(phone):
    """Nothing waiting and a sync finished since."""
    wait_pending(phone, 0)
    phone.locator(".sync-bar .last[data-synced]").wait_for()
    phone.locator(".sync-bar .syncing").wait_for(state="detached")


def sync_now(phone):
    """Open the sync line's details (one tap on the line, unless open) and tap "Đồng bộ ngay"."""
    line = phone.locator(".sync-bar .sync-line")
    if line.get_attribute("aria-expanded") != "true":
        line.click()
    phone.get_by_role("button", name="Đồng bộ ngay").click()


def go_offline(phone, outage):
    """No network for the page (the browser's emulation) nor for its service worker."""
    outage.down = True
    phone.context.set_offline(True)


def go_online(phone, outage=None):
    if outage:
        outage.down = False
    phone.context.set_offline(False)  # the browser's `online` event starts a sync


def open_village(phone, name):
    phone.goto(phone.url.split("#")[0] + "#/")
    phone.locator("#villages a").filter(has_text=name).click()
    phone.get_by_role("heading", name=name).wait_for()


def open_household(phone, name):
    exact = re.compile(f"^{re.escape(name)}$")
    phone.locator("a.household").filter(has=phone.locator(".name", has_text=exact)).click()
    phone.get_by_role("heading", name=name, exact=True).wait_for()


def add_household(phone, head_name, consent="Đồng ý", **fields):
    """From a village's list; ends on the new household's page."""
    phone.get_by_role("link", name="Thêm hộ").click()
    phone.get_by_label(consent, exact=True).check()
    phone.get_by_label("Họ tên chủ hộ").fill(head_name)
    labels = {"code": "Mã hộ", "address": "Địa chỉ", "phone": "Số điện thoại", "member_count": "Số nhân khẩu"}
    for name, value in fields.items():
        phone.get_by_label(labels[name], exact=True).fill(str(value))
    phone.get_by_role("button", name="Lưu", exact=True).click()
    phone.get_by_role("heading", name=head_name, exact=True).wait_for()


def add_member(phone, full_name, birth_year=None):
    """From a household's page; ends back on it."""
    phone.get_by_role("link", name="Thêm người").click()
    phone.get_by_label("Họ và tên").fill(full_name)
    if birth_year:
        phone.get_by_label("Năm sinh").fill(str(birth_year))
    phone.get_by_role("button", name="Lưu", exact=True).click()
    phone.locator(".member strong", has_text=full_name).wait_for()


def tap_skill(phone, member_name, skill_label):
    member = phone.locator(".member").filter(has=phone.locator("strong", has_text=member_name))
    button = member.get_by_role("button", name=skill_label)
    pressed = button.get_attribute("aria-pressed")
    button.click()
    member = phone.locator(".member").filter(has=phone.locator("strong", has_text=member_name))
    member.locator(f"button.skill[aria-pressed='{'false' if pressed == 'true' else 'true'}']",
                   has_text=skill_label).wait_for()


def record_met_visit(phone, topics=(), next_visit_on=None):
    """From a household's page; ends back on it."""
    phone.locator(".outcomes").get_by_role("link", name="Gặp được").click()
    for topic in topics:
        phone.get_by_label(topic, exact=True).check()
    if next_visit_on:
        phone.get_by_label("Hẹn quay lại ngày").fill(next_visit_on)
    phone.get_by_role("button", name="Lưu", exact=True).click()
    phone.get_by_role("heading", name="Các lượt đến").wait_for()
