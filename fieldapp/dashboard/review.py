"""Conflicts as a leader reads them: whose record, which field, both values, who and when."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.core.vocabulary import GROUPS, SKILLS
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member

FIELD_LABELS = {
    "code": _l("Household code"), "head_name": _l("Head of household"), "address": _l("Address"),
    "phone": _l("Phone"), "member_count": _l("Number of members"), "note": _l("Note"),
    "lat": _l("Latitude"), "lon": _l("Longitude"), "accuracy": _l("Accuracy"), "consent": _l("Consent"),
    "full_name": _l("Full name"), "birth_year": _l("Birth year"), "is_head": _l("Head of household"),
    "village_id": _l("Village"),
}


def field_label(field):
    if field.startswith("skills."):
        return SKILLS.get(field.removeprefix("skills."), field)
    if field.startswith("groups."):
        return GROUPS.get(field.removeprefix("groups."), field)
    return FIELD_LABELS.get(field, field)


def shown(value):
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return "—" if value in (None, "") else str(value)


def describe(conflicts):
    """One dict per conflict, with the names the page shows, in three queries."""
    household_ids = {c.entity_id for c in conflicts if c.entity_type == "household"}
    members = {m.id: m for m in db.session.scalars(select(Member).where(
        Member.id.in_({c.entity_id for c in conflicts if c.entity_type == "member"})))}
    household_ids |= {m.household_id for m in members.values()}
    households = {h.id: h for h in db.session.scalars(
        select(Household).where(Household.id.in_(household_ids)))}
    user_ids = {c.kept_by_id for c in conflicts} | {c.lost_by_id for c in conflicts}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids - {None})))}

    def who(user_id):
        user = users.get(user_id)
        return (user.full_name or user.username) if user else _("the server")

    rows = []
    for conflict in conflicts:
        member = members.get(conflict.entity_id)
        household = households.get(member.household_id if member else conflict.entity_id)
        rows.append({
            "conflict": conflict,
            "household": household,
            "person": member.full_name if member else None,
            "field": field_label(conflict.field),
            "kept": shown(conflict.kept_value), "kept_by": who(conflict.kept_by_id),
            "kept_at": conflict.kept_at,
            "lost": shown(conflict.lost_value), "lost_by": who(conflict.lost_by_id),
            "lost_at": conflict.lost_at,
        })
    return rows
