"""Households in the user's scope: the list with filters and search, and one in detail."""
from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from fieldapp.core.pagination import PageArgsSchema, PageSchema, fetch_page
from fieldapp.core.permissions import requires, scoped_village
from fieldapp.core.text import member_order
from fieldapp.core.validation import RowId, StrictSchema
from fieldapp.extensions import db
from fieldapp.households import queries
from fieldapp.households.duplicates import duplicates_of, merge
from fieldapp.households.schemas import HouseholdDetailSchema, HouseholdFilterSchema, HouseholdSchema
from fieldapp.places.models import Village
from fieldapp.places.queries import scoped_village_id

blp = Blueprint("households", __name__, url_prefix="/api/v1/households",
                description="Households of the villages the user works in.")


class HouseholdListArgsSchema(PageArgsSchema, HouseholdFilterSchema):
    pass


class HouseholdPageSchema(PageSchema):
    items = fields.List(fields.Nested(HouseholdSchema))


class HouseholdDetail:
    """A household as the detail shows it: its members not removed, its visits newest first."""

    def __init__(self, household, members, visits):
        self._household, self.members, self.visits = household, members, visits

    def __getattr__(self, name):
        return getattr(self._household, name)


@blp.route("")
@requires("volunteer")
@blp.arguments(HouseholdListArgsSchema, location="query")
@blp.response(200, HouseholdPageSchema)
def list_households(args):
    """Households of the user's villages, by village then code; `q` ignores accents and case."""
    village_id = scoped_village_id(current_user, args["village_id"], households=True)
    statement = queries.households_for(current_user, village_id, args["status"], args["q"],
                                       due=args["due"])
    return fetch_page(statement, args["page"], args["per_page"])


@blp.route("/<uuid:household_id>")
@requires("volunteer")
@blp.response(200, HouseholdDetailSchema)
def get_household(household_id):
    """One household with its members and visits; 404 outside the user's commune, 403 for
    another team's village."""
    household = db.session.scalar(queries.household_in_commune(current_user, household_id))
    if household is None:
        abort(404)
    scoped_village(current_user, db.session.get(Village, household.village_id), households=True)
    members = sorted(db.session.scalars(queries.live_members(household)), key=member_order)
    visits = db.session.scalars(queries.visits_newest_first(household)).all()
    return HouseholdDetail(household, members, visits)


class DuplicatesArgsSchema(StrictSchema):
    village_id = RowId(load_default=None, metadata={
        "description": "One village; without it, every village the user leads (officers: the commune)"})


class DuplicateSchema(Schema):
    households = fields.List(fields.UUID(), metadata={"description": "The two ids, in id order"})
    reasons = fields.List(fields.String(), metadata={
        "description": "What they share, in this order: `name` (head name), `address`, `phone`; "
                       "likely one household when the phone, or both the name and the address, "
                       "are the same (accents, case and punctuation ignored)"})
    village_id = fields.Integer()


class DuplicatesSchema(Schema):
    items = fields.List(fields.Nested(DuplicateSchema))


class MergeSchema(StrictSchema):
    into = fields.UUID(required=True, metadata={"description": "The household kept"})


@blp.route("/duplicates")
@requires("leader")
@blp.arguments(DuplicatesArgsSchema, location="query")
@blp.response(200, DuplicatesSchema)
def duplicates(args):
    """Pairs of live households of one village likely to be the same household (same phone, or
    same head name and address, accents and case ignored): leaders of their villages, officers
    of the commune."""
    village_id = scoped_village_id(current_user, args["village_id"], households=True)
    return {"items": duplicates_of(current_user, village_id)}


@blp.route("/<uuid:household_id>/merge", methods=["POST"])
@requires("leader")
@blp.arguments(MergeSchema)
@blp.response(200, HouseholdSchema)
@blp.alt_response(409, description="One of them was already merged or deleted")
@blp.alt_response(422, description="Into itself, or into another village's household")
def merge_household(body, household_id):
    """Merge this household into `into`, of the same village: its members and visits move to the
    household kept, and it becomes a tombstone (`deleted`, `merged_into`) that phones apply at
    their next pull. Leaders of the village and above."""
    into = merge(current_user, household_id, body["into"])
    db.session.commit()
    return into
