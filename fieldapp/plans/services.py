"""Writes of the plans' records: add and flush, audited; the request handler commits.

Ids named in a body (a village, a member, a volunteer) must be of the user's commune: any other
is "not known" (422), whether it exists elsewhere or not.
"""
from flask_babel import gettext as _
from sqlalchemy import insert, select

from fieldapp.accounts.models import User
from fieldapp.core import audit
from fieldapp.core.errors import ApiError
from fieldapp.core.model import utcnow
from fieldapp.extensions import db
from fieldapp.households.models import Member
from fieldapp.places.models import Village
from fieldapp.plans.models import (
    DeskContact,
    EnteredIndicator,
    HelpPoint,
    Organisation,
    OutreachSession,
    session_members,
    session_volunteers,
)
from fieldapp.sync.apply import CLOCK_SKEW
from fieldapp.sync.services import apply_operations, server_operation


def invalid_field(field, message):
    return ApiError(422, fields={field: [message]})


def skills_shown(services, self_done, paid_online, rated):
    """The skills a person showed at the desk: the services they did themselves (with the
    online payment when they paid online), and rating when they rated. Nothing done for them
    teaches them anything ("không làm hộ người dân"). Ticking only adds: the desk never
    unticks a skill."""
    shown = set(services) if self_done else set()
    if self_done and paid_online:
        shown.add("online_payment")
    if rated:
        shown.add("rating")
    return shown


def _member_of_commune(user, member_id, field="member_id"):
    member = db.session.scalar(select(Member).where(
        Member.id == member_id, Member.commune_id == user.commune_id, Member.deleted.is_(False)))
    if member is None:
        raise invalid_field(field, _("This person is not known in your commune."))
    return member


def _organisation_of_commune(user, organisation_id):
    """An organisation of the user's commune, not removed; any other is not known (422)."""
    organisation = db.session.scalar(select(Organisation).where(
        Organisation.id == organisation_id, Organisation.commune_id == user.commune_id,
        Organisation.removed.is_(False)))
    if organisation is None:
        raise invalid_field("organisation_id", _("This organisation is not known in your commune."))
    return organisation


def _tick_skills(user, member, skills, now):
    """Tick the skills on the member through the phones' write path (sync/apply.py): stamped,
    merged, versioned and pulled like any volunteer's change. Returns the keys newly ticked."""
    new = sorted(key for key in skills if key not in member.skills)
    if not new:
        return []
    operation = server_operation("member.upsert", member.id, {"skills": dict.fromkeys(new, True)},
                                 base_version=member.version, now=now)
    results = [None]
    apply_operations(user, "desk", [(0, operation)], results, now)
    if results[0]["status"] != "applied":
        db.session.rollback()
        raise ApiError(422, _("The person's skills could not be updated."),
                       fields={"member_id": sum(results[0]["errors"].values(), [])})
    return new


def record_desk_contact(user, data):
    """A person or organisation helped at the desk; a linked member gets the skills shown."""
    now = utcnow()
    if data["helped_at"] > now + CLOCK_SKEW:
        raise invalid_field("helped_at", _("This time is in the future."))
    member, ticked = None, []
    if data["member_id"] is not None:
        if data["party"] != "person":
            raise invalid_field("member_id", _("Only a person can be a member of a household."))
        member = _member_of_commune(user, data["member_id"])
        shown = skills_shown(data["services"], data["self_done"], data["paid_online"], data["rated"])
        ticked = _tick_skills(user, member, shown, now)
    organisation = None
    if data.get("organisation_id") is not None:
        if data["party"] != "organisation":
            raise invalid_field("organisation_id", _("Only an organisation helped can name an organisation."))
        organisation = _organisation_of_commune(user, data["organisation_id"])
    contact = DeskContact(
        commune_id=user.commune_id, helped_at=data["helped_at"], party=data["party"],
        services=sorted(set(data["services"])), self_done=data["self_done"],
        paid_online=data["paid_online"], rated=data["rated"],
        member_id=member.id if member else None, village_id=member.village_id if member else None,
        organisation_id=organisation.id if organisation else None, created_by_id=user.id)
    db.session.add(contact)
    db.session.flush()
    audit.record("desk_contact_recorded", user, target=contact, party=contact.party,
                 member_id=str(member.id) if member else None, skills_ticked=ticked,
                 **({"organisation_id": organisation.id} if organisation else {}))
    contact.skills_ticked = ticked
    return contact


