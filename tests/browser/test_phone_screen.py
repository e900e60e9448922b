"""The volunteer's screen budget on a 360 × 640 phone (issue 16, item 1), measured with
getBoundingClientRect on the demo commune: the first household row within the top 260 px, the
way to add a household in view on every list, the sync state as one line that opens on a tap,
a storage warning that stays dismissed, and touch targets of at least 44 × 44 px."""
import pytest
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.extensions import db
from fieldapp.places.models import Village
from tests.browser.app import go_offline, log_in, open_village, wait_pending
from tests.browser.pages import seed_pages

pytestmark = pytest.mark.browser
SMALL_PHONE = {"viewport": {"width": 360, "height": 640}, "locale": "vi-VN", "is_mobile": True,
               "has_touch": True}
# The browser refuses persistent storage (as Chrome does for a site not installed): the warning shows.
REFUSE_PERSIST = """navigator.storage.persist = async () => false;
navigator.storage.persisted = async () => false;"""
LABELS = "label.toggle, label.check, label.outcome"  # a box inside one is tapped through it
TOUCH = f"a[href], button, input:not([type=hidden]), select, textarea, {LABELS}"


@pytest.fixture
def demo(app):
    ids = seed_pages()
    volunteer = db.session.scalars(select(User).where(User.username == "volunteer")).one()
    villages = db.session.scalars(select(Village).where(Village.id.in_(volunteer.village_ids))).all()
    return {**ids, "villages": {village.id: village.name for village in villages}}


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(**SMALL_PHONE)
    context.add_init_script(REFUSE_PERSIST)
    page = context.new_page()
    yield page
    context.close()


def box(page, selector):
    return page.locator(selector).first.evaluate("(node) => node.getBoundingClientRect().toJSON()")


def in_view(rect):
    return rect["top"] >= 0 and rect["left"] >= 0 and rect["bottom"] <= 640 and rect["right"] <= 360


def dismiss_storage_note(page):
    note = page.locator("#storage-note")
    note.wait_for()
    note.get_by_role("button", name="Đã hiểu").click()
    note.wait_for(state="hidden")


def small_targets(page):
    """The tappable things in view that are smaller than 44 × 44 px."""
    return page.evaluate("""([selector, labels]) => [...document.querySelectorAll(selector)]
      .filter((node) => !(node.matches('input') && node.closest(labels)))
      .filter((node) => node.checkVisibility({ visibilityProperty: true }))
      .map((node) => [node.outerHTML.slice(0, 80), node.getBoundingClientRect()])
      .filter(([, r]) => r.bottom > 0 && r.top < innerHeight && (r.width < 44 || r.height < 44))
      .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)""", [TOUCH, LABELS])


def test_every_village_list_starts_within_260_px_with_adding_a_household_in_view(live_server, demo,
                                                                                 small_phone):
    log_in(small_phone, live_server, "volunteer")
    dismiss_storage_note(small_phone)
    assert len(demo["villages"]) >= 2
    for village_id, name in demo["villages"].items():
        open_village(small_phone, name)
        first = box(small_phone, "a.household")
        assert first["top"] <= 260, (name, first)
        add = box(small_phone, f"a[href='#/v/{village_id}/new']")
        assert in_view(add), (name, add)
        assert small_phone.evaluate("document.documentElement.scrollWidth") <= 360
    # A filtered list, and a search that finds nothing: the way to add is still in view.
    small_phone.locator(".chips button").nth(1).click()
    small_phone.locator(".chips button[aria-pressed=true]").wait_for()
    assert in_view(box(small_phone, f"a[href='#/v/{village_id}/new']"))
    small_phone.get_by_role("searchbox").fill("không có ai tên này")
    small_phone.locator("a.household").first.wait_for(state="detached")
    assert in_view(box(small_phone, f"a[href='#/v/{village_id}/new']"))
    small_phone.get_by_role("link", name="Thêm hộ").click()
    small_phone.get_by_role("heading", name="Thêm hộ").wait_for()


