"""A member's groups on the phone (issue 17 item 2): large toggles in the member's form and in a
new household's form, 44 px tall within 360 px, and only the groups that changed go to the server."""
import pytest

from tests.browser.app import log_in, open_household, open_village, wait_all_sent
from tests.phones import Phone, new_id, op

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN", "is_mobile": True, "has_touch": True}


@pytest.fixture
def village(app, commune, make_village, make_user):
    east = make_village(commune, "T01", "Thôn Đông")
    users = {name: make_user(commune, role, [east], username=name)
             for name, role in (("lan", "volunteer"), ("hoa", "leader"))}
    household_id, member_id = new_id(), new_id()
    Phone(app, users["hoa"]).push(
        op("household.upsert", household_id, {"village_id": east.id, "head_name": "Nguyễn Văn An"}),
        op("member.upsert", member_id, {"household_id": household_id, "full_name": "Nguyễn Thị Hoa",
                                        "groups": {"official": True}}))
    return {"household": household_id, "member": member_id, **users}


def toggle_boxes(page):
    return page.evaluate("""() => [...document.querySelectorAll('fieldset.toggles label.toggle')]
        .filter((node) => node.querySelector('input[name=groups]'))
        .map((node) => { const r = node.getBoundingClientRect();
                         return [r.left, r.right, r.height]; })""")


def stored_groups(app, village, household_id):
    record = Phone(app, village["hoa"]).client.get(f"/api/v1/households/{household_id}").get_json()
    return {m["full_name"]: m["groups"] for m in record["members"]}


def test_the_member_form_ticks_a_group_and_it_syncs(live_server, app, village, browser):
    page = browser.new_context(**PHONE).new_page()
    log_in(page, live_server, "lan")
    open_village(page, "Thôn Đông")
    open_household(page, "Nguyễn Văn An")
    page.get_by_role("link", name="Sửa thông tin Nguyễn Thị Hoa").click()
    official = page.get_by_label("Cán bộ, công chức", exact=True)
    assert official.is_checked()
    boxes = toggle_boxes(page)
    assert len(boxes) == 5
    assert all(left >= 0 and right <= 360 and height >= 44 for left, right, height in boxes), boxes
    page.get_by_label("Đoàn viên", exact=True).check()
    official.uncheck()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("heading", name="Nguyễn Văn An", exact=True).wait_for()
    wait_all_sent(page)
    assert stored_groups(app, village, village["household"]) == {"Nguyễn Thị Hoa": ["youth_union"]}
    leader = Phone(app, village["hoa"]).client
    assert leader.get("/api/v1/conflicts").get_json()["items"] == []


def test_a_new_households_head_is_put_in_a_group_once(live_server, app, village, browser):
    page = browser.new_context(**PHONE).new_page()
    log_in(page, live_server, "lan")
    open_village(page, "Thôn Đông")
    page.get_by_role("link", name="Thêm hộ").click()
    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_label("Họ tên chủ hộ").fill("Lê Văn Bình")
    page.get_by_label("Hội viên", exact=True).check()
    assert all(height >= 44 for _, _, height in toggle_boxes(page))
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("heading", name="Lê Văn Bình", exact=True).wait_for()
    wait_all_sent(page)
    items = Phone(app, village["hoa"]).client.get(
        "/api/v1/households", query_string={"q": "Lê Văn Bình"}).get_json()["items"]
    assert stored_groups(app, village, items[0]["id"]) == {"Lê Văn Bình": ["association"]}
