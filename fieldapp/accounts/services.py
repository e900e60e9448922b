"""Writes on accounts: creating users, logging in and out, assigning villages."""
import re

from flask import current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from fieldapp.accounts.models import ROLES, User, VillageAssignment, new_login_token
from fieldapp.accounts.passwords import password_problem
from fieldapp.core import audit
from fieldapp.core.model import utcnow
from fieldapp.core.text import clean_text
from fieldapp.extensions import db, login_manager

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}")
# Checked when the name is unknown, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


class AccountError(ValueError):
    """A request about an account that cannot be done; the message is for the user."""


def normalise_username(username):
    return (clean_text(username) or "").lower()


def find_user(username):
    return db.session.scalar(select(User).where(User.username == normalise_username(username)))


def authenticate(username, password):
    """The active user with this name and password, or None (the caller cannot tell why)."""
    if password != clean_password(password):
        return None  # NUL or a lone surrogate: no stored password can contain one
    user = find_user(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def clean_password(password):
    return "".join(ch for ch in password if ch != "\x00" and not "\ud800" <= ch <= "\udfff")


def log_in(user, remember):
    """Start a fresh session: nothing from before the login survives into it. A remembered
    session outlives a browser restart, and with it the CSRF token the phone was given."""
    session.clear()
    session.permanent = remember
    login_user(user, remember=remember)
    # The token is made now, with the session: requests racing after the login would otherwise
    # each make one, and only the last cookie written would hold the one that counts. The login
    # form's check may have cached the old session's token in `g`; it must not be reused.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()
    user.last_login_at = utcnow()
    audit.record("login", user)


def record_failed_login(username):
    user = find_user(username)
    audit.record("login_failed", user, commune_id=user.commune_id if user else None)


def log_out(user):
    """End the user's sessions. The login token changes too, so that a cookie written back by a
    response still in flight (a sync, the service worker's precache) no longer opens anything."""
    user.login_token = new_login_token()
    audit.record("logout", user)
    session.clear()
    logout_user()  # after clear: it leaves the flag that deletes the remember-me cookie


def create_user(commune, username, role, password, full_name="", villages=()):
    """Add a user of `commune`; raise AccountError with a message the user can act on."""
    username = normalise_username(username)
    if not USERNAME.fullmatch(username):
        raise AccountError(_l(
            "A username has 2 to 80 characters: lower-case letters, digits, dot, dash or underscore."
        ))
    if role not in ROLES:
        raise AccountError(_l("Unknown role %(role)s.", role=role))
    if find_user(username) is not None:
        raise AccountError(_l("The username %(username)s is already taken.", username=username))
    full_name = clean_text(full_name) or ""
    if len(full_name) > 200:
        raise AccountError(_l("A full name has at most 200 characters."))
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem)
    user = User(commune=commune, commune_id=commune.id, username=username, role=role,
                full_name=full_name)
    set_password(user, password)
    db.session.add(user)
    for village in villages:
        user.assignments.append(VillageAssignment(commune_id=commune.id, village=village))
    db.session.flush()
    return user


def set_password(user, password):
    """Store a hash of the new password; every session the user had ends."""
    user.password_hash = generate_password_hash(password, method=current_app.config["FIELDAPP_PASSWORD_HASH"])
    user.login_token = new_login_token()


def assign_villages(user, villages, by=None):
    """Set the user's villages; the change reaches their phone as a `reset` on the next pull."""
    wanted = {v.id: v for v in villages}
    if any(v.commune_id != user.commune_id for v in villages):
        raise AccountError(_l("A user can only be assigned villages of their own commune."))
    current = {a.village_id for a in user.assignments}
    if current == set(wanted):
        return
    user.assignments = [a for a in user.assignments if a.village_id in wanted]
    for village_id in set(wanted) - current:
        user.assignments.append(VillageAssignment(
            commune_id=user.commune_id, village=wanted[village_id],
            assigned_by_id=by.id if by else None,
        ))
    user.scope_version += 1
    audit.record("assignment_changed", by, target=user, commune_id=user.commune_id,
                 village_ids=sorted(wanted))
    db.session.flush()


@login_manager.user_loader
def load_user(login_token):
    """Sessions carry the user's login token: a reset password ends them. A deactivated user
    is still recognised, so that `requires` can answer 403 (SYNC.md: the phone keeps its work)."""
    return db.session.scalar(select(User).where(User.login_token == login_token))
