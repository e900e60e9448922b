"""A live screen (home, a village, a household) is drawn again when a sync brings new data, but
never under a finger: a sync that changed nothing the screen shows leaves its nodes in place, so
a tap under way lands on what the volunteer aimed at (the tap budget's page once counted a tap
twice: the household's screen was redrawn between the tap's aim and its touch)."""
import pytest

from tests.browser.app import log_in, open_household, open_village, wait_all_sent
from tests.browser.test_volunteer_app import team  # noqa: F401
from tests.phones import Phone, new_id, op

pytestmark = pytest.mark.browser
MARK = "(node) => { node.seenBeforeTheSync = true; }"  # a property, not an attribute: invisible to the page
SEEN = "(node) => node.seenBeforeTheSync === true"


def moved(household_id):
    """A colleague's change of the household's address."""
    return op("household.upsert", household_id, {"address": "Xóm Giữa"}, base_version=1)


SYNCED = "performance.getEntriesByName('fieldapp:synced').length"


def sync_and_wait(phone):
    """A sync, and the live screen's redraw it asks for (drawn or kept)."""
    before = phone.evaluate(SYNCED)
    phone.evaluate("dispatchEvent(new Event('online'))")  # the app syncs at once; no tap needed
    for _ in range(300):
        if phone.evaluate(SYNCED) > before:
            return
        phone.wait_for_timeout(100)
    raise AssertionError("no sync's redraw in 30 s")


def test_a_sync_that_brings_nothing_new_keeps_the_household_screen_under_the_finger(
        live_server, phone, team):  # noqa: F811
    log_in(phone, live_server, "lan")
    open_village(phone, "Thôn Đông")
    open_household(phone, "Nguyễn Văn An")
    met = phone.locator(".outcomes").get_by_role("link", name="Gặp được")
    met.evaluate(MARK)

    sync_and_wait(phone)

    assert met.evaluate(SEEN)


def test_a_sync_that_brings_a_colleagues_change_draws_the_household_again(
        live_server, app, phone, team):  # noqa: F811
    log_in(phone, live_server, "lan")
    open_village(phone, "Thôn Đông")
    open_household(phone, "Nguyễn Văn An")
    phone.locator(".outcomes").get_by_role("link", name="Gặp được").evaluate(MARK)

    answer = Phone(app, team["mai"]).push(moved(team["an"]))
    assert [result["status"] for result in answer] == ["applied"]
    sync_and_wait(phone)

    assert phone.get_by_text("Xóm Giữa").is_visible()  # drawn by the sync's redraw itself
    assert not phone.locator(".outcomes").get_by_role("link", name="Gặp được").evaluate(SEEN)


def test_a_redraw_waits_while_a_finger_is_down(live_server, app, phone, team):  # noqa: F811
    log_in(phone, live_server, "lan")
    open_village(phone, "Thôn Đông")
    open_household(phone, "Nguyễn Văn An")
    met = phone.locator(".outcomes").get_by_role("link", name="Gặp được")
    met.evaluate(MARK)
    box = met.bounding_box()
    phone.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    phone.mouse.down()

    Phone(app, team["mai"]).push(moved(team["an"]))
    phone.evaluate("dispatchEvent(new Event('online'))")
    wait_all_sent(phone)
    phone.wait_for_timeout(500)
    assert met.evaluate(SEEN)  # not drawn again under the finger

    phone.mouse.up()  # the tap lands: the visit's form opens
    phone.get_by_role("heading", name="Ghi lượt đến").wait_for()


def test_a_kept_village_list_searches_what_the_sync_brought(live_server, app, phone, team):  # noqa: F811
    """The list's nodes stay (a colleague's new member changes no row), its search does not."""
    log_in(phone, live_server, "lan")
    open_village(phone, "Thôn Đông")
    search = phone.get_by_role("searchbox")
    search.fill("an")  # the search index is made now, from the replica as it is
    phone.locator("ul.rows a.household").nth(1).wait_for(state="detached")
    search.fill("")
    phone.locator("ul.rows a.household").nth(1).wait_for()
    heading = phone.get_by_role("heading", name="Thôn Đông")
    heading.evaluate(MARK)

    answer = Phone(app, team["mai"]).push(op("member.upsert", new_id(), {
        "household_id": team["an"], "full_name": "Hoàng Văn Khải"}))
    assert [result["status"] for result in answer] == ["applied"]
    sync_and_wait(phone)
    assert heading.evaluate(SEEN)  # kept: nothing it shows changed

    search.fill("khai")
    phone.locator("ul.rows a.household").nth(1).wait_for(state="detached")
    assert phone.locator("ul.rows a.household .name").all_inner_texts() == ["Nguyễn Văn An"]
