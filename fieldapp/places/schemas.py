from marshmallow import Schema, fields


class VillageSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    planned_households = fields.Integer(allow_none=True)