def test_the_sync_state_is_one_line_that_opens_on_a_tap(live_server, outage, demo, small_phone):
    log_in(small_phone, live_server, "volunteer")
    dismiss_storage_note(small_phone)
    line = small_phone.locator(".sync-bar button.sync-line")
    details = small_phone.locator("#sync-details")
    assert line.get_attribute("aria-expanded") == "false" and details.is_hidden()
    rect = box(small_phone, ".sync-line")
    assert 44 <= rect["height"] <= 48 and in_view(rect)
    assert "Đã gửi hết" in line.inner_text()
    go_offline(small_phone, outage)
    open_village(small_phone, next(iter(demo["villages"].values())))
    small_phone.locator("a.household").first.click()
    small_phone.get_by_role("button", name="Vắng nhà").click()
    wait_pending(small_phone, 1)
    text = line.inner_text()
    assert "Mất mạng" in text and "Chờ gửi: 1" in text and "Đồng bộ " in text
    assert box(small_phone, ".sync-line")["height"] <= 48  # still one line
    line.click()
    assert line.get_attribute("aria-expanded") == "true"
    details.wait_for()
    shown = details.inner_text()
    assert "Đồng bộ lần cuối:" in shown and "Tài khoản: Trần Thị Lan" in shown
    assert "Trình duyệt chưa cho lưu dữ liệu lâu dài" in shown  # the dismissed warning, in short
    assert details.get_by_role("button", name="Đồng bộ ngay").is_disabled()  # offline
    details.get_by_role("button", name="Lưu việc chờ gửi ra tệp").wait_for()
    line.click()
    assert line.get_attribute("aria-expanded") == "false"
    details.wait_for(state="hidden")


def test_the_storage_warning_stays_dismissed_after_reloading(live_server, demo, small_phone):
    log_in(small_phone, live_server, "volunteer")
    note = small_phone.locator("#storage-note")
    note.wait_for()
    assert "có thể xóa dữ liệu" in note.inner_text()
    note.get_by_role("button", name="Đã hiểu").click()
    note.wait_for(state="hidden")
    small_phone.reload()
    small_phone.get_by_role("heading", name="Thôn của tôi").wait_for()
    small_phone.locator(".sync-bar .sync-line").wait_for()
    small_phone.wait_for_timeout(300)  # the storage question is answered after the first screen
    assert note.is_hidden()


def test_the_volunteer_screens_have_touch_targets_of_44_px(live_server, demo, small_phone):
    log_in(small_phone, live_server, "volunteer")
    base = small_phone.url.split("#")[0]
    screens = {
        "home": "#/",
        "village": f"#/v/{demo['village_id']}",
        "household": f"#/h/{demo['household_id']}",
        "new household": f"#/v/{demo['village_id']}/new",
        "visit": f"#/h/{demo['household_id']}/visit",
        "member": f"#/h/{demo['household_id']}/member",
        "edit member": f"#/m/{demo['member_id']}",
        "due": "#/due",
        "refused": "#/rejected",
    }
    found = {}
    for name, route in screens.items():
        small_phone.goto(base + route)
        small_phone.locator("#view h1").wait_for()
        small_phone.locator(".sync-line").click()  # the sync line's details too
        for _ in range(30):  # every tappable thing of the screen, down to its end
            bad = small_targets(small_phone)
            if bad:
                found[name] = bad
            if small_phone.evaluate("scrollY + innerHeight >= document.documentElement.scrollHeight - 1"):
                break
            small_phone.mouse.wheel(0, 500)
            small_phone.wait_for_timeout(50)
    assert not found, found


def test_a_household_page_has_its_visit_buttons_in_the_first_screen(live_server, demo, small_phone):
    log_in(small_phone, live_server, "volunteer")
    dismiss_storage_note(small_phone)
    small_phone.goto(small_phone.url.split("#")[0] + f"#/h/{demo['household_id']}")
    buttons = small_phone.locator(".outcomes").get_by_role("link").or_(
        small_phone.locator(".outcomes").get_by_role("button"))
    buttons.first.wait_for()
    assert buttons.all_inner_texts() == ["Gặp được", "Vắng nhà", "Từ chối"]
    for button in buttons.all():
        assert in_view(button.evaluate("(node) => node.getBoundingClientRect().toJSON()"))
