"""Render the app icons (PNG) from their SVG sources with Debian's chromium.

    .venv/bin/python scripts/make_icons.py

Run after changing static/icons/*.svg; the PNGs are committed (browsers want PNG in the manifest).
"""
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
CHROMIUM = os.environ.get("FIELDAPP_CHROMIUM", "/usr/bin/chromium")
SIZES = {"icon.svg": ("icon-{}.png", (192, 512)), "icon-maskable.svg": ("icon-maskable-{}.png", (192, 512))}


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for source, (pattern, sizes) in SIZES.items():
            svg = (ICONS / source).read_text()
            for size in sizes:
                page = browser.new_page(viewport={"width": size, "height": size})
                page.set_content(f'<style>*{{margin:0}}svg{{display:block;width:{size}px;height:{size}px}}'
                                 f'</style>{svg}')
                page.screenshot(path=ICONS / pattern.format(size), omit_background=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
