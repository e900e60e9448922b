"""Organisations and businesses of the commune's villages (DOMAIN.md, "Beyond the door"): the
second thing the plans cover, by their own steps, and the rule of when one is covered.

Served one commune at a time, the user's own: officers and admins of the commune read and write
every village's; leaders read their villages'. Another commune's organisation, or one removed,
does not exist for the caller (404). The contact person's name and phone are personal data:
the audit log records which fields changed, never their values.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, select

from fieldapp.core import audit
from fieldapp.core.errors import ApiError
from fieldapp.core.model import utcnow
from fieldapp.core.permissions import sees_whole_commune
from fieldapp.extensions import db
from fieldapp.plans.models import ORGANISATION_STEPS, Organisation
from fieldapp.plans.services import invalid_field, village_of_commune

# The rule, in one place: an organisation is covered once it has its organisation account and
# has filed a dossier online (the plans: "hỗ trợ tổ chức ... đăng ký, tạo tài khoản" and use
# online public services); paying online is counted as a step of its own, not required.
COVERING_STEPS = ("account", "online_dossier")
STEP_FIELDS = tuple(f"{step}_on" for step in ORGANISATION_STEPS)
CONTACT_FIELDS = ("contact_name", "contact_phone")


def covered_on(organisation):
    """The day the organisation became covered (the last covering step done), or None."""
    days = [getattr(organisation, f"{step}_on") for step in COVERING_STEPS]
    return None if None in days else max(days)


def covered_before(after: date | None):
    """SQL: the organisation was covered before the local day `after` (any day when None),
    the same rule as `covered_on`."""
    columns = [getattr(Organisation, f"{step}_on") for step in COVERING_STEPS]
    return and_(*(column.is_not(None) if after is None else column < after for column in columns))


def organisations_of(user, village_id=None, kind=None):
    """The organisations the user reads (not removed), by village, name and id; of one village
    or one kind when asked."""
    statement = select(Organisation).where(Organisation.commune_id == user.commune_id,
                                           Organisation.removed.is_(False))
    if not sees_whole_commune(user):
        statement = statement.where(Organisation.village_id.in_(user.village_ids))
    if village_id is not None:
        statement = statement.where(Organisation.village_id == village_id)
    if kind is not None:
        statement = statement.where(Organisation.kind == kind)
    return statement.order_by(Organisation.village_id, Organisation.name, Organisation.id)


def organisation_of(user, organisation_id):
    """The organisation, when it is of the user's commune and not removed; 404 otherwise."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.removed or organisation.commune_id != user.commune_id:
        raise ApiError(404)
    return organisation


def _check_steps(values, today):
    for field in STEP_FIELDS:
        if values.get(field) is not None and values[field] > today:
            raise invalid_field(field, _("This day has not come yet."))


def add_organisation(user, data, today):
    """An organisation of a village of the user's commune, with the steps already done."""
    village_of_commune(user, data["village_id"])
    _check_steps(data, today)
    organisation = Organisation(commune_id=user.commune_id, created_by_id=user.id, **data)
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation_added", user, target=organisation, kind=organisation.kind,
                 village_id=organisation.village_id)
    return organisation


def change_organisation(user, organisation, changes, today):
    """Apply the fields sent (only those that changed need be); audited with their names."""
    if changes.get("village_id") is not None:
        village_of_commune(user, changes["village_id"])
    _check_steps(changes, today)
    changed = sorted(field for field, value in changes.items() if getattr(organisation, field) != value)
    for field in changed:
        setattr(organisation, field, changes[field])
    if changed:
        db.session.flush()
        audit.record("organisation_changed", user, target=organisation, fields=changed)
    return organisation


def remove_organisation(user, organisation):
    """Take the organisation off the lists and the counts (kept, marked removed, for the log)."""
    organisation.removed = True
    audit.record("organisation_removed", user, target=organisation, village_id=organisation.village_id)
    return organisation


def erase_contact(organisation, user, audited=True):
    """Erase the contact person's name and phone; the organisation and its steps stay counted.
    A purge audits once for all it erased (`audited=False` here)."""
    for field in CONTACT_FIELDS:
        setattr(organisation, field, None)
    organisation.erased_at = utcnow()
    if audited:
        audit.record("organisation_contact_erased", user, target=organisation)
    return organisation


def stale_contacts(before, commune_id=None):
    """Organisations with a contact person kept and no change since `before` (a datetime)."""
    statement = select(Organisation).where(
        Organisation.updated_at < before,
        Organisation.contact_name.is_not(None) | Organisation.contact_phone.is_not(None))
    if commune_id is not None:
        statement = statement.where(Organisation.commune_id == commune_id)
    return statement.order_by(Organisation.commune_id, Organisation.id)
