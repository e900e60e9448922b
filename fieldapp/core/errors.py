"""Errors: the JSON shape of API.md on /api/ paths, a Vietnamese HTML page elsewhere."""
import logging
import traceback

from flask import current_app, g, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from fieldapp.core.validation import localise

log = logging.getLogger(__name__)

CODES = {
    400: ("bad_request", _l("The request could not be read.")),
    401: ("unauthorized", _l("Please log in.")),
    403: ("forbidden", _l("You are not allowed to do this.")),
    404: ("not_found", _l("Not found.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    409: ("conflict", _l("This conflicts with the current data.")),
    413: ("too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("This content type is not supported.")),
    422: ("validation_error", _l("Some fields are not valid.")),
    429: ("too_many_requests", _l("Too many attempts. Please wait a minute and try again.")),
    500: ("server_error", _l("Something went wrong on the server. Nothing was lost; please try again.")),
    503: ("service_unavailable",
          _l("The server cannot reach its database for the moment. Nothing was lost; please try again "
             "in a few minutes.")),
}
RETRY_AFTER_SECONDS = 10  # a PostgreSQL restart or failover takes seconds, not minutes
# SQLite's words for a file that is busy or cannot be opened; PostgreSQL's classes 08
# (connection) and 57P (shutdown, cannot connect now), or no SQLSTATE when it never answered.
SQLITE_UNAVAILABLE = ("database is locked", "unable to open database file", "disk i/o error")


class ApiError(HTTPException):
    """Raise from a handler to answer with a chosen status, code, message and fields."""

    def __init__(self, status, message=None, code=None, fields=None):
        super().__init__(description=message)
        self.code = status
        self.error_code = code
        self.fields = fields


def is_api_request():
    return request.path.startswith("/api/")


def error_response(status, code=None, message=None, fields=None):
    default_code, default_message = CODES.get(status, CODES[500] if status >= 500 else CODES[400])
    body = {"code": code or default_code, "message": str(message or default_message)}
    if fields:
        body["fields"] = fields
    if is_api_request():
        return make_response(jsonify(error=body), status)
    return make_response(render_template("errors/error.html", status=status, message=body["message"]), status)


def _webargs_fields(exc):
    """webargs (under flask-smorest) puts {"json": {field: [msgs]}} in exc.data["messages"]."""
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if not isinstance(messages, dict):
        return None
    if len(messages) == 1 and next(iter(messages)) in {"json", "query", "form", "files", "headers"}:
        messages = next(iter(messages.values()))
    return localise(messages) if isinstance(messages, dict) else None


def handle_http_exception(exc):
    if isinstance(exc, ApiError):
        return error_response(exc.code, exc.error_code, exc.description, exc.fields)
    if isinstance(exc, CSRFError):
        return error_response(
            400, "csrf_failed",
            _("The security token is missing or has expired. Reload the page or log in again."),
        )
    if exc.code == 401 and not is_api_request():
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    fields = _webargs_fields(exc)
    response = error_response(exc.code or 500, fields=fields)
    if exc.code == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def handle_validation_error(exc):
    return error_response(422, fields=localise(exc.normalized_messages()))


def handle_too_deep(exc):
    return error_response(400)  # JSON nested too deep to parse: bad input, not a server fault


def _log_unhandled(exc):
    # Where it happened, without the exception's text: that may quote record values.
    where = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unhandled %s on %s %s\n%s", type(exc).__name__, request.method, request.path, where)


def database_unavailable(exc):
    """Whether a database error means "out of reach for now" rather than a fault of the code."""
    if exc.connection_invalidated:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", "") or ""
    if type(exc.orig).__module__.startswith("psycopg"):
        return sqlstate == "" or sqlstate.startswith(("08", "57P"))
    return str(exc.orig).lower().startswith(SQLITE_UNAVAILABLE)


def handle_database_error(exc):
    _log_unhandled(exc)
    # The page's frame must not ask the database who is logged in again.
    g._login_user = current_app.login_manager.anonymous_user()
    if not database_unavailable(exc):
        return error_response(500)
    response = error_response(503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def handle_unexpected(exc):
    _log_unhandled(exc)
    return error_response(500)


def register_error_handlers(app):
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ValidationError, handle_validation_error)
    app.register_error_handler(RecursionError, handle_too_deep)
    app.register_error_handler(OperationalError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)
