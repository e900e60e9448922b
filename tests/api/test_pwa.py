"""The service worker and the web app manifest, as a browser fetches them."""
import json
import re
from pathlib import Path

import pytest

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


STATIC = Path(__file__).resolve().parents[2] / "static"
STATIC_FILES = sorted(path.relative_to(STATIC).as_posix() for path in STATIC.rglob("*") if path.is_file())


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_every_static_file_and_the_worker_have_a_validator_answered_with_304(client, encoding):
    assert "app/main.js" in STATIC_FILES and "css/base.css" in STATIC_FILES
    for url in ["/sw.js", *(f"/static/{name}" for name in STATIC_FILES)]:
        first = client.get(url, headers={"Accept-Encoding": encoding})
        assert first.status_code == 200, url
        validator = {"If-None-Match": first.headers["ETag"]} if "ETag" in first.headers else {
            "If-Modified-Since": first.headers["Last-Modified"]}
        first.close()
        again = client.get(url, headers={"Accept-Encoding": encoding, **validator})
        status, body = again.status_code, again.get_data()
        again.close()
        assert status == 304 and body == b"", url


@pytest.fixture(params=["built", "as is"])
def build_mode(request, app, monkeypatch):
    """The app's modules bundled by `make assets` (static/build/), or served as they are."""
    from fieldapp.pwa import shell

    if request.param == "built":
        if shell.built() is None:
            pytest.fail("static/build/ is missing: run `make assets`")
    else:
        monkeypatch.setattr(shell, "built", lambda: None)
    return request.param


@pytest.mark.parametrize(("lang", "other"), [("vi", "en"), ("en", "vi")])
def test_the_worker_keeps_the_pages_language_and_leaves_the_other_for_later(client, build_mode, lang, other):
    from fieldapp.pwa.shell import page_files

    mine, theirs = (f"/static/{page_files(code)['language']}" for code in (lang, other))
    assert mine != theirs and (mine.startswith("/static/build/") == (build_mode == "built"))
    source = client.get(f"/sw.js?lang={lang}").get_data(as_text=True)
    shell = json.loads(re.search(r"^const SHELL = (\[.*\]);", source, re.M).group(1))
    later = json.loads(re.search(r"^const LATER = (\[.*\]);", source, re.M).group(1))
    assert re.search(rf'^const LANGUAGE = "{lang}";', source, re.M)
    assert mine in shell and theirs not in shell and theirs in later


def test_the_page_starts_the_app_and_preloads_its_language(client, login, make_user, commune, build_mode):
    from fieldapp.pwa.shell import page_files

    login(make_user(commune, "volunteer", username="lan"))
    page = client.get("/app").get_data(as_text=True)
    files = page_files("vi")
    assert f'<script type="module" src="/static/{files["main"]}">' in page
    assert f'<link rel="modulepreload" href="/static/{files["language"]}">' in page


def test_the_built_worker_imports_its_chunks_from_the_build(client, build_mode):
    source = client.get("/sw.js").get_data(as_text=True)
    imports = re.findall(r"""\bfrom\s*["']([^"']+)["']""", source)
    assert imports
    for url in imports:
        assert url.startswith("/static/build/" if build_mode == "built" else "/static/app/"), url
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()
