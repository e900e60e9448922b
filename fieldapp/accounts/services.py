"""Writes on accounts: creating users, logging in and out, assigning villages."""
import re
import secrets

from flask import current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from fieldapp.accounts.models import User, VillageAssignment, new_login_token
from fieldapp.accounts.passwords import password_problem
from fieldapp.core import audit
from fieldapp.core.errors import ApiError
from fieldapp.core.forbidden_text import forbidden_message
from fieldapp.core.model import utcnow
from fieldapp.core.text import clean_text
from fieldapp.core.vocabulary import ROLES, SUPERVISOR
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


def create_user(commune, username, role, password, full_name="", villages=(), province=None):
    """Add a user of `commune` (a supervisor: of `province`, with no commune); raise
    AccountError with a message the user can act on."""
    username = normalise_username(username)
    if not USERNAME.fullmatch(username):
        raise AccountError(_l(
            "A username has 2 to 80 characters: lower-case letters, digits, dot, dash or underscore."
        ))
    if role not in (*ROLES, SUPERVISOR):
        raise AccountError(_l("Unknown role %(role)s.", role=role))
    if role == SUPERVISOR and (province is None or commune is not None or villages):
        raise AccountError(_l("A supervisor has a province, and no commune or village."))
    if role != SUPERVISOR and commune is None:
        raise AccountError(_l("Every role but the supervisor belongs to a commune."))
    if find_user(username) is not None:
        raise AccountError(_l("The username %(username)s is already taken.", username=username))
    full_name = clean_text(full_name) or ""
    if len(full_name) > 200:
        raise AccountError(_l("A full name has at most 200 characters."))
    if forbidden_message(full_name):
        raise AccountError(forbidden_message(full_name))
    problem = password_problem(password, username, full_name)
    if problem:
        raise AccountError(problem)
    user = User(commune=commune, commune_id=commune.id if commune else None, province=province,
                province_id=province.id if province else None, username=username, role=role,
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
    is still recognised, so that `requires` can answer 403 (SYNC.md: the phone keeps its work).
    The villages come in the same statement: nearly every request checks them."""
    return db.session.execute(_BY_LOGIN_TOKEN, {"token": login_token}).unique().scalar_one_or_none()


# Built once: making this statement costs more than running it.
_BY_LOGIN_TOKEN = (select(User).options(joinedload(User.assignments))
                   .where(User.login_token == bindparam("token")))


# The commune office's management of accounts (office/users.py). Every function takes the
# acting user `by`, checks what they may do, and writes the audit entry itself.

OFFICE_ROLES = ("volunteer", "leader")
# No 0/o, 1/l/i: the password is read off a screen and typed on a phone.
_READABLE_CHARACTERS = "abcdefghjkmnpqrstuvwxyz23456789"


class NotAllowed(ApiError):
    """The acting user may not do this to this account: a 403 page, not a form error."""

    def __init__(self, message):
        super().__init__(403, message, code="forbidden")


def roles_managed_by(by):
    """An officer manages the volunteers and leaders of their commune; an admin, every role."""
    return ROLES if by.role == "admin" else OFFICE_ROLES


def generate_password(username=""):
    """A random password that is easy to read aloud and type: three groups of four."""
    while True:
        password = "-".join("".join(secrets.choice(_READABLE_CHARACTERS) for _ in range(4)) for _ in range(3))
        if password_problem(password, username) is None:
            return password


def _check_role(by, role):
    if role not in ROLES:
        raise AccountError(_l("Unknown role %(role)s.", role=role))
    if role not in roles_managed_by(by):
        raise NotAllowed(_l("Only an administrator may create or change officers and administrators."))


def check_manages(by, user):
    """Raise NotAllowed unless `by` may change this account."""
    if user.id == by.id:
        raise NotAllowed(_l("You cannot change your own account here."))
    if user.role not in ROLES:  # a supervisor is made and changed from the command line
        raise NotAllowed(_l("A province's supervisor is managed from the command line."))
    if by.role != "admin" and user.commune_id != by.commune_id:
        raise NotAllowed(_l("This account belongs to another commune."))
    _check_role(by, user.role)


def add_user(by, commune, username, role, full_name="", villages=(), password=None):
    """Create an account for `commune`; return (user, the generated password or None).

    Without a password one is generated; the caller shows it once and keeps it nowhere."""
    _check_role(by, role)
    generated = None
    if not password:
        password = generated = generate_password(normalise_username(username))
    user = create_user(commune, username, role, password, full_name=full_name)
    audit.record("user_created", by, target=user, commune_id=user.commune_id, role=role)
    if villages:
        assign_villages(user, villages, by=by)
    return user, generated


def change_user(by, user, full_name, role):
    """Change the account's full name and role. Becoming or ceasing to be an officer changes
    what the phone holds (an officer's holds the whole commune): its next pull resets it."""
    check_manages(by, user)
    full_name = clean_text(full_name) or ""
    if len(full_name) > 200:
        raise AccountError(_l("A full name has at most 200 characters."))
    if forbidden_message(full_name):
        raise AccountError(forbidden_message(full_name))
    if role != user.role:
        _check_role(by, role)
        audit.record("role_changed", by, target=user, commune_id=user.commune_id,
                     old_role=user.role, new_role=role)
        if (role in OFFICE_ROLES) != (user.role in OFFICE_ROLES):
            user.scope_version += 1
        user.role = role
    if full_name != user.full_name:
        user.full_name = full_name
        audit.record("user_changed", by, target=user, commune_id=user.commune_id, fields=["full_name"])
    db.session.flush()


def change_villages(by, user, villages):
    """Set the account's villages as the office chose them."""
    check_manages(by, user)
    assign_villages(user, villages, by=by)


def reset_password(by, user):
    """Give the account a new random password and end its sessions; return the password,
    which the caller shows once and keeps nowhere."""
    check_manages(by, user)
    password = generate_password(user.username)
    set_password(user, password)
    audit.record("password_reset", by, target=user, commune_id=user.commune_id, role=user.role)
    db.session.flush()
    return password


def set_active(by, user, active):
    """Deactivate or reactivate the account. A deactivated user's sessions stay recognised, so
    that every request of theirs gets the 403 the phone needs to offer saving its work; they
    end for good when the account comes back (a new login token), so that reactivating never
    reopens a session the office was told had ended, remember-me cookies included."""
    check_manages(by, user)
    if user.active == active:
        return
    user.active = active
    if active:
        user.login_token = new_login_token()
    audit.record("user_reactivated" if active else "user_deactivated", by, target=user,
                 commune_id=user.commune_id, role=user.role)
    db.session.flush()
