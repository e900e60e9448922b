"""Type each thing once (issue 16, item 2), on a 360 × 640 phone and the demo commune: a new
household's form makes its head the first member (name, birth year, phone, skills), the next
person is one tap on; the visit form shows its three outcomes across the screen, the chosen one
ticked and bold, and its topics as large toggles."""
import pytest
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.extensions import db
from tests.browser.app import log_in, open_village, wait_all_sent
from tests.browser.test_phone_screen import box, demo, dismiss_storage_note, in_view, small_phone  # noqa: F401
from tests.phones import Phone

pytestmark = pytest.mark.browser
SKILLS = ["Đã cài ứng dụng VNeID", "Tự đăng nhập được VNeID"]


def household_on_server(app, head_name):
    leader = db.session.scalars(select(User).where(User.username == "leader")).one()
    client = Phone(app, leader).client
    query = {"q": head_name, "per_page": 10}
    items = client.get("/api/v1/households", query_string=query).get_json()["items"]
    [item] = [item for item in items if item["head_name"] == head_name]
    return client.get(f"/api/v1/households/{item['id']}").get_json()


def fits_the_width(page, selector):
    """Every element of `selector` inside 0..360 px and its text not cut off."""
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)].map((node) => {
        const r = node.getBoundingClientRect();
        return r.left >= 0 && r.right <= 360 && node.scrollWidth <= node.clientWidth;
      })""", selector)


def test_a_new_household_makes_its_head_the_first_member_and_the_next_person_is_one_tap_on(
        live_server, app, demo, small_phone):  # noqa: F811
    page = small_phone
    log_in(page, live_server, "volunteer")
    dismiss_storage_note(page)
    village = demo["villages"][demo["village_id"]]
    open_village(page, village)
    page.get_by_role("link", name="Thêm hộ").click()
    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_label("Họ tên chủ hộ").fill("Tạ Quang Vinh")
    page.get_by_label("Năm sinh chủ hộ").fill("1968")
    page.get_by_label("Số điện thoại", exact=True).fill("0987 654 321")
    for skill in SKILLS:
        page.get_by_label(skill, exact=True).check()
    assert all(fits_the_width(page, "form input:not([type=hidden]), form label, form button"))
    page.get_by_role("button", name="Lưu, thêm người").click()  # one tap: saved, and the next person
    page.get_by_role("heading", name="Thêm người").wait_for()
    page.get_by_label("Họ và tên").fill("Tạ Thị Lụa")
    page.get_by_label("Năm sinh").fill("1995")
    typed = page.get_by_label("Họ và tên").element_handle()
    page.get_by_role("button", name="Lưu, thêm người").click()  # and the next one, if there is one
    for _ in range(100):  # the form is drawn again
        if not typed.evaluate("(node) => node.isConnected"):
            break
        page.wait_for_timeout(50)
    assert page.get_by_label("Họ và tên").input_value() == ""
    assert page.get_by_role("heading", name="Thêm người").is_visible()
    page.get_by_role("link", name="Hộ Tạ Quang Vinh").click()  # no one else: back to the household
    page.get_by_role("heading", name="Tạ Quang Vinh", exact=True).wait_for()
    head = page.locator(".member").filter(has=page.locator("strong", has_text="Tạ Quang Vinh"))
    assert "chủ hộ" in head.inner_text() and "sinh năm 1968" in head.inner_text()
    assert sorted(head.locator("button.skill[aria-pressed=true]").all_inner_texts()) == sorted(SKILLS)
    assert page.locator(".member strong").all_inner_texts() == ["Tạ Quang Vinh", "Tạ Thị Lụa"]
    wait_all_sent(page)
    record = household_on_server(app, "Tạ Quang Vinh")
    assert record["phone"] == "0987654321"
    people = [(m["full_name"], m["is_head"], m["birth_year"], m["phone"], sorted(m["skills"]))
              for m in record["members"]]
    assert people == [("Tạ Quang Vinh", True, 1968, "0987654321", ["vneid_installed", "vneid_login"]),
                      ("Tạ Thị Lụa", False, 1995, None, [])]


def test_a_head_too_young_to_be_named_stops_the_form(live_server, demo, small_phone):  # noqa: F811
    log_in(small_phone, live_server, "volunteer")
    open_village(small_phone, demo["villages"][demo["village_id"]])
    small_phone.get_by_role("link", name="Thêm hộ").click()
    small_phone.get_by_label("Đồng ý", exact=True).check()
    small_phone.get_by_label("Họ tên chủ hộ").fill("Bé Na")
    small_phone.get_by_label("Năm sinh chủ hộ").fill("2020")
    small_phone.get_by_role("button", name="Lưu", exact=True).click()
    assert "Chỉ ghi tên người từ 14 tuổi trở lên" in small_phone.locator(".field-error").inner_text()
    assert small_phone.locator(".sync-bar .pending").get_attribute("data-pending") == "0"


def outcome_marks(page):
    """Per outcome: (checked, its tick, its font weight)."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.outcomes label')]
      .map((label) => [label.querySelector('input').value, [label.querySelector('input').checked,
        getComputedStyle(label.querySelector('span'), '::before').content,
        getComputedStyle(label).fontWeight]]))""")


def test_the_visit_form_fits_360_px_with_the_chosen_outcome_unmistakable(live_server, demo, small_phone):  # noqa: F811
    log_in(small_phone, live_server, "volunteer")
    dismiss_storage_note(small_phone)
    small_phone.goto(small_phone.url.split("#")[0] + f"#/h/{demo['household_id']}/visit")
    small_phone.get_by_role("heading", name="Ghi lượt đến").wait_for()
    labels = small_phone.locator(".outcomes label")
    assert labels.all_inner_texts() == ["Gặp được", "Vắng nhà", "Từ chối"]
    for i in range(3):
        assert in_view(labels.nth(i).evaluate("(node) => node.getBoundingClientRect().toJSON()"))
    assert all(fits_the_width(small_phone, ".outcomes label"))
    assert outcome_marks(small_phone) == {"met": [True, '"✓ "', "700"], "not_home": [False, "none", "400"],
                                          "refused": [False, "none", "400"]}
    labels.filter(has_text="Từ chối").click()
    assert outcome_marks(small_phone) == {"met": [False, "none", "400"], "not_home": [False, "none", "400"],
                                          "refused": [True, '"✓ "', "700"]}
    assert small_phone.get_by_role("radio", name="Từ chối").is_checked()  # a radio to assistive technology
    # Topics and barriers: one large toggle a row, the whole row to tap.
    for toggle in small_phone.locator("fieldset.toggles label.toggle").all():
        rect = toggle.evaluate("(node) => node.getBoundingClientRect().toJSON()")
        row = toggle.evaluate("(node) => node.parentElement.getBoundingClientRect().toJSON()")
        assert rect["height"] >= 48 and rect["width"] >= row["width"] - 40, (toggle.inner_text(), rect, row)
    topic = small_phone.get_by_label("Hướng dẫn cài VNeID", exact=True)
    small_phone.locator("label.toggle", has_text="Hướng dẫn cài VNeID").click()  # anywhere on the row
    assert topic.is_checked()
    assert small_phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_household_that_declined_has_no_one_recorded_by_name(live_server, app, demo, small_phone):  # noqa: F811
    page = small_phone
    log_in(page, live_server, "volunteer")
    open_village(page, demo["villages"][demo["village_id"]])
    page.get_by_role("link", name="Thêm hộ").click()
    page.get_by_label("Không đồng ý", exact=True).check()
    assert page.get_by_label("Năm sinh chủ hộ").is_hidden()
    assert page.get_by_role("button", name="Lưu, thêm người").is_hidden()
    page.get_by_label("Tên gọi nhà (không ghi họ tên)").fill("Nhà cổng xanh cuối ngõ 7")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("heading", name="Nhà cổng xanh cuối ngõ 7", exact=True).wait_for()
    wait_all_sent(page)
    record = household_on_server(app, "Nhà cổng xanh cuối ngõ 7")
    assert (record["consent"], record["members"]) == ("declined", [])
