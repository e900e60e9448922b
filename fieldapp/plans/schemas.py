"""What the plans' endpoints read (load) and answer (dump): desk contacts, sessions, entered
indicators and targets."""
from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate, validates_schema

from fieldapp.core.validation import FreeText, RowId, StrictSchema, between, invalid
from fieldapp.core.vocabulary import SKILLS, TOPICS
from fieldapp.plans.indicators import ENTERED, TARGETED
from fieldapp.plans.models import HELP_POINT_KINDS, PARTIES, SESSION_KINDS

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
MAX_LISTED = 500  # volunteers or members named in one session
MAX_COUNT = 1_000_000


def _one_of(choices):
    return validate.OneOf(list(choices), error=_l("Not one of the allowed values."))


def _keys(choices, **kwargs):
    return fields.List(fields.String(validate=_one_of(choices)), validate=validate.Length(
        max=len(choices), error=_l("At most %(n)d items.", n=len(choices))), **kwargs)


class DeskContactInSchema(StrictSchema):
    helped_at = fields.AwareDateTime(required=True, metadata={"description": "When, with its offset"})
    party = fields.String(required=True, validate=_one_of(PARTIES))
    services = _keys(SKILLS, load_default=list, metadata={
        "description": "What the person was helped with: skill keys of DOMAIN.md"})
    self_done = fields.Boolean(load_default=False, metadata={
        "description": "They did it themselves, hands on (không làm hộ)"})
    paid_online = fields.Boolean(load_default=False)
    rated = fields.Boolean(load_default=False, metadata={"description": "Guided to rate their satisfaction"})
    member_id = fields.UUID(load_default=None, allow_none=True, metadata={
        "description": "A member of the commune's households: the skills shown at the desk are "
                       "ticked on them (docs/plans.md)"})
    organisation_id = RowId(load_default=None, allow_none=True, metadata={
        "description": "For an organisation helped: its record among the commune's organisations. A "
                       "link only: the organisation's steps are not changed (docs/plans.md)"})


class DeskContactSchema(Schema):
    id = fields.Integer()
    helped_at = fields.DateTime()
    party = fields.String()
    services = fields.List(fields.String())
    self_done = fields.Boolean()
    paid_online = fields.Boolean()
    rated = fields.Boolean()
    member_id = fields.UUID(allow_none=True)
    village_id = fields.Integer(allow_none=True)
    organisation_id = fields.Integer(allow_none=True)
    skills_ticked = fields.List(fields.String(), metadata={
        "description": "Skills this contact ticked on the member (empty without one)"})


class OutreachSessionInSchema(StrictSchema):
    held_on = fields.Date(required=True, validate=between(FIRST_DAY, LAST_DAY))
    kind = fields.String(required=True, validate=_one_of(SESSION_KINDS))
    village_id = RowId(load_default=None, allow_none=True, metadata={
        "description": "The village; empty for a session of the whole commune"})
    place = FreeText(max_length=200, required=True)
    topics = _keys(TOPICS, load_default=list, metadata={"description": "Topic keys of DOMAIN.md"})
    audience = FreeText(max_length=200, load_default=None, allow_none=True)
    attendance = fields.Integer(required=True, validate=between(0, MAX_COUNT), metadata={
        "description": "People who came, at least as many as `member_ids`"})
    volunteer_ids = fields.List(RowId(), load_default=list, validate=validate.Length(
        max=MAX_LISTED, error=_l("At most %(n)d items.", n=MAX_LISTED)), metadata={
        "description": "Users of the commune rostered for it"})
    member_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(
        max=MAX_LISTED, error=_l("At most %(n)d items.", n=MAX_LISTED)), metadata={
        "description": "Household members of the commune who came"})


class OutreachSessionSchema(Schema):
    id = fields.Integer()
    held_on = fields.Date()
    kind = fields.String()
    village_id = fields.Integer(allow_none=True)
    place = fields.String()
    topics = fields.List(fields.String())
    audience = fields.String(allow_none=True)
    attendance = fields.Integer()
    volunteer_ids = fields.List(fields.Integer())
    member_ids = fields.List(fields.UUID())


class IndicatorInSchema(StrictSchema):
    month = fields.String(required=True, validate=validate.Regexp(
        r"^(20[0-9]{2})-(0[1-9]|1[0-2])$", error=_l("A month is written YYYY-MM, e.g. 2026-03.")))
    indicator = fields.String(required=True, validate=_one_of(ENTERED))
    value = fields.Float(required=True, validate=between(0, 100), metadata={"description": "A rate, in %"})
    source = FreeText(max_length=200, required=True, metadata={
        "description": "Where the figure comes from (the portal's evaluation system, its report)"})


class IndicatorSchema(Schema):
    month = fields.String()
    indicator = fields.String()
    value = fields.Float()
    source = fields.String()
    replaced = fields.Float(allow_none=True, metadata={
        "description": "The value entered before for this month, now replaced"})


class TargetInSchema(StrictSchema):
    village_id = RowId(load_default=None, allow_none=True, metadata={
        "description": "One village; empty for the whole commune"})
    indicator = fields.String(required=True, validate=_one_of(TARGETED))
    value = fields.Float(required=True, validate=between(0, MAX_COUNT))
    due_on = fields.Date(required=True, validate=between(FIRST_DAY, LAST_DAY))

    @validates_schema
    def _a_share_is_at_most_100(self, data, **kwargs):
        share = data.get("indicator", "").endswith(("_pct", "_rate"))
        if share and data.get("value", 0) > 100:
            raise invalid(_l("A share is at most 100%."), "value")


class TargetSchema(Schema):
    id = fields.Integer()
    village_id = fields.Integer(allow_none=True)
    indicator = fields.String()
    value = fields.Float()
    due_on = fields.Date()
    starts_on = fields.Date(metadata={"description": "The day it was set, where the pace starts"})
    start_value = fields.Float(metadata={"description": "The actual figure that day"})
    actual = fields.Float(allow_none=True, metadata={
        "description": "Today's figure: the report's, from the start, or the latest month entered"})
    expected = fields.Float(allow_none=True, metadata={
        "description": "Where a straight line from the start to the target stands today"})
    on_track = fields.Boolean(allow_none=True, metadata={
        "description": "Whether the pace since the start reaches the value by due_on (docs/plans.md); "
                       "null while nothing was entered for the indicator"})


class TargetListSchema(Schema):
    items = fields.List(fields.Nested(TargetSchema))


class HelpPointInSchema(StrictSchema):
    kind = fields.String(required=True, validate=_one_of(HELP_POINT_KINDS))
    name = FreeText(max_length=200, required=True, metadata={"description": "e.g. Công an xã, Bưu điện xã"})
    address = FreeText(max_length=300, required=True)
    hours = FreeText(max_length=200, load_default=None, allow_none=True, metadata={
        "description": "Opening hours as written for people, e.g. Thứ Hai – Thứ Sáu, 7:30–17:00"})


class HelpPointSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    address = fields.String()
    hours = fields.String(allow_none=True)


class HelpPointListSchema(Schema):
    items = fields.List(fields.Nested(HelpPointSchema))
