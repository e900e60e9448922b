"""The push and pull bodies (SYNC.md)."""
from marshmallow import Schema, fields, validate

from fieldapp.accounts.schemas import device_id_rule
from fieldapp.core.validation import StrictSchema
from fieldapp.households.schemas import HouseholdSchema, MemberSchema, VisitSchema
from fieldapp.places.schemas import VillageSchema

CURSOR = validate.Regexp(r"^(\d{1,9}\.\d{1,18})?$")


class RawItems(fields.List):
    """A list of anything, loaded as `List(Raw(allow_none=True))` loads it but without a call per
    item (a twentieth of a 500-operation push): each item is checked later, on its own."""

    def __init__(self, **kwargs):
        super().__init__(fields.Raw(allow_none=True), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if type(value) is list:
            return list(value)
        return super()._deserialize(value, attr, data, **kwargs)


def pull_limit():
    return fields.Integer(load_default=1000, validate=validate.Range(min=1),
                          metadata={"description": "At most 5000 (larger values are lowered to 5000)"})


class PushSchema(StrictSchema):
    device_id = fields.String(required=True, validate=device_id_rule())
    # Each operation is checked on its own, so that one bad operation never blocks the others.
    ops = RawItems(required=True, metadata={
        "description": "Operations (SYNC.md): op_id, type, entity_id, at, base_version, data"
    })
    # A phone pulls after every push: given a cursor, the answer carries that pull's first page.
    cursor = fields.String(allow_none=True, validate=CURSOR, metadata={
        "description": "The phone's pull cursor (empty for none): the answer then carries `pull`, "
                       "the page GET /sync/pull would give after this push"})
    limit = pull_limit()


class OpResultSchema(Schema):
    op_id = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": ["applied", "duplicate", "rejected"]})
    errors = fields.Dict(keys=fields.String(), values=fields.Raw())
    version = fields.Integer(allow_none=True)
    clock_adjusted = fields.Boolean()


class PushResultSchema(Schema):
    results = fields.List(fields.Nested(OpResultSchema))
    server_time = fields.DateTime()
    pull = fields.Nested(lambda: PullSchema(), metadata={"description": "When the push gave a cursor"})


class PullArgsSchema(StrictSchema):
    cursor = fields.String(load_default=None, validate=CURSOR,
                           metadata={"description": "From the previous pull; empty for all"})
    limit = pull_limit()


class ConflictSchema(Schema):
    id = fields.Integer()
    village_id = fields.Integer()
    entity_type = fields.String()
    entity_id = fields.UUID()
    field = fields.String()
    kept_value = fields.Raw(allow_none=True)
    kept_by_id = fields.Integer(allow_none=True)
    kept_at = fields.DateTime(allow_none=True)
    lost_value = fields.Raw(allow_none=True)
    lost_by_id = fields.Integer(allow_none=True)
    lost_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)
    resolution = fields.String(allow_none=True)


class PullSchema(Schema):
    villages = fields.List(fields.Nested(VillageSchema))
    households = fields.List(fields.Nested(HouseholdSchema))
    members = fields.List(fields.Nested(MemberSchema))
    visits = fields.List(fields.Nested(VisitSchema))
    conflicts = fields.List(fields.Nested(ConflictSchema))
    village_ids = fields.List(fields.Integer(), metadata={"description": "Every village in the user's scope"})
    user_id = fields.Integer(metadata={"description": "Whose scope this is: a phone holding another "
                                                      "user's data must not mix them"})
    cursor = fields.String()
    more = fields.Boolean()
    reset = fields.Boolean()
