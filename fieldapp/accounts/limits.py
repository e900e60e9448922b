"""Login rate limits, per address and name and per address. Every attempt counts, and is
counted before the password is checked, so parallel guesses cannot slip past the limit."""
import hashlib

from flask import current_app, request
from flask_limiter.util import get_remote_address

from fieldapp.core.text import fold
from fieldapp.extensions import limiter


def _attempted_username():
    try:
        data = request.get_json(silent=True) if request.is_json else request.form
    except RecursionError:
        data = None
    name = data.get("username") if hasattr(data, "get") else None
    return fold(name if isinstance(name, str) else "")[:80]


def _address_and_name():
    """The counter's key. The name is hashed (keyed with the app's secret, so a list of names
    cannot be hashed to find it): the limiter logs its keys and keeps them in Redis, and a typed
    name is personal data, sometimes even a password typed in the wrong box."""
    secret = hashlib.sha256(str(current_app.secret_key).encode()).digest()  # the same in every worker
    digest = hashlib.blake2b(_attempted_username().encode(), digest_size=12, key=secret).hexdigest()
    return f"{get_remote_address()}|{digest}"


def _per_name_limit():
    return current_app.config["FIELDAPP_LOGIN_LIMIT"]


def _per_address_limit():
    return current_app.config["FIELDAPP_LOGIN_ADDRESS_LIMIT"]


_per_name = limiter.shared_limit(_per_name_limit, scope="login-name", key_func=_address_and_name,
                                 methods=["POST"])
_per_address = limiter.shared_limit(_per_address_limit, scope="login-address", methods=["POST"])


def limit_logins(view):
    """Limit a login endpoint; the API and the page share the counters."""
    return _per_name(_per_address(view))
