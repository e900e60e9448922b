"""What the session API reads and answers."""
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, fields, validate

from fieldapp.core.validation import StrictSchema


class LoginSchema(StrictSchema):
    username = fields.String(required=True, validate=validate.Length(
        min=1, max=80, error=_l("Must have between %(low)d and %(high)d characters.", low=1, high=80)))
    password = fields.String(required=True, load_only=True, validate=validate.Length(
        min=1, max=200, error=_l("Must have between %(low)d and %(high)d characters.", low=1, high=200)))
    remember = fields.Boolean(load_default=True)


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    role = fields.String()
    commune_id = fields.Integer(allow_none=True, metadata={"description": "None for a supervisor"})
    province_id = fields.Integer(allow_none=True, metadata={
        "description": "A supervisor's province (the one whose communes it sees side by side)"})
    village_ids = fields.List(fields.Integer())
    locale = fields.String(allow_none=True)


class NoticeSchema(Schema):
    version = fields.Integer()
    text = fields.String()


class CommuneSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    hotline = fields.String(allow_none=True)


class SessionSchema(Schema):
    user = fields.Nested(UserSchema)
    csrf_token = fields.String()
    # What the phone needs to work offline the way the server does.
    commune = fields.Nested(CommuneSchema, allow_none=True)
    coverage_rule = fields.List(fields.String())
    return_after_days = fields.Integer(metadata={
        "description": "FIELDAPP_RETURN_AFTER_DAYS: days after a not_home visit without a date "
                       "before the household is due for a return visit"})
    time_zone = fields.String(metadata={
        "description": "The commune's time zone, in which a visit has its date"})
    consent_notice = fields.Nested(NoticeSchema)


class AccountSchema(UserSchema):
    active = fields.Boolean()


class DeviceSchema(Schema):
    device_id = fields.String()
    first_seen_at = fields.DateTime()
    last_seen_at = fields.DateTime()
    app_version = fields.String(allow_none=True,
                                metadata={"description": "The app shell's version (X-App-Version)"})
    ops_pushed = fields.Integer(metadata={"description": "Changes from this phone the server applied"})
    revoked_at = fields.DateTime(allow_none=True)


class DeviceListSchema(Schema):
    items = fields.List(fields.Nested(DeviceSchema))


class NoBodySchema(StrictSchema):
    """The office's actions on an account take nothing but the URL (an empty JSON object, or
    no body at all)."""


def device_id_rule():
    """A phone's id, in a header, a push or a saved file: what the app makes (a UUID) fits it."""
    return validate.Regexp(r"^[\x21-\x7e]{1,100}\Z",
                           error=_l("A phone's id is 1 to 100 letters, digits or signs, without spaces."))


class PhoneHeadersSchema(Schema):
    """How a phone names itself on every pull and push (the other headers are left alone)."""

    class Meta:
        unknown = EXCLUDE

    device_id = fields.String(
        data_key="X-Device-Id", validate=device_id_rule(),
        metadata={"description": "The phone's id (a UUID the app makes once): the office sees each "
                                 "user's phones and may revoke one (its next sync: 403 `device_revoked`)"})
    app_version = fields.String(data_key="X-App-Version", validate=validate.Regexp(r"^[\x21-\x7e]{1,40}$"),
                                metadata={"description": "The app shell's version"})
