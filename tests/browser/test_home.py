"""The volunteer's home screen: villages with their counters, and the sync bar."""
import pytest

from tests.browser.test_offline_shell import log_in
from tests.phones import Phone, new_id, op

pytestmark = pytest.mark.browser
SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}


@pytest.fixture
def village(app, commune, make_village, make_user):
    village = make_village(commune, "T01", "Thôn Đông")
    volunteer = make_user(commune, "volunteer", [village], username="lan")
    covered, waiting = new_id(), new_id()
    Phone(app, volunteer).push(
        op("household.upsert", covered, {"village_id": village.id, "head_name": "<b>Hộ</b> một"}),
        op("member.upsert", new_id(), {"household_id": covered, "full_name": "An", "skills": SKILLED}),
        op("household.upsert", waiting, {"village_id": village.id, "head_name": "Hộ hai"}),
    )
    return village


def test_home_shows_each_village_with_households_and_covered_share(live_server, village, phone):
    log_in(phone, live_server)
    item = phone.locator(".village")
    item.get_by_text("Thôn Đông").wait_for()
    assert "2 hộ" in item.inner_text() and "Đã đạt 1 (50%)" in item.inner_text()
    bar = phone.get_by_role("status")
    bar.get_by_text("Đã gửi hết").wait_for()
    assert "Đang có mạng" in bar.inner_text()


def test_the_sync_bar_counts_work_waiting_while_offline(live_server, village, phone):
    log_in(phone, live_server)
    phone.locator(".village").get_by_text("Thôn Đông").wait_for()
    phone.context.set_offline(True)
    phone.get_by_role("status").get_by_text("Mất mạng").wait_for()
    phone.evaluate("""async () => {
        const db = await import('/static/app/db.js');
        const [village] = await db.all('villages');
        const id = crypto.randomUUID();
        await db.record('households', {id, village_id: village.id, head_name: 'Hộ ba'}, {
            op_id: crypto.randomUUID(), type: 'household.upsert', entity_id: id,
            at: new Date().toISOString(), base_version: null,
            data: {village_id: village.id, head_name: 'Hộ ba'}});
    }""")
    phone.get_by_role("status").get_by_text("Chờ gửi: 1").wait_for()
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.get_by_role("status").get_by_text("Đã gửi hết").wait_for()
