"""Guide cards in the volunteer app, driven in chromium as a volunteer drives them (issue 8):
every card opens offline, the "show to the citizen" mode steps through it, the link is shared,
and finishing a card at a household ticks the skill that then reaches the server."""
import re

import pytest

from fieldapp.extensions import db
from fieldapp.plans.models import HelpPoint
from tests.browser.app import (
    go_offline,
    go_online,
    log_in,
    open_household,
    open_village,
    wait_all_sent,
    wait_pending,
)
from tests.browser.test_accessibility import AXE, RUN_AXE, SEEN
from tests.phones import Phone, new_id, op

pytestmark = pytest.mark.browser
SCAMS = "Phòng tránh lừa đảo trên mạng"
INSTALL = "Cài ứng dụng VNeID"
# The app asks for its user's commune's cards (10001): their codes and links carry the commune.
SCAMS_PAGE = "/guides/phong-lua-dao?commune=10001"


@pytest.fixture
def team(app, commune, make_village, make_user):
    east = make_village(commune, "T01", "Thôn Đông")
    lan = make_user(commune, "volunteer", [east], username="lan")
    leader = make_user(commune, "leader", [east], username="hoa")
    home = new_id()
    Phone(app, lan).push(
        op("household.upsert", home, {"village_id": east.id, "head_name": "Lê Thị Bình"}),
        op("member.upsert", new_id(), {"household_id": home, "full_name": "Lê Thị Bình", "is_head": True}),
        op("member.upsert", new_id(), {"household_id": home, "full_name": "Trần Văn Cường"}),
    )
    return {"east": east, "lan": lan, "leader": leader, "home": home}


def bundle_of(app):
    return {guide["title"]: guide for guide in app.test_client().get("/guides.json").get_json()["guides"]}


def wait_guides_kept(phone):
    """The worker serves the app from now on, and the cards are in their cache (guides.js puts
    the bundle last, once every file it names is there)."""
    phone.reload()
    kept = "caches.open('fieldapp-guides').then((cache) => cache.match('/guides.json')).then(Boolean)"
    for _ in range(100):
        if phone.evaluate(kept):
            return
        phone.wait_for_timeout(100)
    raise AssertionError("the guide cards were not kept for offline use")


def images_shown(locator):
    return locator.evaluate_all(
        "(images) => images.length > 0 && images.every((i) => i.complete && i.naturalWidth > 0)")


def open_guide(phone, title):
    phone.get_by_role("link", name="Hướng dẫn cho người dân").click()
    phone.get_by_role("heading", name="Hướng dẫn cho người dân").wait_for()
    phone.get_by_role("link", name=re.compile(f"^{re.escape(title)}")).click()
    phone.get_by_role("heading", name=title).wait_for()


def step_through(phone, steps):
    """The citizen mode from its first step to "Xong", checking each step shown."""
    citizen = phone.locator(".citizen")
    for n, step in enumerate(steps, start=1):
        assert citizen.locator(".citizen-count").inner_text() == f"Bước {n}/{len(steps)}"
        assert citizen.locator(".citizen-text").inner_text() == step["text"]
        assert citizen.get_by_role("button", name="Quay lại").is_disabled() == (n == 1)
        citizen.get_by_role("button", name="Xong" if n == len(steps) else "Tiếp theo").click()


def test_every_card_opens_offline_and_steps_through_the_citizen_mode(live_server, outage, app, team, phone):
    steps = bundle_of(app)[SCAMS]["steps"]
    log_in(phone, live_server)
    wait_guides_kept(phone)
    go_offline(phone, outage)
    phone.reload()  # no network: the worker serves the app, its cache the cards
    open_guide(phone, SCAMS)
    assert images_shown(phone.locator(".guide-steps img"))
    phone.get_by_role("button", name="Mã QR").click()
    assert images_shown(phone.locator(".guide-qr img"))
    assert phone.locator(".guide-qr figcaption").inner_text() == f"{live_server}{SCAMS_PAGE}"
    phone.get_by_role("link", name="Cho người dân xem").click()
    citizen = phone.locator(".citizen")
    citizen.wait_for()
    box = citizen.bounding_box()
    assert (box["x"], box["y"], box["width"]) == (0, 0, 360)  # the whole screen, for the citizen
    assert images_shown(citizen.locator("img"))
    citizen.get_by_role("button", name="Tiếp theo").click()
    citizen.get_by_role("button", name="Quay lại").click()  # back to the first step
    step_through(phone, steps)
    phone.get_by_role("heading", name=SCAMS).wait_for()  # "Xong" away from a household: the card
    for title in bundle_of(app):
        phone.goto(f"{live_server}/app#/guides")
        phone.get_by_role("link", name=re.compile(f"^{re.escape(title)}")).click()
        phone.get_by_role("heading", name=title).wait_for()
        assert images_shown(phone.locator(".guide-steps img")), title
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_cards_never_kept_say_so_offline(live_server, outage, team, phone):
    log_in(phone, live_server)  # the first load: the cards and their screens come later
    go_offline(phone, outage)
    phone.get_by_role("link", name="Hướng dẫn cho người dân").click()
    phone.get_by_text("Chưa tải được các thẻ hướng dẫn về máy").wait_for()


