"""The commune's duties under the personal data law (DOMAIN.md): erase a household's personal
data on request, show everything held about one household, and purge on a retention date.

Organisations' contact persons are personal data too: a purge erases those of organisations
untouched since the retention date (plans/organisations.py), and keeps the organisations counted.

Erasing keeps what the reports count (the household, its status, its members' skills, the
visits' outcomes and topics) with no name, phone, place or note left. The rows become
tombstones (`deleted`), so every list leaves them out and the next pull removes them from the
phones; `erased_at` keeps them in the counts.
"""
import hashlib
import hmac
from collections import Counter

from flask import current_app
from sqlalchemy import delete, or_, select

from fieldapp.core import audit
from fieldapp.core.model import utcnow
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from fieldapp.plans.organisations import erase_contact, stale_contacts
from fieldapp.sync.models import Conflict

HOUSEHOLD_PERSONAL = ("code", "address", "phone", "lat", "lon", "accuracy", "note", "inactive_reason")
MEMBER_PERSONAL = ("phone", "birth_year", "note")
VISIT_PERSONAL = ("lat", "lon", "note")


def code_mark(commune_id, code):
    """A keyed hash of a household code (HMAC with the app's secret key): it tells an erased
    household's code when a list brings it back, and cannot be turned back into the code."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{commune_id}:{code}".encode(), hashlib.sha256).hexdigest()


def erase_household(household, user, audited=True):
    """Erase the household's personal data everywhere it is kept; return what was touched.
    A purge audits once for all its households (`audited=False` here), and keeps no mark of the
    code: only an erasure on request must not be undone by the next import."""
    now = utcnow()
    if audited and household.code:
        household.erased_code_mark = code_mark(household.commune_id, household.code)
    household.head_name, household.search_text = "", ""
    household.match_name = household.match_address = ""
    for field in HOUSEHOLD_PERSONAL:
        setattr(household, field, None)
    household.next_visit_on = None
    household.deleted, household.erased_at = True, now
    household.version += 1
    members = db.session.scalars(select(Member).where(
        Member.household_id == household.id, Member.commune_id == household.commune_id)).all()
    for member in members:
        member.full_name = ""
        for field in MEMBER_PERSONAL:
            setattr(member, field, None)
        if not member.deleted:
            member.erased_at = now
        member.deleted = True
        member.version += 1
    visits = db.session.scalars(select(Visit).where(
        Visit.household_id == household.id, Visit.commune_id == household.commune_id)).all()
    for visit in visits:  # re-sent (a new seq) so the phones drop their notes too
        for field in VISIT_PERSONAL:
            setattr(visit, field, None)
    # Conflicts keep both values a field had: they go blank, and leave the leaders' list.
    entity_ids = [household.id, *(member.id for member in members)]
    for conflict in db.session.scalars(select(Conflict).where(
            Conflict.commune_id == household.commune_id, Conflict.entity_id.in_(entity_ids))):
        conflict.kept_value = conflict.lost_value = None
        if conflict.resolved_at is None:
            conflict.resolved_at, conflict.resolution = now, "erased"
    if audited:
        audit.record("household_erased", user, target=household, commune_id=household.commune_id,
                     members=len(members), visits=len(visits))
    db.session.flush()
    return {"members": len(members), "visits": len(visits)}


def stale_households(before, commune_id=None):
    """Households with personal data and no change or visit since `before` (a datetime)."""
    statement = select(Household).where(
        Household.deleted.is_(False), Household.updated_at < before,
        or_(Household.last_visit_at.is_(None), Household.last_visit_at < before))
    if commune_id is not None:
        statement = statement.where(Household.commune_id == commune_id)
    return statement.order_by(Household.commune_id, Household.id)


def purge(before, commune_id=None, user=None):
    """Erase every household untouched since `before`, and the contact person of every
    organisation untouched since (the organisation stays counted); one audit entry per commune."""
    from fieldapp.office.models import ImportUpload, drop_stale_uploads

    erased = {}
    for household in db.session.scalars(stale_households(before, commune_id)).all():
        erase_household(household, user, audited=False)
        erased.setdefault(household.commune_id, Counter())["households"] += 1
    for organisation in db.session.scalars(stale_contacts(before, commune_id)).all():
        erase_contact(organisation, user, audited=False)
        erased.setdefault(organisation.commune_id, Counter())["organisations"] += 1
    for commune, counts in erased.items():
        audit.record("purge", user, commune_id=commune, households=counts["households"],
                     organisations=counts["organisations"], before=before.isoformat())
    uploads = drop_stale_uploads(utcnow()) + db.session.execute(
        delete(ImportUpload).where(ImportUpload.created_at < before)).rowcount
    db.session.flush()
    return {"households": sum(counts["households"] for counts in erased.values()),
            "organisations": sum(counts["organisations"] for counts in erased.values()), "uploads": uploads}


def access_record(household, village):
    """Everything held about one household, for the household's own request (a dict to JSON)."""
    from fieldapp.households.schemas import HouseholdSchema, MemberSchema, VisitSchema
    from fieldapp.places.consent import notice_text

    members = db.session.scalars(select(Member).where(
        Member.household_id == household.id, Member.commune_id == household.commune_id,
        Member.deleted.is_(False)).order_by(Member.is_head.desc(), Member.full_name)).all()
    visits = db.session.scalars(select(Visit).where(
        Visit.household_id == household.id, Visit.commune_id == household.commune_id)
        .order_by(Visit.visited_at)).all()
    entries = db.session.scalars(select(audit.AuditEntry).where(
        audit.AuditEntry.target_type == "household", audit.AuditEntry.target_id == str(household.id))
        .order_by(audit.AuditEntry.at)).all()
    return {
        "household": HouseholdSchema().dump(household),
        "village": village.name,
        "commune": village.commune.name,
        "consent": {
            "answer": household.consent,
            "at": household.consent_at.isoformat() if household.consent_at else None,
            "notice_version": household.consent_notice_version,
            "notice_text": notice_text(household.commune_id, household.consent_notice_version),
        },
        "members": MemberSchema(many=True).dump(members),
        "visits": VisitSchema(many=True).dump(visits),
        "history": [{"at": entry.at.isoformat(), "action": entry.action} for entry in entries],
        "created_at": household.created_at.isoformat(),
        "updated_at": household.updated_at.isoformat(),
    }
