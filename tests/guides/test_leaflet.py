"""The A4 leaflet of a card, printed by the commune office: the commune's name and hotline, the
QR code and the public address (FIELDAPP_PUBLIC_URL here)."""
import re

import pytest

from fieldapp.extensions import db
from tests.pages.test_login_pages import page_login

SLUG = "phong-lua-dao"


def text_of(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def app_settings():
    return {"FIELDAPP_PUBLIC_URL": "https://cds.xathunghiem.gov.vn"}


@pytest.fixture
def hotline(team):
    team["commune"].hotline = "02083123456"
    db.session.commit()
    return "02083123456"


def test_the_leaflet_names_the_commune_and_its_hotline_with_the_qr_code(client, team, hotline):
    page_login(client, "officer")
    response = client.get(f"/guides/{SLUG}/leaflet")
    assert response.status_code == 200
    page = text_of(response)
    assert team["commune"].name in page and hotline in page
    code = team["commune"].code  # the scanned page shows the commune's help (test_local_help.py)
    assert f'src="/guides/{SLUG}/qr.svg?commune={code}"' in page
    assert f"https://cds.xathunghiem.gov.vn/guides/{SLUG}?commune={code}" in page
    assert "Công an không bao giờ gọi điện hỏi mật khẩu" in page


def test_a_leaflet_without_a_hotline_says_so_on_screen_only(client, team):
    page_login(client, "officer")
    page = text_of(client.get(f"/guides/{SLUG}/leaflet"))
    assert team["commune"].name in page
    assert '<p class="note no-print">' in page and "leaflet-hotline" not in page


def test_only_the_commune_office_opens_a_leaflet(app, team):
    anonymous = app.test_client().get(f"/guides/{SLUG}/leaflet")
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    for name in ("lan", "hung"):
        client = app.test_client()
        page_login(client, name)
        assert client.get(f"/guides/{SLUG}/leaflet").status_code == 403


def test_an_admin_prints_a_leaflet_for_a_chosen_commune(client, team, other_commune, make_user):
    make_user(team["commune"], "admin", username="root")
    page_login(client, "root")
    page = text_of(client.get(f"/guides/{SLUG}/leaflet", query_string={"commune_id": other_commune.id}))
    assert other_commune.name in page and team["commune"].name not in page
    for wrong in (999999, "²", 2**40):
        assert client.get(f"/guides/{SLUG}/leaflet", query_string={"commune_id": wrong}).status_code == 404