def village_of_commune(user, village_id):
    village = db.session.scalar(select(Village).where(
        Village.id == village_id, Village.commune_id == user.commune_id, Village.deleted.is_(False)))
    if village is None:
        raise invalid_field("village_id", _("This village is not known in your commune."))
    return village


def record_session(user, data):
    """A session held in a village of the commune (or for the whole commune), with the users
    rostered and the members who came (their skills are ticked afterwards, in the app)."""
    if data["village_id"] is not None:
        village_of_commune(user, data["village_id"])
    volunteer_ids = sorted(set(data["volunteer_ids"]))
    member_ids = sorted(set(data["member_ids"]))
    if volunteer_ids:
        known = set(db.session.scalars(select(User.id).where(
            User.id.in_(volunteer_ids), User.commune_id == user.commune_id)))
        if known != set(volunteer_ids):
            raise invalid_field("volunteer_ids", _("Some of these people are not users of your commune."))
    if member_ids:
        known = set(db.session.scalars(select(Member.id).where(
            Member.id.in_(member_ids), Member.commune_id == user.commune_id, Member.deleted.is_(False))))
        if known != set(member_ids):
            raise invalid_field("member_ids", _("Some of these people are not known in your commune."))
    if data["attendance"] < len(member_ids):
        raise invalid_field("attendance", _("The attendance is lower than the number of people named."))
    session = OutreachSession(
        commune_id=user.commune_id, village_id=data["village_id"], held_on=data["held_on"],
        kind=data["kind"], place=data["place"], topics=sorted(set(data["topics"])),
        audience=data["audience"], attendance=data["attendance"], created_by_id=user.id)
    db.session.add(session)
    db.session.flush()
    for table, column, ids in ((session_volunteers, "user_id", volunteer_ids),
                               (session_members, "member_id", member_ids)):
        if ids:
            db.session.execute(insert(table), [
                {"commune_id": user.commune_id, "session_id": session.id, column: value} for value in ids])
    audit.record("session_recorded", user, target=session, kind=session.kind, village_id=session.village_id,
                 attendance=session.attendance, volunteers=len(volunteer_ids), members=len(member_ids))
    session.volunteer_ids, session.member_ids = volunteer_ids, member_ids
    return session


def enter_indicator(user, data):
    """The month's figure of an indicator the app cannot see; entering it again replaces it."""
    row = db.session.scalar(select(EnteredIndicator).where(
        EnteredIndicator.commune_id == user.commune_id, EnteredIndicator.month == data["month"],
        EnteredIndicator.indicator == data["indicator"]))
    replaced = None
    if row is None:
        row = EnteredIndicator(commune_id=user.commune_id, month=data["month"], indicator=data["indicator"])
        db.session.add(row)
    else:
        replaced = row.value
    row.value, row.source, row.entered_by_id = data["value"], data["source"], user.id
    db.session.flush()
    audit.record("indicator_entered", user, target=row, month=row.month, indicator=row.indicator,
                 value=row.value, replaced=replaced)
    row.replaced = replaced
    return row


def add_help_point(user, data):
    """A place where people get help (police post, post office, telecom shop), for the leaflets."""
    point = HelpPoint(commune_id=user.commune_id, kind=data["kind"], name=data["name"],
                      address=data["address"], hours=data["hours"], created_by_id=user.id)
    db.session.add(point)
    db.session.flush()
    audit.record("help_point_added", user, target=point, kind=point.kind)
    return point


def remove_help_point(user, point):
    """Take a help point off the leaflets (kept, marked removed, for the audit log's sake)."""
    point.removed = True
    audit.record("help_point_removed", user, target=point, commune_id=point.commune_id, kind=point.kind)
    return point
