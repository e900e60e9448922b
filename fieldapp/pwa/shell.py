"""The files of the offline app shell, and a version that changes whenever one of them does."""
import hashlib
from pathlib import Path

from flask import current_app

# Shell files, relative to static/: what the app needs to open with no network.
SHELL_FILES = ("css/base.css", "manifest.webmanifest", "app/register-sw.js", "app/session.js",
               "app/db.js", "app/sync.js", "app/main.js", "app/i18n.js", "app/i18n/vi.js",
               "app/i18n/en.js", "vendor/idb/index.js",
               "icons/icon.svg", "icons/icon-192.png", "icons/icon-maskable-192.png")
SHELL_PAGES = {"/app": "app.html"}  # URL -> template it is rendered from


def shell_urls():
    return [*SHELL_PAGES, *(f"/static/{name}" for name in SHELL_FILES)]


def shell_version():
    """A hash of every shell file and template, and of the worker itself."""
    static = Path(current_app.static_folder)
    templates = Path(current_app.template_folder)
    digest = hashlib.sha256()
    for path in [static / "app" / "sw.js", templates / "base.html",
                 *(templates / name for name in SHELL_PAGES.values()),
                 *(static / name for name in SHELL_FILES)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
