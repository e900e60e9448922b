"""Who may see and change what (DOMAIN.md, "Roles and what each may see").

Every route declares its permission with `requires(role)` or `public`, and every record-level
check goes through the functions here, so the rules live in one place.
"""
from functools import wraps

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import false, true

from fieldapp.core.errors import ApiError
from fieldapp.core.vocabulary import ROLES

RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}


def has_role(user, role):
    """True when the user's role is `role` or above it (volunteer < leader < officer < admin)."""
    return bool(user) and user.is_authenticated and RANK[user.role] >= RANK[role]


def sees_commune(user, commune_id):
    return user.role == "admin" or user.commune_id == commune_id


def sees_whole_commune(user):
    """Officers and admins see every village of the communes they see."""
    return has_role(user, "officer")


def can_see_village(user, village):
    """May the user read and write the households of this village?"""
    if not sees_commune(user, village.commune_id):
        return False
    return sees_whole_commune(user) or village.id in user.village_ids


def scope_clause(user, model):
    """A WHERE clause limiting `model` (with commune_id and village_id) to what the user sees."""
    if not user.is_authenticated:
        return false()
    if user.role == "admin":
        return true()
    clause = model.commune_id == user.commune_id
    if not sees_whole_commune(user):
        clause = clause & model.village_id.in_(user.village_ids)
    return clause


def scoped_village(user, village, households=False):
    """The village, when the user may work in it; otherwise the request ends as every route
    answers: 404 for a village that is missing (None), deleted or of a commune the user does not
    see (for them it does not exist), 403 for a village of their commune that is another team's.

    households=True when the village's households are read, written or exported: household data
    is served one commune at a time, the user's own, admins' too (households/queries.py,
    `in_scope`), so another commune's village is a 404 for everyone, as its households are.
    Admins reach every commune for setup (villages, accounts) and reports, not household data.
    """
    if village is None or village.deleted or not sees_commune(user, village.commune_id):
        abort(404)
    if households and village.commune_id != user.commune_id:
        abort(404)
    if not can_see_village(user, village):
        abort(403)
    return village


def requires(role):
    """Declare and enforce the least role a route needs: 401 when anonymous, 403 below it."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            if not current_user.active:
                raise ApiError(403, _("Your account has been deactivated. Hand your unsent work to "
                                      "your team leader."), code="account_deactivated")
            if not has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        wrapper.permission = role
        return wrapper

    return decorate


def permission_of(view, method):
    """The permission a route declared for this method (None when it declared none)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        view = getattr(view_class, method.lower(), None)
    return getattr(view, "permission", None)


def public(view):
    """Declare a route open to anyone (login page, health check, public guides)."""
    view.permission = "public"
    return view
