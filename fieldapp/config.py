"""Settings, read from the environment once when the app is made."""
import os
from datetime import timedelta
from pathlib import Path

from fieldapp.core.vocabulary import DEFAULT_COVERAGE_RULE, parse_rule

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(url):
    """Accept the usual spellings of a PostgreSQL URL and point them at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def return_after_days(value):
    """FIELDAPP_RETURN_AFTER_DAYS: a whole number of days, 0 to 365."""
    try:
        days = int(str(value).strip())
    except ValueError:
        days = -1
    if not 0 <= days <= 365:
        raise ValueError(
            f"FIELDAPP_RETURN_AFTER_DAYS must be a whole number of days from 0 to 365, not {value!r}")
    return days


class Config:
    def __init__(self):
        debug = _bool("FLASK_DEBUG")
        self.DEBUG = debug
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or None
        self.SQLALCHEMY_DATABASE_URI = database_url(
            os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'fieldapp.db'}"
        )
        self.FIELDAPP_COVERAGE_RULE = parse_rule(
            os.environ.get("FIELDAPP_COVERAGE_RULE") or ",".join(DEFAULT_COVERAGE_RULE)
        )
        # Days after a "not home" visit without a date before the household is due again.
        self.FIELDAPP_RETURN_AFTER_DAYS = return_after_days(os.environ.get("FIELDAPP_RETURN_AFTER_DAYS", "2"))
        self.FIELDAPP_TILE_URL = os.environ.get(
            "FIELDAPP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        )
        self.FIELDAPP_TILE_ATTRIBUTION = os.environ.get(
            "FIELDAPP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
        # Where citizens open the guide cards (QR codes, shared links, leaflets), e.g.
        # https://cds.example.gov.vn: the address they reach from outside, which a proxy may hide
        # from the app. Empty: the address of the request (with FIELDAPP_PROXY_FIX behind a proxy).
        self.FIELDAPP_PUBLIC_URL = os.environ.get("FIELDAPP_PUBLIC_URL", "").strip().rstrip("/")
        # Behind HTTPS in production; plain http://127.0.0.1 while developing.
        secure = _bool("FIELDAPP_SECURE_COOKIES", default=not debug)
        self.SESSION_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_SECURE = secure
        self.SESSION_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        # Volunteers work offline for days between syncs.
        self.REMEMBER_COOKIE_DURATION = timedelta(days=int(os.environ.get("FIELDAPP_REMEMBER_DAYS", "45")))
        self.PERMANENT_SESSION_LIFETIME = self.REMEMBER_COOKIE_DURATION
        # Cookies are written only when the session changes: a response still in flight when the
        # user logs out (the service worker's precache, a sync) must not write the old session back.
        self.SESSION_REFRESH_EACH_REQUEST = False
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get(
            "REDIS_URL", "memory://"
        )
        self.FIELDAPP_CLI_LANG = os.environ.get("FIELDAPP_CLI_LANG", "en")
        self.FIELDAPP_PROXY_FIX = _bool("FIELDAPP_PROXY_FIX")
        self.FIELDAPP_LOGIN_LIMIT = os.environ.get("FIELDAPP_LOGIN_LIMIT", "10 per minute;30 per hour")
        self.FIELDAPP_LOGIN_ADDRESS_LIMIT = os.environ.get("FIELDAPP_LOGIN_ADDRESS_LIMIT", "300 per hour")


class BaseSettings:
    """Settings that do not depend on the environment."""

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # No record values in error messages and logs: they hold personal data.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; phones sync for weeks
    WTF_CSRF_HEADERS = ["X-CSRFToken", "X-CSRF-Token"]
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    FIELDAPP_PASSWORD_HASH = "scrypt"  # noqa: S105  (a hashing method, not a password)
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    API_TITLE = "fieldapp"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    JSON_SORT_KEYS = False
    # JSON, pages and the app's static files are compressed (core/static_files.py); streamed
    # downloads (exports) are left alone.
    COMPRESS_STREAMS = False
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "application/manifest+json", "image/svg+xml"]
    # A village's first pull is about 1 MB of JSON: these levels bring it to about 135 kB
    # (SYNC.md asks for at most 150 kB) for a few milliseconds more.
    COMPRESS_ZSTD_LEVEL = 6
    COMPRESS_BR_LEVEL = 6


def load_settings(overrides=None):
    """All settings as one mapping: fixed ones, then the environment, then `overrides`."""
    settings = {k: v for k, v in vars(BaseSettings).items() if k.isupper()}
    settings.update({k: v for k, v in vars(Config()).items() if k.isupper()})
    settings.update(overrides or {})
    if "FIELDAPP_COVERAGE_RULE" in (overrides or {}):
        rule = settings["FIELDAPP_COVERAGE_RULE"]
        settings["FIELDAPP_COVERAGE_RULE"] = parse_rule(rule) if isinstance(rule, str) else tuple(rule)
    settings["FIELDAPP_RETURN_AFTER_DAYS"] = return_after_days(settings["FIELDAPP_RETURN_AFTER_DAYS"])
    return settings
