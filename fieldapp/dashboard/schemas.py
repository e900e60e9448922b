"""The coverage report: its query arguments and its indicators (DOMAIN.md, "What the commune
reports")."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validates_schema

from fieldapp.core.validation import RowId, StrictSchema, between, invalid
from fieldapp.dashboard.periods import FIRST_DAY, LAST_DAY


class CoverageArgsSchema(StrictSchema):
    village_id = RowId(load_default=None, metadata={"description": "One village only"})
    date_from = fields.Date(load_default=None, validate=between(FIRST_DAY, LAST_DAY), metadata={
        "description": "First day of the period (local date, Asia/Ho_Chi_Minh); open when empty"})
    date_to = fields.Date(load_default=None, validate=between(FIRST_DAY, LAST_DAY), metadata={
        "description": "Last day of the period, included; today when empty"})

    @validates_schema
    def _period_in_order(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise invalid(_l("The period ends before it starts."), "date_to")


class GroupFiguresSchema(Schema):
    members = fields.Integer(metadata={"description": "Members of the group (counted members of active "
                                                      "households)"})
    portal_account = fields.Integer(metadata={
        "description": "Of them, those with a portal account: the skill `dvc_login`"})


class CoverageIndicatorsSchema(Schema):
    households = fields.Integer(metadata={"description": "Active households (not inactive)"})
    visited = fields.Integer(metadata={"description": "Active households visited at least once "
                                                      "by the period's end"})
    covered = fields.Integer(metadata={"description": "Active households covered at the period's end"})
    covered_pct = fields.Float(metadata={"description": "covered / households, in %, one decimal"})
    people_level2 = fields.Integer(metadata={"description": "People with a level 2 VNeID account"})
    people_capable = fields.Integer(metadata={"description": "People with every skill of the rule"})
    people_online_payment = fields.Integer(metadata={"description": "People who pay fees online"})
    visits = fields.Integer(metadata={"description": "Guidance visits made in the period: the visits "
                                                     "whose outcome is met (a closed door guides no one)"})
    knocks = fields.Integer(metadata={"description": "Every visit made in the period, not_home and "
                                                     "refused included"})
    visits_by_topic = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "Guidance visits (met) of the period that taught each topic"})
    due_for_return = fields.Integer(metadata={
        "description": "Active households not covered whose return visit is due by the period's end"})
    # The plans' figures (plans/figures.py): a village's own, and in the total also the commune's.
    desk_contacts = fields.Integer(metadata={"description": "People and organisations helped at the desk"})
    desk_self_done = fields.Integer(metadata={"description": "Desk contacts where they did it themselves"})
    sessions = fields.Integer(metadata={"description": "Sessions held in the period"})
    session_attendance = fields.Integer(metadata={"description": "People who came to those sessions"})
    organisations = fields.Integer(metadata={"description": "Organisations recorded, not removed"})
    organisations_covered = fields.Integer(metadata={
        "description": "Of them, those covered (an organisation account and a dossier filed online) by the "
                       "period's end"})
    groups = fields.Dict(keys=fields.String(), values=fields.Nested(GroupFiguresSchema), metadata={
        "description": "By group key (official, youth_union, association, student, team_member): its "
                       "members and those with a portal account, as they stand (like people_level2)"})


class VillageCoverageSchema(CoverageIndicatorsSchema):
    village_id = fields.Integer()
    code = fields.String()
    name = fields.String()


class CoverageSchema(Schema):
    date_from = fields.Date(allow_none=True)
    date_to = fields.Date(allow_none=True)
    total = fields.Nested(CoverageIndicatorsSchema)
    villages = fields.List(fields.Nested(VillageCoverageSchema))


class VillageArgsSchema(StrictSchema):
    village_id = RowId(load_default=None, metadata={"description": "One village only"})


class MapVillageSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    households = fields.Integer()
    covered = fields.Integer()
    covered_pct = fields.Float()


class UnplacedSchema(Schema):
    id = fields.UUID()
    village_id = fields.Integer()
    head_name = fields.String()
    address = fields.String(allow_none=True)
    status = fields.String()


class MapSchema(Schema):
    statuses = fields.List(fields.String(), metadata={"description": "Status names, by the index points use"})
    points = fields.List(fields.List(fields.Raw()), metadata={
        "description": "One array per placed household: [id, lat, lon, status index, village id]"})
    villages = fields.List(fields.Nested(MapVillageSchema))
    without_position = fields.Integer(metadata={"description": "Active households with no coordinates"})
    unplaced = fields.List(fields.Nested(UnplacedSchema), metadata={
        "description": "Those households (the first 500 by name)"})


class BarrierCountsSchema(Schema):
    barriers = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "Households not covered whose latest met visit saw each barrier (DOMAIN.md keys)"})


class VillageBarriersSchema(BarrierCountsSchema):
    village_id = fields.Integer()
    code = fields.String()
    name = fields.String()


class BarriersSchema(Schema):
    total = fields.Nested(BarrierCountsSchema)
    villages = fields.List(fields.Nested(VillageBarriersSchema))
