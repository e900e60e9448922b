"""The public guide pages (no login, cacheable, nothing personal) and the cards for the
volunteer app."""
import re
from pathlib import Path

SLUG = "phong-lua-dao"


def text_of(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_a_guide_page_opens_without_login_with_every_step(client):
    guide = next(guide for guide in client.get("/guides.json").get_json()["guides"] if guide["slug"] == SLUG)
    response = client.get(f"/guides/{SLUG}")
    assert response.status_code == 200
    page = text_of(response)
    assert '<html lang="vi">' in page
    assert f"<h1>{guide['title']}</h1>" in page
    for step in guide["steps"]:
        assert step["text"] in page
        drawing = re.search(rf'<img src="(/static/guides/{step["image"]}\.svg\?v=[0-9a-f]{{12}})"', page)
        assert client.get(drawing.group(1)).status_code == 200
    assert "csrf_token" not in page


def test_a_guide_page_is_cacheable_and_revalidated_by_its_version(client):
    response = client.get(f"/guides/{SLUG}")
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    etag = response.headers["ETag"]
    assert re.fullmatch(rf'"{SLUG}\.1\.[0-9a-f]{{12}}\.[0-9a-f]{{12}}"', etag)  # slug.version.content.page
    assert "Set-Cookie" not in response.headers
    again = client.get(f"/guides/{SLUG}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_guide_page_is_the_same_for_a_logged_in_user(client, team, login):
    anonymous = client.get(f"/guides/{SLUG}").get_data()
    login(team["lan"])
    response = client.get(f"/guides/{SLUG}")
    assert response.get_data() == anonymous  # no name, no token, no session in a cached page
    assert "Set-Cookie" not in response.headers


def test_the_guides_index_lists_every_card(client):
    page = text_of(client.get("/guides"))
    for guide in client.get("/guides.json").get_json()["guides"]:
        assert f'href="/guides/{guide["slug"]}"' in page and guide["title"] in page


def test_an_unknown_guide_is_a_404(client):
    assert client.get("/guides/khong-co").status_code == 404
    assert client.get("/guides/khong-co/qr.svg").status_code == 404


def test_the_cards_for_the_app_hold_their_drawings_and_qr_codes(client, app):
    response = client.get("/guides.json")
    assert response.headers["Cache-Control"] == "public, max-age=0, no-cache"
    bundle = response.get_json()
    assert [guide["slug"] for guide in bundle["guides"]][:2] == ["cai-dat-vneid", "kich-hoat-muc-2"]
    for guide in bundle["guides"]:
        assert guide["url"] == f"http://localhost/guides/{guide['slug']}"
        assert guide["qr"].startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=')
        for step in guide["steps"]:
            drawing = Path(app.static_folder, "guides", f"{step['image']}.svg").read_text(encoding="utf-8")
            assert bundle["images"][step["image"]] == drawing.strip()
    assert client.get("/guides.json", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_the_cards_for_the_app_fit_their_budget_on_the_wire(client):
    response = client.get("/guides.json", headers={"Accept-Encoding": "zstd"})
    assert response.headers["Content-Encoding"] == "zstd"
    # Every card, drawing and QR code (bench/README.md): 9.1 kB for 14 cards (6.4 kB for 9 before
    # issue 17's five), about 0.65 kB a card with its QR code.
    assert len(response.get_data()) <= 10_000


def test_the_province_portal_card_names_no_address_while_the_province_is_unknown(client):
    """Without a commune (of a province with its portal set), the card says "the province's
    portal" (no guessed address), on the public page and in the cards for the app; the
    placeholder never shows (tests/guides/test_province_portal.py: the named portal)."""
    page = text_of(client.get("/guides/cong-dvc-tinh"))
    assert "Mở Cổng dịch vụ công của tỉnh trên trình duyệt." in page
    guide = next(guide for guide in client.get("/guides.json").get_json()["guides"]
                 if guide["slug"] == "cong-dvc-tinh")
    assert guide["steps"][0]["text"].startswith("Mở Cổng dịch vụ công của tỉnh trên trình duyệt.")
    assert "{portal}" not in page and "{portal}" not in client.get("/guides.json").get_data(as_text=True)
