"""What the organisations' endpoints read and answer."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate, validates_schema

from fieldapp.core.pagination import PageArgsSchema, PageSchema
from fieldapp.core.validation import FreeText, Phone, RowId, StrictSchema, between, invalid
from fieldapp.plans.models import ORGANISATION_KINDS
from fieldapp.plans.organisations import covered_on
from fieldapp.plans.schemas import FIRST_DAY, LAST_DAY


def _iso(day):
    return day.isoformat() if day else None


STEP_DAY = {"validate": between(FIRST_DAY, LAST_DAY), "allow_none": True}


def _fields(required):
    """The fields of an organisation as written: all of them for a new one; any of them, and
    only those, for a change."""
    needed = {"required": True} if required else {}
    optional = {"load_default": None} if required else {}
    return {
        "name": FreeText(max_length=200, **needed, metadata={"description": "e.g. Công ty TNHH An Phú"}),
        "kind": fields.String(**needed, validate=validate.OneOf(
            list(ORGANISATION_KINDS), error=_l("Not one of the allowed values.")), metadata={
            "description": "agency, enterprise, household_business, cooperative or other"}),
        "village_id": RowId(**needed, metadata={"description": "A village of the user's commune"}),
        "contact_name": FreeText(max_length=200, allow_none=True, **optional, metadata={
            "description": "The contact person (personal data: erased on request)"}),
        "contact_phone": Phone(allow_none=True, **optional),
        "account_on": fields.Date(**STEP_DAY, **optional, metadata={
            "description": "The day it got its organisation account (empty: not yet)"}),
        "online_dossier_on": fields.Date(**STEP_DAY, **optional, metadata={
            "description": "The day it first filed a dossier online"}),
        "online_payment_on": fields.Date(**STEP_DAY, **optional, metadata={
            "description": "The day it first paid a fee online"}),
    }


OrganisationInSchema = StrictSchema.from_dict(_fields(required=True), name="OrganisationInSchema")
_Change = StrictSchema.from_dict(_fields(required=False), name="OrganisationChangeBase")


class OrganisationChangeSchema(_Change):
    @validates_schema
    def _something_sent(self, data, **kwargs):
        if not data:
            raise invalid(_l("Send at least one field to change."))


class OrganisationSchema(Schema):
    id = fields.Integer()
    village_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    account_on = fields.Date(allow_none=True)
    online_dossier_on = fields.Date(allow_none=True)
    online_payment_on = fields.Date(allow_none=True)
    covered_on = fields.Function(lambda row: _iso(covered_on(row)), allow_none=True, metadata={
        "description": "The day it became covered: the later of account_on and online_dossier_on "
                       "(both needed); null while one is missing"})


class OrganisationListArgsSchema(PageArgsSchema):
    village_id = RowId(load_default=None, metadata={"description": "One village only"})
    kind = fields.String(load_default=None, validate=validate.OneOf(
        list(ORGANISATION_KINDS), error=_l("Not one of the allowed values.")), metadata={
        "description": "One kind only: agency, enterprise, household_business, cooperative or other"})


class OrganisationPageSchema(PageSchema):
    items = fields.List(fields.Nested(OrganisationSchema))
