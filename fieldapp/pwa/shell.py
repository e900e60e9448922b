"""The files of the offline app shell, and a version that changes whenever one of them does.

The app's modules are served bundled and minified from static/build/ when `make assets` has
built them (scripts/build_app.mjs: fewer, smaller files for a phone's first load), else as they
are from static/app/. Either way the same lists come from here: what the page loads, what the
worker keeps for offline use, what waits until it is used.
"""
import hashlib
import json
import re
from pathlib import Path

from flask import current_app

# Shell files, relative to static/: what the app needs to open with no network. Every module
# of static/app/ is one (but its tests, and the worker itself, served at /sw.js), or every file
# of the build (but the worker).
# The manifest's PNG icons are not here: the browser fetches them itself when it installs the
# app, and the pages show the SVG one.
OTHER_SHELL_FILES = ("css/base.css", "manifest.webmanifest", "icons/icon.svg")
IDB = "vendor/idb/index.js"  # in the bundle when built
# Modules the app loads only when they are used, kept out of the first load (a phone on a slow
# network): the worker caches them the first time they are fetched, and with the shell on every
# update after that (sw.js). The guide cards for citizens (issue 8).
LATER_FILES = ("app/guides.js", "app/screens/guides.js")
# The strings of each language: the app loads the user's only (i18n.js), so the other one is
# kept out of the first load too, and comes with its first use.
CATALOGS = {"vi": "app/i18n/vi.js", "en": "app/i18n/en.js"}
BUILD = "build"


def _modules():
    app = Path(current_app.static_folder) / "app"
    return sorted(path.relative_to(app.parent).as_posix() for path in app.rglob("*.js")
                  if "tests" not in path.relative_to(app).parts and path.name != "sw.js")


def built():
    """{file under static/build/: the module it was built from, or None for a shared chunk},
    from esbuild's meta.json; None when the app is not built."""
    meta = Path(current_app.static_folder) / BUILD / "meta.json"
    if not meta.is_file():
        return None
    outputs = json.loads(meta.read_text(encoding="utf-8"))
    return {path.removeprefix("static/"): (output.get("entryPoint") or "").removeprefix("static/") or None
            for path, output in outputs.items()}


def _built_from(outputs, module):
    return next(name for name, source in outputs.items() if source == module)


def page_files(lang="vi"):
    """The module the page starts and its language file, under static/."""
    outputs = built()
    if outputs is None:
        return {"main": "app/main.js", "language": CATALOGS[lang]}
    return {"main": _built_from(outputs, "app/main.js"), "language": _built_from(outputs, CATALOGS[lang])}


def later_files(lang="vi"):
    later = [*LATER_FILES, *(name for code, name in CATALOGS.items() if code != lang)]
    outputs = built()
    if outputs is None:
        return later
    return [name for name, source in outputs.items() if source in later]


def shell_files(lang="vi"):
    """What the app opens with, in `lang`: its modules (but those loaded later), the user's
    language file, the style sheet, manifest, idb and icon."""
    later = later_files(lang)
    outputs = built()
    if outputs is None:
        return [*(name for name in _modules() if name not in later), IDB, *OTHER_SHELL_FILES]
    worker = _built_from(outputs, "app/sw.js")
    return [*(name for name in outputs if name not in later and name != worker), *OTHER_SHELL_FILES]


SHELL_PAGES = {"/app": "app.html"}  # URL -> template it is rendered from


def shell_urls(lang="vi"):
    return [*SHELL_PAGES, *(f"/static/{name}" for name in shell_files(lang))]


def later_urls(lang="vi"):
    return [f"/static/{name}" for name in later_files(lang)]


# A bundled worker imports its chunks by "./chunk.js": served at /sw.js, it would look for
# them at the root.
_RELATIVE_IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(["'])\./""")


def worker_source():
    """The worker's code (without the constants views.py puts in front of it)."""
    static = Path(current_app.static_folder)
    outputs = built()
    if outputs is None:
        return (static / "app" / "sw.js").read_text(encoding="utf-8")
    source = (static / _built_from(outputs, "app/sw.js")).read_text(encoding="utf-8")
    return _RELATIVE_IMPORT.sub(rf"\1\2/static/{BUILD}/", source)


def shell_version():
    """A hash of every shell file (those loaded later too) and template, and of the worker
    itself, built or not. Its path is hashed too, so that renaming a file is a new version."""
    static = Path(current_app.static_folder)
    templates = Path(current_app.template_folder)
    digest = hashlib.sha256()
    files = [*_modules(), IDB, *OTHER_SHELL_FILES, *(built() or ())]
    for path in [static / "app" / "sw.js", templates / "base.html",
                 *(templates / name for name in SHELL_PAGES.values()), *(static / name for name in files)]:
        digest.update(path.relative_to(path.parents[1]).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
