"""The service worker and the web app manifest, as a browser fetches them."""
import json
import re

from fieldapp.pwa.shell import shell_urls


def test_service_worker_is_served_from_the_root_uncached_with_its_version_and_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    source = response.get_data(as_text=True)
    version = re.search(r'^const VERSION = "([0-9a-f]{16})";', source, re.M).group(1)
    shell = json.loads(re.search(r"^const SHELL = (\[.*\]);", source, re.M).group(1))
    assert "/app" in shell and "/static/css/base.css" in shell
    assert client.get("/sw.js").get_data(as_text=True).startswith(f'const VERSION = "{version}"')


def test_every_shell_file_is_there(client):
    for url in shell_urls():
        if url.startswith("/static/"):
            response = client.get(url)
            assert response.status_code == 200, url
            response.close()


def test_manifest_is_installable(client):
    response = client.get("/static/manifest.webmanifest")
    manifest = json.loads(response.get_data(as_text=True))
    response.close()
    assert manifest["display"] == "standalone" and manifest["lang"] == "vi"
    assert manifest["start_url"] == "/app"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        image.close()
