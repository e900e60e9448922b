"""The province's own portal on the cards (issue 17 item 8): for a commune of a province whose
portal is set, the `{portal}` of the cards names it and its address, on the public pages
(?commune=<code>), in the cards for the app (/guides.json?commune=) and on the leaflet; the
generic words, and no address, when the commune has no province or its province no portal."""
import re

import pytest

from fieldapp.extensions import db
from fieldapp.places import services as places
from tests.pages.test_login_pages import page_login

SLUG = "cong-dvc-tinh"
NAME, URL = "Cổng Dịch vụ công tỉnh Hải Dương", "https://dichvucong.haiduong.gov.vn"
NAMED = f"Mở {NAME} ({URL}) trên trình duyệt."
GENERIC = "Mở Cổng dịch vụ công của tỉnh trên trình duyệt."


def text_of(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def first_step(client, code=None):
    query = {"commune": code} if code else {}
    guides = client.get("/guides.json", query_string=query).get_json()["guides"]
    return next(guide for guide in guides if guide["slug"] == SLUG)["steps"][0]["text"]


@pytest.fixture
def portal_province(commune, make_province):
    return make_province("30", "Tỉnh Hải Dương", communes=[commune], portal_name=NAME, portal_url=URL)


def test_a_communes_card_names_its_provinces_portal_and_links_it(client, commune, portal_province):
    page = text_of(client.get(f"/guides/{SLUG}", query_string={"commune": commune.code}))
    assert NAMED in page and GENERIC not in page
    assert f'<a class="button" href="{URL}" rel="noopener">{NAME}</a>' in page
    assert first_step(client, commune.code).startswith(NAMED)


def test_without_the_commune_the_card_stays_generic(client, commune, portal_province):
    page = text_of(client.get(f"/guides/{SLUG}"))
    assert GENERIC in page and NAME not in page and URL not in page
    assert first_step(client).startswith(GENERIC)


def test_another_provinces_commune_reads_its_own_or_the_generic_words(client, commune, other_commune,
                                                                       portal_province, make_province):
    make_province("31", "Tỉnh Không Cổng", communes=[other_commune])
    page = text_of(client.get(f"/guides/{SLUG}", query_string={"commune": other_commune.code}))
    assert GENERIC in page and NAME not in page and URL not in page
    assert first_step(client, other_commune.code).startswith(GENERIC)
    assert first_step(client, commune.code).startswith(NAMED)


def test_a_commune_of_no_province_reads_the_generic_words(client, commune, other_commune, portal_province):
    page = text_of(client.get(f"/guides/{SLUG}", query_string={"commune": other_commune.code}))
    assert GENERIC in page and URL not in page


def test_a_portal_named_without_an_address_is_named_without_a_link(client, commune, make_province):
    make_province("30", "Tỉnh Hải Dương", communes=[commune], portal_name=NAME)
    page = text_of(client.get(f"/guides/{SLUG}", query_string={"commune": commune.code}))
    assert f"Mở {NAME} trên trình duyệt." in page and "https://" not in page.split("guide-steps", 1)[1]


def test_setting_the_portal_later_changes_the_pages_and_the_cards(client, runner, commune, make_province):
    make_province("30", "Tỉnh Hải Dương", communes=[commune])
    before = client.get(f"/guides/{SLUG}", query_string={"commune": commune.code})
    assert GENERIC in text_of(before) and first_step(client, commune.code).startswith(GENERIC)
    result = runner.invoke(args=["set-province-portal", "--code", "30", "--portal-name", NAME,
                                 "--portal-url", URL])
    assert result.exit_code == 0, result.output
    after = client.get(f"/guides/{SLUG}", query_string={"commune": commune.code},
                       headers={"If-None-Match": before.headers["ETag"]})
    assert NAMED in text_of(after)
    assert first_step(client, commune.code).startswith(NAMED)


def test_the_leaflet_names_the_provinces_portal(client, team, make_province):
    make_province("30", "Tỉnh Hải Dương", communes=[team["commune"]], portal_name=NAME, portal_url=URL)
    page_login(client, team["officer"].username)
    assert NAMED in text_of(client.get(f"/guides/{SLUG}/leaflet"))


@pytest.mark.parametrize("url", ["http://dichvucong.haiduong.gov.vn", "javascript:alert(1)", "https://",
                                 "https://dich vu.gov.vn", "dichvucong.haiduong.gov.vn",
                                 "https://" + "a" * 300 + ".gov.vn"])
def test_a_portal_address_must_be_https(app, url):
    with pytest.raises(places.PlaceError, match="https://"):
        places.create_province("30", "Tỉnh A", NAME, url)
    db.session.rollback()
