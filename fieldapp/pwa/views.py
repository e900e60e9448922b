"""The volunteer app's shell at /app and its service worker at /sw.js."""
import json
from pathlib import Path

from flask import Blueprint, current_app, render_template

from fieldapp.core.permissions import public, requires
from fieldapp.pwa.shell import later_urls, shell_urls, shell_version

bp = Blueprint("pwa", __name__)


@bp.route("/app")
@requires("volunteer")
def app_shell():
    return render_template("app.html", app_version=_version())


def _version():
    """The shell's version, sent by the app as X-App-Version: hashed once per process, as the
    worker is (every time in debug mode)."""
    version = current_app.extensions.get("fieldapp.version")
    if version is None or current_app.debug:
        version = current_app.extensions["fieldapp.version"] = shell_version()
    return version


@bp.route("/sw.js")
@public
def service_worker():
    """Served from the root (a worker under /static/ could not control /app), never cached
    by the browser's HTTP cache, so that a deploy is noticed on the next visit."""
    response = current_app.response_class(_worker_source(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _worker_source():
    """The worker with its version and file lists: hashed once per process (the files change
    with a deploy, which restarts it), every time in debug mode, where they are being edited."""
    cached = current_app.extensions.get("fieldapp.worker")
    if cached is None or current_app.debug:
        source = (Path(current_app.static_folder) / "app" / "sw.js").read_text(encoding="utf-8")
        cached = (f"const VERSION = {json.dumps(shell_version())};\n"
                  f"const SHELL = {json.dumps(shell_urls())};\n"
                  f"const LATER = {json.dumps(later_urls())};\n{source}")
        current_app.extensions["fieldapp.worker"] = cached
    return cached
