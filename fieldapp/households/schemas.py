"""What sync operations may carry (load) and how records look in pull and the API (dump)."""
from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate, validates

from fieldapp.core.validation import Coordinate, FreeText, Phone, RowId, StrictSchema, Text, between, invalid
from fieldapp.core.vocabulary import BARRIERS, CONSENT, GROUPS, OUTCOMES, SKILLS, STATUSES, TOPICS

MIN_AGE = 14  # younger children cannot hold a level-2 account; they count in member_count


def _one_of(choices):
    return validate.OneOf(list(choices), error=_l("Not one of the allowed values."))


class HouseholdData(StrictSchema):
    """household.upsert: only the fields that changed. `status`, `version` and the other
    derived fields are the server's: they are accepted and ignored."""

    village_id = RowId()
    code = Text(max_length=40, allow_none=True)
    head_name = FreeText(max_length=200)
    address = FreeText(max_length=300, allow_none=True)
    phone = Phone(allow_none=True)
    member_count = fields.Integer(allow_none=True, validate=between(1, 50))
    lat = Coordinate(-90, 90)
    lon = Coordinate(-180, 180)
    accuracy = fields.Float(allow_none=True, validate=between(0, 100000))
    consent = fields.String(validate=_one_of(CONSENT))
    consent_notice_version = fields.Integer(allow_none=True)
    note = FreeText(max_length=2000, allow_none=True)
    # Derived or server-kept: ignored when a phone sends them back.
    status = fields.Raw(load_only=True)
    version = fields.Raw(load_only=True)
    updated_at = fields.Raw(load_only=True)
    inactive = fields.Raw(load_only=True)
    deleted = fields.Raw(load_only=True)
    merged_into = fields.Raw(load_only=True)
    id = fields.Raw(load_only=True)

    IGNORED = ("status", "version", "updated_at", "inactive", "deleted", "merged_into", "id")


class DeactivateData(StrictSchema):
    inactive_reason = FreeText(max_length=300, required=True)


def _birth_year_validator(value):
    this_year = date.today().year
    if value is None:
        return
    if not 1900 <= value <= this_year:
        raise invalid(_l("Must be between %(low)s and %(high)s.", low=1900, high=this_year))
    if value > this_year - MIN_AGE:
        raise invalid(_l("Only people aged %(n)d and over are recorded by name.", n=MIN_AGE))


class SkillsField(fields.Dict):
    """The skills that changed: {"dvc_login": true, "rating": false}."""

    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(validate=_one_of(SKILLS)), values=fields.Boolean(), **kwargs)


class GroupsField(fields.Dict):
    """The groups that changed, as the skills do: {"youth_union": true, "student": false}."""

    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(validate=_one_of(GROUPS)), values=fields.Boolean(), **kwargs)


class MemberData(StrictSchema):
    household_id = fields.UUID()
    full_name = FreeText(max_length=200)
    birth_year = fields.Integer(allow_none=True, validate=_birth_year_validator)
    is_head = fields.Boolean()
    phone = Phone(allow_none=True)
    skills = SkillsField()
    groups = GroupsField()
    note = FreeText(max_length=2000, allow_none=True)
    capable = fields.Raw(load_only=True)
    version = fields.Raw(load_only=True)
    updated_at = fields.Raw(load_only=True)
    deleted = fields.Raw(load_only=True)
    id = fields.Raw(load_only=True)

    IGNORED = ("capable", "version", "updated_at", "deleted", "id")


class EmptyData(StrictSchema):
    """member.delete carries nothing."""


