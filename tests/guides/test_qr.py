"""Every card's QR code, drawn as a phone draws the served SVG, decodes (zxing-cpp) to the
card's exact public address: FIELDAPP_PUBLIC_URL when set, else the address of the request."""
import pytest
import zxingcpp

from tests.guides.drawing import draw

PUBLIC = "https://cds.xathunghiem.gov.vn"

pytestmark = pytest.mark.browser


@pytest.fixture(params=[None, PUBLIC], ids=["request-address", "configured-address"])
def app_settings(request):
    return {"FIELDAPP_PUBLIC_URL": request.param} if request.param else {}


def test_every_qr_code_decodes_to_its_public_page(client, app_settings):
    bundle = client.get("/guides.json").get_json()["guides"]
    base = app_settings.get("FIELDAPP_PUBLIC_URL", "http://localhost")
    svgs = []
    for guide in bundle:
        assert guide["url"] == f"{base}/guides/{guide['slug']}"
        response = client.get(f"/guides/{guide['slug']}/qr.svg")
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert response.get_data(as_text=True) == guide["qr"]  # the app shows the same drawing
        svgs.append(response.get_data())
    for guide, pixels in zip(bundle, draw(svgs), strict=True):
        decoded = zxingcpp.read_barcode(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
        assert decoded is not None, guide["slug"]
        assert decoded.text == guide["url"]
    assert client.get(bundle[0]["url"].removeprefix(base)).status_code == 200


def test_a_communes_qr_code_decodes_to_the_page_with_its_help(client, app_settings, commune):
    """The leaflet's QR code (/guides/<slug>/qr.svg?commune=<code>): the scanned page is the
    commune's, with its hotline and help points; an unknown code draws the plain address."""
    base = app_settings.get("FIELDAPP_PUBLIC_URL", "http://localhost")
    known = client.get("/guides/tra-cuu-ho-so/qr.svg", query_string={"commune": commune.code}).get_data()
    unknown = client.get("/guides/tra-cuu-ho-so/qr.svg", query_string={"commune": "99999"}).get_data()
    texts = [zxingcpp.read_barcode(pixels, formats=zxingcpp.BarcodeFormat.QRCode).text
             for pixels in draw([known, unknown])]
    assert texts == [f"{base}/guides/tra-cuu-ho-so?commune={commune.code}", f"{base}/guides/tra-cuu-ho-so"]
    scanned = client.get(texts[0].removeprefix(base))
    assert scanned.status_code == 200 and f"Nơi hỗ trợ tại {commune.name}" in scanned.get_data(as_text=True)
