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
from fieldapp.core.vocabulary import ROLES, SUPERVISOR

RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
# Permissions a route may declare besides the roles of the ladder:
#   "signed_in": any logged-in account (who am I, log out), the supervisor's too;
#   "province": the communes of a province side by side, never a household (supervisor, admin).
SIGNED_IN, PROVINCE = "signed_in", "province"


def has_role(user, role):
    """True when the user may use a route declaring `role`: a role of the ladder (volunteer <
    leader < officer < admin) or above it, "signed_in" or "province". A supervisor stands
    outside the ladder: below a volunteer for every route of the ladder."""
    if not (user and user.is_authenticated):
        return False
    if role == SIGNED_IN:
        return True
    if role == PROVINCE:
        return user.role in (SUPERVISOR, "admin")
    return RANK.get(user.role, 0) >= RANK[role]


def sees_commune(user, commune_id):
    return user.role == "admin" or (user.commune_id is not None and user.commune_id == commune_id)


def province_of(user):
    """The province whose communes the user sees side by side: a supervisor's own, an admin's
    commune's; None for everyone else (and for an admin whose commune has no province)."""
    if user.role == SUPERVISOR:
        return user.province_id
    if user.role == "admin" and user.commune is not None:
        return user.commune.province_id
    return None


def province_clause(user, commune_id, province_id):
    """A WHERE clause limiting communes (their id and province_id columns) to those whose
    figures the user sees side by side: the province's communes; an admin whose commune has no
    province, that commune alone; nothing for anyone else."""
    if not user.is_authenticated or user.role not in (SUPERVISOR, "admin"):
        return false()
    province = province_of(user)
    if province is not None:
        return province_id == province
    if user.role == "admin":
        return commune_id == user.commune_id
    return false()


def issued_reports_clause(user, commune_id, province_id):
    """A WHERE clause limiting issued reports (their commune's id and province_id columns) to
    those the user reads on the province's pages: a supervisor, its province's communes'; an
    admin, its own commune's alone, as its office reads them (it sees the province's figures
    side by side, not the other communes' reports); nothing for anyone else."""
    if not user.is_authenticated:
        return false()
    if user.role == SUPERVISOR and user.province_id is not None:
        return province_id == user.province_id
    if user.role == "admin" and user.commune_id is not None:
        return commune_id == user.commune_id
    return false()


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
    if not user.is_authenticated or user.commune_id is None:
        return false()  # a supervisor has no commune (and `== None` would read IS NULL)
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
