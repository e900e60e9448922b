"""The volunteer app's shell at /app and its service worker at /sw.js."""
import hashlib
import json

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale

from fieldapp.core.permissions import public, requires
from fieldapp.pwa.shell import later_urls, page_files, shell_urls, shell_version, worker_source

bp = Blueprint("pwa", __name__)


@bp.route("/app")
@requires("volunteer")
def app_shell():
    return render_template("app.html", app_version=_version(), files=page_files(str(get_locale() or "vi")))


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
    """Served from the root (a worker under /static/ could not control /app), revalidated by
    the browser on every check (no-cache, an ETag answered with 304), so that a deploy is
    noticed on the next visit. The worker keeps the shell in the page's language, which
    register-sw.js names in the URL (`/sw.js?lang=en`; chromium was seen to send no cookie with
    the worker's script): another language is another worker, and another cache."""
    lang = request.args.get("lang")
    if lang not in current_app.config["LANGUAGES"]:
        lang = str(get_locale() or "vi")
    source = _worker_source(lang)
    response = current_app.response_class(source, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.set_etag(hashlib.sha256(source.encode()).hexdigest()[:20])
    return response.make_conditional(request)


def _worker_source(lang):
    """The worker with its version and file lists: made once per process and language (the
    files change with a deploy, which restarts it), every time in debug mode, where they are
    being edited."""
    workers = current_app.extensions.setdefault("fieldapp.worker", {})
    if lang not in workers or current_app.debug:
        source = worker_source()
        workers[lang] = (f"const VERSION = {json.dumps(shell_version())};\n"
                         f"const LANGUAGE = {json.dumps(lang)};\n"
                         f"const SHELL = {json.dumps(shell_urls(lang))};\n"
                         f"const LATER = {json.dumps(later_urls(lang))};\n{source}")
    return workers[lang]
