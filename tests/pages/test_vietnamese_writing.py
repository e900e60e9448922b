"""Vietnamese as officials write it: decimal comma, day-first dates, one spelling per word.

The pages are the server's pages of tests/browser/pages.py, rendered for the demo commune; the
words are every Vietnamese string the UI can show (catalogs, the app's strings, guide cards).
"""
import html
import re
from pathlib import Path

import pytest

from tests.browser.pages import PAGES, seed_pages
from tests.pages.test_login_pages import page_login

ROOT = Path(__file__).resolve().parents[2]
# The tone mark on the second vowel of a final "oa", "oe", "uy" ("xoá", "khoẻ", "huỷ"); the
# officials' style, chosen here, puts it on the first ("xóa", "khỏe", "hủy"). "quý" is not one.
NEW_STYLE = re.compile(r"\w*(?<![qQ])(?:[oO][àáảãạèéẻẽẹ]|[uU][ỳýỷỹỵ])(?!\w)")
POINT_PERCENT = re.compile(r"\d\.\d+\s?%")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
VIETNAMESE_SOURCES = [
    "fieldapp/translations/vi/LC_MESSAGES/messages.po", "static/app/i18n/vi.js",
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "fieldapp/guides/content").glob("*.json"))),
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "templates").rglob("*.html"))),
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "fieldapp").rglob("*.py"))),  # exports' headers
]


def visible_text(page):
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_vietnamese_words_take_the_officials_spelling():
    found = []
    for source in VIETNAMESE_SOURCES:
        text = (ROOT / source).read_text(encoding="utf-8")
        if source.endswith(".po"):  # the msgstrs only: the msgids are English
            text = "\n".join(re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', text, flags=re.M))
        found += [f"{source}: {word}" for word in sorted(set(NEW_STYLE.findall(text)))]
    assert found == []


def test_the_server_pages_write_numbers_and_dates_the_vietnamese_way(app):
    ids = seed_pages()
    found = []
    for who in ("officer", "leader", "supervisor", None):
        client = app.test_client()
        if who:
            assert page_login(client, who).status_code == 302
        for owner, path in PAGES:
            if owner != who or "#" in path or "{token}" in path:
                continue
            response = client.get(path.format(**ids))
            assert response.status_code == 200, path
            text = visible_text(response.get_data(as_text=True))
            found += [f"{path}: {m}" for m in POINT_PERCENT.findall(text) + ISO_DATE.findall(text)]
    if found:
        pytest.fail("\n".join(sorted(set(found))), pytrace=False)


def test_the_office_search_is_titled_for_what_it_finds(client, commune, make_user):
    make_user(commune, "officer", username="office")
    page_login(client, "office")
    page = client.get("/office/households").get_data(as_text=True)
    assert "<title>Tra cứu hộ gia đình" in page and "<h1>Tra cứu hộ gia đình</h1>" in page
