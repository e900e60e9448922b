"""Households in the user's scope: the list with filters and search, and one in detail."""
from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from fieldapp.core.permissions import check_household_village, check_village, requires
from fieldapp.core.text import member_order
from fieldapp.core.validation import StrictSchema, between, row_id
from fieldapp.extensions import db
from fieldapp.households import queries
from fieldapp.households.duplicates import duplicates_of, merge
from fieldapp.households.schemas import HouseholdDetailSchema, HouseholdFilterSchema, HouseholdSchema
from fieldapp.places.models import Village

MAX_PER_PAGE = 200
MAX_PAGE = 100_000  # far past any commune's list; keeps the offset a number every engine takes

blp = Blueprint("households", __name__, url_prefix="/api/v1/households",
                description="Households of the villages the user works in.")


class PageArgsSchema(StrictSchema):
    page = fields.Integer(load_default=1, validate=between(1, MAX_PAGE))
    per_page = fields.Integer(load_default=50, validate=between(1, MAX_PER_PAGE))


class HouseholdListArgsSchema(PageArgsSchema, HouseholdFilterSchema):
    pass


class PageSchema(Schema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class HouseholdPageSchema(PageSchema):
    items = fields.List(fields.Nested(HouseholdSchema))


def fetch_page(statement, page, per_page):
    """One page of `statement`'s rows, with the total, as the list endpoints answer."""
    total = db.session.scalar(queries.count_of(statement))
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def checked_village(village_id):
    """The village of a filter: 404 outside the user's commune, 403 for another team's."""
    village = db.session.get(Village, village_id)
    return check_village(current_user, None if village is None or village.deleted else village)


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
    if args["village_id"] is not None:
        village = db.session.get(Village, args["village_id"])
        check_household_village(current_user, None if village is None or village.deleted else village)
    statement = queries.households_for(current_user, args["village_id"], args["status"], args["q"],
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
    checked_village(household.village_id)
    members = sorted(db.session.scalars(queries.live_members(household)), key=member_order)
    visits = db.session.scalars(queries.visits_newest_first(household)).all()
    return HouseholdDetail(household, members, visits)


class DuplicatesArgsSchema(StrictSchema):
    village_id = row_id(load_default=None, metadata={
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
    if args["village_id"] is not None:
        checked_village(args["village_id"])
    return {"items": duplicates_of(current_user, args["village_id"])}


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
