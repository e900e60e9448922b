"""Merging a household recorded twice into the one kept (leaders, "Each household once").

The kept household takes every member and visit of the other one. A moved member whose folded
name (and birth year, when both have one) is that of a member already there is the same person
recorded twice: the kept member gains the skills, the groups and the details only the moved one had, and
the moved one becomes a tombstone. Details the kept household lacks (address, phone, code, GPS,
member count, note, consent given) come from the other one. The other household becomes a
tombstone with `merged_into_id` set: phones drop it at their next pull, a phone's late change
to it is redirected or refused (sync/apply.py), and it is told apart from a deletion or an
erasure. Every moved row takes a new seq (sync/seq.py) and the village's summary goes stale
(dashboard/summary.py) through the ORM writes below.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fieldapp.core import audit
from fieldapp.core.clock import micros
from fieldapp.core.model import utcnow
from fieldapp.core.vocabulary import GROUPS, SKILLS
from fieldapp.extensions import db
from fieldapp.households.matching import match_key
from fieldapp.households.models import Member, Visit
from fieldapp.households.services import refresh_derived
from fieldapp.sync.models import Conflict

FILLED = ("address", "phone", "member_count", "lat", "lon", "accuracy", "note")
MEMBER_FILLED = ("birth_year", "phone", "note")
SKILL_COLUMNS = tuple(f"skill_{key}" for key in SKILLS)
GROUP_COLUMNS = tuple(f"group_{key}" for key in GROUPS)
CONSENT_FIELDS = ("consent", "consent_at", "consent_by_id", "consent_notice_version")


class MergeRefused(Exception):
    """The merge cannot be made; `errors` maps the field at fault to a message."""

    def __init__(self, field, message, status=422):
        super().__init__(field)
        self.message, self.status = str(message), status
        self.errors = {field: [self.message]}


def check_mergeable(household, into):
    """Raise MergeRefused unless `household` may be merged into `into` (both loaded)."""
    if household.id == into.id:
        raise MergeRefused("into", _l("A household cannot be merged into itself."))
    if household.merged_into_id is not None:
        raise MergeRefused("id", _l("This household was already merged into another one."), 409)
    if into.merged_into_id is not None:
        raise MergeRefused("into", _l("That household was already merged into another one."), 409)
    if household.deleted or into.deleted:
        raise MergeRefused("into" if into.deleted else "id", _l("This household has been deleted."), 409)
    if household.village_id != into.village_id:
        raise MergeRefused("into", _l("Only households of the same village can be merged."))


def _take(row, source, attribute, at, user_id):
    """Copy one field's value from `source` into `row`, stamped as written by this merge."""
    _write(row, attribute, getattr(source, attribute), at, user_id)


def _write(row, attribute, value, at, user_id):
    setattr(row, attribute, value)
    stamp = {"at": at, "by": user_id, "v": row.version + 1}
    row.field_stamps = {**(row.field_stamps or {}), attribute: stamp}


def _empty(row, attribute):
    return getattr(row, attribute) in (None, "")


def _same_person(a, b):
    return (match_key(a.full_name) == match_key(b.full_name) and match_key(a.full_name) != ""
            and (a.birth_year is None or b.birth_year is None or a.birth_year == b.birth_year))


def _fold_member(kept, twin, at, user_id):
    """Give `kept` what only its twin had; the twin becomes a tombstone."""
    taken = [f for f in (*SKILL_COLUMNS, *GROUP_COLUMNS) if getattr(twin, f) and not getattr(kept, f)]
    taken += [f for f in MEMBER_FILLED if _empty(kept, f) and not _empty(twin, f)]
    for attribute in taken:
        _take(kept, twin, attribute, at, user_id)
    if taken:
        kept.version += 1
        kept.updated_by_id = user_id
    twin.deleted = True


def merge_households(household, into, user):
    """Merge `household` into `into` (checked first); return the counts moved."""
    check_mergeable(household, into)
    now = utcnow()
    at = micros(now)
    kept_members = db.session.scalars(select(Member).where(
        Member.household_id == into.id, Member.commune_id == into.commune_id)).all()
    moved = db.session.scalars(select(Member).where(
        Member.household_id == household.id, Member.commune_id == household.commune_id)).all()
    live_kept = [m for m in kept_members if not m.deleted]
    has_head = any(m.is_head for m in live_kept)
    folded, moved_live = 0, sum(not m.deleted for m in moved)
    for member in moved:
        member.household_id, member.village_id = into.id, into.village_id
        member.version += 1
        member.updated_by_id = user.id
        if member.deleted:
            continue
        twin = next((m for m in live_kept if _same_person(m, member)), None)
        if twin is not None:
            _fold_member(twin, member, at, user.id)
            folded += 1
            continue
        if member.is_head and has_head:
            _write(member, "is_head", False, at, user.id)  # one head per household
        live_kept.append(member)
    visits = db.session.scalars(select(Visit).where(
        Visit.household_id == household.id, Visit.commune_id == household.commune_id)).all()
    for visit in visits:
        visit.household_id = into.id

    taken = [f for f in FILLED if _empty(into, f) and not _empty(household, f)]
    if into.consent == "not_asked" and household.consent != "not_asked":
        taken += CONSENT_FIELDS
    for attribute in taken:
        _take(into, household, attribute, at, user.id)
    code = household.code
    household.code = None  # codes are unique in the commune: the kept one may take it
    household.deleted, household.merged_into_id = True, into.id
    household.version += 1
    household.updated_by_id = user.id
    # Its open conflicts name a tombstone now: closed, the kept household's own stay open.
    for conflict in db.session.scalars(select(Conflict).where(
            Conflict.commune_id == household.commune_id, Conflict.entity_id == household.id,
            Conflict.resolved_at.is_(None))):
        conflict.resolved_at, conflict.resolved_by_id, conflict.resolution = now, user.id, "merged"
    if into.code is None and code:
        db.session.flush()
        into.code = code
        into.field_stamps = {**into.field_stamps, "code": {"at": at, "by": user.id, "v": into.version + 1}}

    all_visits = db.session.scalars(select(Visit).where(
        Visit.household_id == into.id, Visit.commune_id == into.commune_id)).all()
    status = refresh_derived(into, live_kept, all_visits)
    if status == "covered" and into.covered_at is None:
        into.covered_at = household.covered_at or now
        into.covered_by_id = household.covered_by_id if household.covered_at else user.id
    into.version += 1
    into.updated_by_id = user.id
    counts = {"members": moved_live - folded, "people_merged": folded,
              "visits": len(visits)}
    audit.record("household_merged", user, target=into, commune_id=into.commune_id,
                 merged=str(household.id), **counts)
    db.session.flush()
    return counts
