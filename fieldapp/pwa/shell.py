"""The files of the offline app shell, and a version that changes whenever one of them does."""
import hashlib
from pathlib import Path

from flask import current_app

# Shell files, relative to static/: what the app needs to open with no network. Every module
# of static/app/ is one (but its tests, and the worker itself, served at /sw.js).
# The manifest's PNG icons are not here: the browser fetches them itself when it installs the
# app, and the pages show the SVG one.
OTHER_SHELL_FILES = ("css/base.css", "manifest.webmanifest", "vendor/idb/index.js", "icons/icon.svg")
# Modules the app loads only when they are used, kept out of the first load (a phone on a slow
# network): the worker caches them the first time they are fetched, and with the shell on every
# update after that (sw.js). The guide cards for citizens (issue 8).
LATER_FILES = ("app/guides.js", "app/screens/guides.js")


def shell_files():
    app = Path(current_app.static_folder) / "app"
    modules = sorted(path.relative_to(app.parent).as_posix() for path in app.rglob("*.js")
                     if "tests" not in path.relative_to(app).parts and path.name != "sw.js")
    return [*(name for name in modules if name not in LATER_FILES), *OTHER_SHELL_FILES]


SHELL_PAGES = {"/app": "app.html"}  # URL -> template it is rendered from


def shell_urls():
    return [*SHELL_PAGES, *(f"/static/{name}" for name in shell_files())]


def later_urls():
    return [f"/static/{name}" for name in LATER_FILES]


def shell_version():
    """A hash of every shell file (those loaded later too) and template, and of the worker
    itself. Its path is hashed too, so that renaming a file is a new version."""
    static = Path(current_app.static_folder)
    templates = Path(current_app.template_folder)
    digest = hashlib.sha256()
    for path in [static / "app" / "sw.js", templates / "base.html",
                 *(templates / name for name in SHELL_PAGES.values()),
                 *(static / name for name in [*shell_files(), *LATER_FILES])]:
        digest.update(path.relative_to(path.parents[1]).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
