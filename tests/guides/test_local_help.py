"""The public guide pages of one commune (issue 17 item 4): `?commune=<code>` adds its hotline
and help points, the links keep the code, the leaflet's QR code carries it; an unknown or
malformed code changes nothing, and nothing but what the commune posts publicly is shown."""
import re

import pytest

from fieldapp.extensions import db
from fieldapp.plans.models import HelpPoint
from tests.pages.test_login_pages import page_login

SLUG = "nop-ho-so"
POST_OFFICE = {"kind": "post_office", "name": "Bưu điện xã Thử Nghiệm", "address": "Thôn Đông, xã Thử Nghiệm",
               "hours": "Thứ Hai – Thứ Sáu, 7:30–17:00"}
POLICE = {"kind": "police_post", "name": "Công an xã", "address": "Trụ sở UBND xã", "hours": None}


def text_of(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def local(team, other_commune):
    commune = team["commune"]
    commune.hotline = "02083123456"
    db.session.add_all([
        HelpPoint(commune_id=commune.id, **POST_OFFICE, created_by_id=team["officer"].id),
        HelpPoint(commune_id=commune.id, **POLICE),
        HelpPoint(commune_id=commune.id, kind="other", name="Điểm đã đóng", address="Thôn Tây", removed=True),
        HelpPoint(commune_id=other_commune.id, kind="other", name="Nhà văn hóa xã bên",
                  address="Xã Bên Cạnh"),
    ])
    db.session.commit()
    return commune


@pytest.mark.parametrize("path", ["/guides", f"/guides/{SLUG}"])
def test_a_communes_pages_show_its_hotline_and_help_points(client, local, path):
    response = client.get(path, query_string={"commune": local.code})
    assert response.status_code == 200
    page = text_of(response)
    assert f"Nơi hỗ trợ tại {local.name}" in page
    assert 'href="tel:02083123456"' in page and "Đường dây nóng của xã" in page
    assert "Bưu điện xã Thử Nghiệm" in page and "Thôn Đông, xã Thử Nghiệm" in page
    assert "Giờ làm việc: Thứ Hai – Thứ Sáu, 7:30–17:00" in page and "(Bưu cục)" not in page
    assert "Công an xã" in page and "Trụ sở UBND xã" in page
    assert "Điểm đã đóng" not in page  # taken off the leaflets: off the pages too
    assert "Nhà văn hóa xã bên" not in page  # another commune's
    assert "csrf_token" not in page and "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=3600"


def test_the_links_keep_the_commune_from_page_to_page(client, local):
    index = text_of(client.get("/guides", query_string={"commune": local.code}))
    for guide in client.get("/guides.json").get_json()["guides"]:
        assert f'href="/guides/{guide["slug"]}?commune={local.code}"' in index
    card = text_of(client.get(f"/guides/{SLUG}", query_string={"commune": local.code}))
    assert f'href="/guides?commune={local.code}"' in card


@pytest.mark.parametrize("code", ["99999", "abc", "1000", "100010", "１０００１", "10001\x00", "' or 1=1 --",
                                  "x" * 5000, ""])
def test_an_unknown_or_malformed_code_changes_nothing(client, local, code):
    for path in ("/guides", f"/guides/{SLUG}", f"/guides/{SLUG}/qr.svg"):
        plain = client.get(path)
        response = client.get(path, query_string={"commune": code})
        assert response.status_code == 200, (path, code)
        assert response.get_data() == plain.get_data()
        assert response.headers["ETag"] == plain.headers["ETag"]


def test_a_commune_without_hotline_or_help_points_points_to_its_desk(client, other_commune):
    page = text_of(client.get("/guides", query_string={"commune": other_commune.code}))
    assert f"Nơi hỗ trợ tại {other_commune.name}" in page
    assert "Hỏi tại Bộ phận Một cửa của xã." in page and "tel:" not in page


def test_the_page_is_revalidated_when_the_help_points_change(client, local):
    first = client.get(f"/guides/{SLUG}", query_string={"commune": local.code})
    etag = first.headers["ETag"]
    plain = client.get(f"/guides/{SLUG}").headers["ETag"]
    assert etag != plain
    ask = {"query_string": {"commune": local.code}, "headers": {"If-None-Match": etag}}
    assert client.get(f"/guides/{SLUG}", **ask).status_code == 304
    point = db.session.scalars(db.select(HelpPoint).filter_by(name="Công an xã")).one()
    point.hours = "Cả tuần, 7:00–21:00"
    db.session.commit()
    changed = client.get(f"/guides/{SLUG}", **ask)
    assert changed.status_code == 200 and "Cả tuần, 7:00–21:00" in changed.get_data(as_text=True)


def test_a_logged_in_user_gets_the_same_page(client, local, team, login):
    anonymous = client.get("/guides", query_string={"commune": local.code}).get_data()
    login(team["lan"])
    assert client.get("/guides", query_string={"commune": local.code}).get_data() == anonymous


def test_the_province_portal_card_reads_generically_for_a_commune_without_province(client, local):
    page = text_of(client.get("/guides/cong-dvc-tinh", query_string={"commune": local.code}))
    assert "Mở Cổng dịch vụ công của tỉnh trên trình duyệt." in page and "{portal}" not in page


@pytest.fixture
def app_settings():
    return {"FIELDAPP_PUBLIC_URL": "https://cds.xathunghiem.gov.vn"}


def test_the_leaflet_and_its_qr_code_carry_the_commune(client, local):
    page_login(client, "officer")
    page = text_of(client.get(f"/guides/{SLUG}/leaflet"))
    assert f'src="/guides/{SLUG}/qr.svg?commune={local.code}"' in page
    assert f"https://cds.xathunghiem.gov.vn/guides/{SLUG}?commune={local.code}" in page
    qr = client.get(f"/guides/{SLUG}/qr.svg", query_string={"commune": local.code})
    assert qr.status_code == 200 and qr.get_data() != client.get(f"/guides/{SLUG}/qr.svg").get_data()


def test_the_cards_for_the_app_of_a_commune_carry_its_code(client, local):
    """The volunteer app asks for its user's commune's cards: the links and QR codes carry the
    code, within the same budget on the wire; an unknown code gives the plain cards."""
    plain = client.get("/guides.json")
    mine = client.get("/guides.json", query_string={"commune": local.code})
    assert mine.headers["ETag"] != plain.headers["ETag"]
    for ours, theirs in zip(mine.get_json()["guides"], plain.get_json()["guides"], strict=True):
        assert ours["url"] == f"https://cds.xathunghiem.gov.vn/guides/{ours['slug']}?commune={local.code}"
        assert ours["qr"] != theirs["qr"] and ours["steps"] == theirs["steps"]
        drawn = client.get(f"/guides/{ours['slug']}/qr.svg", query_string={"commune": local.code})
        assert ours["qr"] == drawn.get_data(as_text=True)  # the one test_qr.py decodes
    # Longer addresses make larger QR codes: 11.0 kB with zstd here, 10.0 kB without the
    # commune's code (bench/README.md).
    zstd = client.get("/guides.json", query_string={"commune": local.code},
                      headers={"Accept-Encoding": "zstd"})
    assert len(zstd.get_data()) <= 12_000
    for code in ("99999", "1000\x00", "x" * 300):
        other = client.get("/guides.json", query_string={"commune": code})
        assert other.get_data() == plain.get_data() and other.headers["ETag"] == plain.headers["ETag"]