class VisitData(StrictSchema):
    household_id = fields.UUID(required=True)
    visited_at = fields.AwareDateTime(allow_none=True)
    outcome = fields.String(required=True, validate=_one_of(OUTCOMES))
    topics = fields.List(fields.String(validate=_one_of(TOPICS)), load_default=list)
    people_guided = fields.Integer(load_default=0, validate=between(0, 50))
    barriers = fields.List(fields.String(validate=_one_of(BARRIERS)), load_default=list)
    next_visit_on = fields.Date(allow_none=True)
    lat = Coordinate(-90, 90)
    lon = Coordinate(-180, 180)
    note = FreeText(max_length=2000, allow_none=True)
    volunteer_id = fields.Raw(load_only=True)  # the server takes the volunteer from the session
    id = fields.Raw(load_only=True)

    IGNORED = ("volunteer_id", "id")

    @validates("topics")
    def _unique_topics(self, value, **kwargs):
        if len(set(value)) != len(value):
            raise invalid(_l("A value appears twice."))

    @validates("barriers")
    def _unique_barriers(self, value, **kwargs):
        if len(set(value)) != len(value):
            raise invalid(_l("A value appears twice."))


DATA_SCHEMAS = {
    "household.upsert": HouseholdData,
    "household.deactivate": DeactivateData,
    "member.upsert": MemberData,
    "member.delete": EmptyData,
    "visit.create": VisitData,
}


class OperationSchema(StrictSchema):
    """One change made on a phone (SYNC.md)."""

    op_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=_one_of(DATA_SCHEMAS))
    entity_id = fields.UUID(required=True)
    at = fields.AwareDateTime(required=True)
    base_version = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=0))
    data = fields.Dict(required=True)


# --- Records as they appear in pull and in the resource endpoints (API.md) -------------------

class HouseholdSchema(Schema):
    id = fields.UUID()
    village_id = RowId()
    code = fields.String(allow_none=True)
    head_name = fields.String()
    address = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    member_count = fields.Integer(allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    consent = fields.String()
    inactive = fields.Boolean()
    inactive_reason = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    status = fields.String()
    last_visit_at = fields.DateTime(allow_none=True)
    next_visit_on = fields.Date(allow_none=True)
    version = fields.Integer()
    updated_at = fields.DateTime()
    deleted = fields.Boolean()
    merged_into = fields.UUID(attribute="merged_into_id", allow_none=True, metadata={
        "description": "On a tombstone left by a merge: the household kept"})


class MemberSchema(Schema):
    id = fields.UUID()
    household_id = fields.UUID()
    full_name = fields.String()
    birth_year = fields.Integer(allow_none=True)
    is_head = fields.Boolean()
    phone = fields.String(allow_none=True)
    skills = fields.List(fields.String())
    groups = fields.List(fields.String(), metadata={
        "description": "The groups the person belongs to: official, youth_union, association, "
                       "student, team_member"})
    capable = fields.Boolean()
    note = fields.String(allow_none=True)
    version = fields.Integer()
    updated_at = fields.DateTime()
    deleted = fields.Boolean()


class VisitSchema(Schema):
    id = fields.UUID()
    household_id = fields.UUID()
    volunteer_id = fields.Integer()
    visited_at = fields.DateTime()
    outcome = fields.String()
    topics = fields.List(fields.String())
    people_guided = fields.Integer()
    barriers = fields.List(fields.String())
    next_visit_on = fields.Date(allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    note = fields.String(allow_none=True)


class HouseholdDetailSchema(HouseholdSchema):
    members = fields.List(fields.Nested(MemberSchema))
    visits = fields.List(fields.Nested(VisitSchema))


class HouseholdFilterSchema(StrictSchema):
    """The households list's filters, read from a query string: the list (households/api.py)
    and the exports (office/exports.py) take the same ones, with the same 422 for a bad one."""

    village_id = RowId(load_default=None)
    status = fields.String(load_default=None, validate=_one_of(STATUSES))
    q = fields.String(load_default=None, validate=validate.Length(
        max=200, error=_l("At most %(n)d characters.", n=200)), metadata={
        "description": "Words to find, in any order, accents and case ignored, in the head's "
                       "and members' names, the address, the code and the phone"})
    due = fields.Boolean(load_default=False, metadata={
        "description": "1: only the households due for a return visit today (DOMAIN.md): not covered, "
                       "latest visit not_home or with a next_visit_on, due from that date or else from "
                       "the visit's local date + FIELDAPP_RETURN_AFTER_DAYS, in the commune's time zone"})
