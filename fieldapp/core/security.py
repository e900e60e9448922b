"""CSRF on every change, and the browser security headers on every response."""
from flask import current_app, request
from flask_login import current_user

from fieldapp.core.permissions import permission_of
from fieldapp.extensions import csrf

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: {tiles}",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    "worker-src 'self'",
])


def csrf_exempt_methods(methods):
    """Mark a class-based view whose `methods` need no CSRF token (only the JSON login:
    a phone has no token before it logs in, and a cross-site form cannot send JSON)."""

    def decorate(cls):
        cls.csrf_exempt_methods = frozenset(methods)
        return cls

    return decorate


def _check_csrf():
    if request.method not in UNSAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.routing_exception is not None:
        return  # no such route or method: routing answers 404 or 405, there is nothing to protect
    view = current_app.view_functions.get(request.endpoint)
    view_class = getattr(view, "view_class", None)
    if request.method in getattr(view_class, "csrf_exempt_methods", ()):
        return
    if not current_user.is_authenticated and permission_of(view, request.method) not in (None, "public"):
        return  # no session to ride on: the route answers 401, and a phone knows to log in again
    csrf.protect()


def _tile_origin(url):
    parts = url.split("/")
    return "/".join(parts[:3]).replace("{s}.", "*.") if "://" in url else ""


# Scripts, styles and images are not documents: the policies below apply to what a document or
# a worker does, so they are left off these (some 450 bytes on each of the app shell's thirty
# files, a third of the first load's budget). An SVG can be opened as a document: it keeps them.
ASSET_TYPES = {"text/javascript", "application/javascript", "text/css", "image/png",
               "application/manifest+json"}


# What these serve holds personal data (households, names, phones, the audit log): no browser
# or proxy keeps a copy. Downloads are files of the same kind, wherever they are served.
PRIVATE_PREFIXES = ("/api/", "/office", "/leader", "/exports")


def _add_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if not (request.endpoint == "static" and response.mimetype in ASSET_TYPES):
        tiles = _tile_origin(current_app.config.get("FIELDAPP_TILE_URL", ""))
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(tiles=tiles).strip())
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.path.startswith(PRIVATE_PREFIXES) or "attachment" in headers.get("Content-Disposition", ""):
        headers.setdefault("Cache-Control", "no-store")
    return response


def register_security(app):
    # Flask-WTF's own check runs for every view; ours adds the exemption for the JSON login.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(_check_csrf)
    app.after_request(_add_headers)
