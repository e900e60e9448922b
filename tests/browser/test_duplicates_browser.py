"""Each household once, in the app: a new household like one the village already has shows
the likely match, opened in one tap, or saved anyway."""
import pytest

from tests.browser.app import log_in, open_village, pending, sync_now, wait_all_sent
from tests.browser.test_volunteer_app import households_of, team  # noqa: F401 (a fixture)
from tests.phones import Phone

pytestmark = pytest.mark.browser


def fill_new_household(phone, head_name, number):
    open_village(phone, "Thôn Đông")
    phone.get_by_role("link", name="Thêm hộ").click()
    phone.get_by_label("Đồng ý", exact=True).check()
    phone.get_by_label("Họ tên chủ hộ").fill(head_name)
    phone.get_by_label("Số điện thoại", exact=True).fill(number)
    phone.get_by_role("button", name="Lưu", exact=True).click()


def test_a_new_household_like_one_recorded_shows_it_first(live_server, app, team, phone):  # noqa: F811
    log_in(phone, live_server)
    fill_new_household(phone, "Nguyen Van An", "0912 000 000")
    match = phone.locator(".matches .match")
    match.wait_for()
    assert match.count() == 1
    assert "Nguyễn Văn An" in match.inner_text() and "cùng số điện thoại" in match.inner_text()
    match.get_by_role("button", name="Mở hộ này").click()  # one tap to the household recorded
    phone.get_by_role("heading", name="Nguyễn Văn An", exact=True).wait_for()
    assert pending(phone) == 0  # nothing was recorded

    fill_new_household(phone, "Trần Văn Mới", "0912 000 000")  # the match shows...
    phone.locator(".matches .match").wait_for()
    phone.get_by_role("button", name="Vẫn lưu hộ mới").click()  # ...and it is saved all the same
    phone.get_by_role("heading", name="Trần Văn Mới", exact=True).wait_for()
    wait_all_sent(phone)
    assert "Trần Văn Mới" in households_of(app, team["hoa"], team["east"])

    # The leader merges the new record into An's: the phone's copy leads to the one kept.
    again = households_of(app, team["hoa"], team["east"])["Trần Văn Mới"]["id"]
    leader = Phone(app, team["hoa"])
    response = leader.client.post(f"/api/v1/households/{again}/merge", json={"into": team["an"]},
                                  headers={"X-CSRFToken": leader.token})
    assert response.status_code == 200
    phone.goto(phone.url.split("#")[0] + f"#/h/{again}")
    phone.get_by_role("heading", name="Trần Văn Mới", exact=True).wait_for()
    sync_now(phone)  # the page follows the pull
    phone.get_by_text("đã được gộp vào bản ghi khác").wait_for()
    phone.get_by_role("link", name="Mở hộ này").click()
    phone.get_by_role("heading", name="Nguyễn Văn An", exact=True).wait_for()