def test_teaching_from_the_card_ticks_the_skill_and_the_visit_topic_offline(live_server, outage, app, team,
                                                                            phone):
    steps = bundle_of(app)[INSTALL]["steps"]
    log_in(phone, live_server)
    wait_guides_kept(phone)
    go_offline(phone, outage)
    open_village(phone, "Thôn Đông")
    open_household(phone, "Lê Thị Bình")
    open_guide(phone, INSTALL)
    phone.get_by_role("link", name="Cho người dân xem").click()
    step_through(phone, steps)
    phone.get_by_role("heading", name="Ghi nhận sau khi hướng dẫn").wait_for()
    skill = phone.get_by_label("Đã cài ứng dụng VNeID", exact=True)
    assert skill.is_checked()  # offered ticked
    phone.get_by_role("button", name="Lưu và ghi lượt đến").click()
    assert phone.get_by_role("alert").inner_text() == "Hãy chọn người đã học."
    phone.get_by_label("Trần Văn Cường").check()
    phone.get_by_role("button", name="Lưu và ghi lượt đến").click()
    phone.get_by_role("heading", name="Ghi lượt đến").wait_for()
    assert phone.get_by_label("Hướng dẫn cài VNeID", exact=True).is_checked()  # the visit's topic
    phone.get_by_role("button", name="Lưu", exact=True).click()
    phone.get_by_role("heading", name="Lê Thị Bình", exact=True).wait_for()
    wait_pending(phone, 2)  # the skill and the visit
    go_online(phone, outage)
    wait_all_sent(phone)
    record = Phone(app, team["leader"]).client.get(f"/api/v1/households/{team['home']}").get_json()
    skills = {member["full_name"]: member["skills"] for member in record["members"]}
    assert skills == {"Trần Văn Cường": ["vneid_installed"], "Lê Thị Bình": []}
    visits = [(visit["outcome"], visit["topics"]) for visit in record["visits"]]
    assert visits == [("met", ["vneid_installed"])]


def test_the_link_goes_out_through_the_phone_share_sheet(live_server, team, phone):
    phone.add_init_script("navigator.share = async (data) => { window.shared = data; };")
    log_in(phone, live_server)
    open_guide(phone, SCAMS)
    phone.get_by_role("button", name="Gửi đường link").click()
    phone.wait_for_function("window.shared !== undefined")
    assert phone.evaluate("window.shared") == {"title": SCAMS, "url": f"{live_server}{SCAMS_PAGE}"}


def test_without_a_share_sheet_the_link_is_copied(live_server, team, phone):
    phone.add_init_script("delete Navigator.prototype.share;")
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(phone, live_server)
    open_guide(phone, SCAMS)
    phone.get_by_role("button", name="Gửi đường link").click()
    phone.locator("#notice").filter(has_text="Đã chép đường link").wait_for()
    assert phone.evaluate("navigator.clipboard.readText()") == f"{live_server}{SCAMS_PAGE}"


def test_the_public_page_reads_on_a_phone_without_logging_in(live_server, app, phone):
    guide = bundle_of(app)[INSTALL]
    phone.goto(f"{live_server}/guides/{guide['slug']}")
    phone.get_by_role("heading", name=INSTALL).wait_for()
    assert phone.locator(".guide-steps li").count() == len(guide["steps"])
    assert images_shown(phone.locator(".guide-steps img"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_communes_scanned_page_shows_its_help_at_360_px(live_server, app, commune, phone):
    """What a citizen scanning the commune's leaflet sees (issue 17 item 4): the card, then the
    commune's hotline (a 44 px link that calls it) and help points; no overflow, no serious axe
    violation."""
    commune.hotline = "02083123456"
    db.session.add(HelpPoint(commune_id=commune.id, kind="post_office", name="Bưu điện văn hóa xã",
                             address="Thôn Đông, cạnh chợ, xã Thử Nghiệm", hours="7:30–17:00, cả Thứ Bảy"))
    db.session.commit()
    phone.goto(f"{live_server}/guides/tra-cuu-ho-so?commune={commune.code}")
    phone.get_by_role("heading", name="Tra cứu, theo dõi hồ sơ đã nộp").wait_for()
    help_box = phone.get_by_role("region", name=f"Nơi hỗ trợ tại {commune.name}")
    call = help_box.get_by_role("link", name="02083123456")
    assert call.get_attribute("href") == "tel:02083123456"
    assert call.bounding_box()["height"] >= 44
    shown = help_box.inner_text()
    assert "Bưu điện văn hóa xã" in shown and "7:30–17:00, cả Thứ Bảy" in shown
    assert images_shown(phone.locator(".guide-steps img"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.evaluate(AXE)
    assert [v for v in phone.evaluate(RUN_AXE) if v["impact"] in SEEN] == []
    phone.get_by_role("link", name="Tất cả hướng dẫn").click()  # the list keeps the commune
    phone.get_by_role("region", name=f"Nơi hỗ trợ tại {commune.name}").wait_for()
    phone.get_by_role("link", name="Kho dữ liệu cá nhân trên Cổng Dịch vụ công").click()
    phone.get_by_role("region", name=f"Nơi hỗ trợ tại {commune.name}").wait_for()
    assert phone.url.endswith(f"/guides/kho-du-lieu-ca-nhan?commune={commune.code}")
