"""The leader's map in a real browser, with no tile server: the points are still there."""
import re

import pytest

from tests.conftest import PASSWORD
from tests.phones import Phone, new_id, op

pytestmark = pytest.mark.browser


@pytest.fixture
def app_settings():
    return {"FIELDAPP_TILE_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png"}  # nothing answers there


@pytest.fixture
def households(app, commune, make_village, make_user):
    village = make_village(commune, "T01", "Thôn Đông")
    make_user(commune, "leader", [village], username="hung")
    ops = [op("household.upsert", new_id(), {"village_id": village.id, "head_name": f"Hộ {i}",
                                             "lat": 21.0 + i / 500, "lon": 105.8 + i / 500})
           for i in range(30)]
    unplaced = new_id()
    ops.append(op("household.upsert", unplaced,
                  {"village_id": village.id, "head_name": "Hộ <b>chưa</b> định vị"}))
    Phone(app, make_user(commune, "officer", [], username="office")).push(*ops)
    return village


def test_the_map_shows_the_households_without_tiles(live_server, households, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("#username", "hung")
    phone.fill("#password", PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(f"{live_server}/leader")
    phone.locator("header summary").click()  # the menu, folded on a phone
    phone.get_by_role("link", name="Bản đồ").click()
    phone.locator("#map-summary", has_text=re.compile(r"^30 ")).wait_for()
    phone.locator("#map-note").wait_for()  # says the tiles are unavailable
    drawn = phone.locator(".marker-cluster").count() + phone.locator(".leaflet-overlay-pane canvas").count()
    assert drawn > 0
    cluster = phone.locator(".marker-cluster div").first
    if cluster.count():  # styled as a coloured disc (MarkerCluster.Default.css), not a bare number
        assert cluster.evaluate("e => getComputedStyle(e).borderRadius") == "15px"
        disc = cluster.evaluate("e => getComputedStyle(e.parentElement).backgroundColor")
        assert disc != "rgba(0, 0, 0, 0)"
    assert phone.locator("#unplaced-count").inner_text() == "1"
    assert phone.locator("#unplaced li strong").inner_text() == "Hộ <b>chưa</b> định vị"  # shown, not run
    phone.get_by_label("Chưa đến").uncheck()  # hide the unvisited ones
    phone.locator("#map-summary", has_text=re.compile(r"^0 ")).wait_for()
