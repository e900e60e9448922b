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


def test_static_files_of_the_shell_are_sent_compressed(client, app):
    import gzip
    from pathlib import Path

    for name in ("app/main.js", "css/base.css", "manifest.webmanifest"):
        response = client.get(f"/static/{name}", headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip", name
        body = gzip.decompress(response.get_data())
        assert body == (Path(app.static_folder) / name).read_bytes()
        assert int(response.headers["Content-Length"]) < len(body)
    png = client.get("/static/icons/icon-192.png", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in png.headers
    png.close()


def test_a_revalidated_static_file_is_a_bodyless_304(client):
    first = client.get("/static/app/main.js", headers={"Accept-Encoding": "gzip"})
    again = client.get("/static/app/main.js", headers={"Accept-Encoding": "gzip",
                                                       "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
