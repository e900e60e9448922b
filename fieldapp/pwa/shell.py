"""The files of the offline app shell, and a version that changes whenever one of them does."""
import hashlib
from pathlib import Path

from flask import current_app

# Shell files, relative to static/: what the app needs to open with no network. Every module
# of static/app/ is one (but its tests, and the worker itself, served at /sw.js).
# The manifest's PNG icons are not here: the browser fetches them itself when it installs the
# app, and the pages show the SVG one.
OTHER_SHELL_FILES = ("css/base.css", "manifest.webmanifest", "vendor/idb/index.js", "icons/icon.svg")


def shell_files():
    app = Path(current_app.static_folder) / "app"
    modules = sorted(path.relative_to(app.parent).as_posix() for path in app.rglob("*.js")
                     if "tests" not in path.relative_to(app).parts and path.name != "sw.js")
    return [*modules, *OTHER_SHELL_FILES]


SHELL_PAGES = {"/app": "app.html"}  # URL -> template it is rendered from


def shell_urls():
    return [*SHELL_PAGES, *(f"/static/{name}" for name in shell_files())]


def shell_version():
    """A hash of every shell file and template, and of the worker itself. Its path is hashed
    too, so that renaming a file is a new version."""
    static = Path(current_app.static_folder)
    templates = Path(current_app.template_folder)
    digest = hashlib.sha256()
    for path in [static / "app" / "sw.js", templates / "base.html",
                 *(templates / name for name in SHELL_PAGES.values()),
                 *(static / name for name in shell_files())]:
        digest.update(path.relative_to(path.parents[1]).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
