"""The stats API: the coverage report, the map and the barrier report as JSON (the reports are
built in dashboard/reports.py)."""
import orjson
from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.core.permissions import requires
from fieldapp.dashboard import queries
from fieldapp.dashboard.map_data import map_data
from fieldapp.dashboard.reports import barrier_report, coverage_report
from fieldapp.dashboard.schemas import (
    BarriersSchema,
    CoverageArgsSchema,
    CoverageSchema,
    MapSchema,
    VillageArgsSchema,
)
from fieldapp.extensions import db
from fieldapp.places.queries import scoped_village_id

blp = Blueprint("stats", __name__, url_prefix="/api/v1/stats",
                description="What the commune reports: coverage per village and in total.")


def _iso(day):
    return day.isoformat() if day else None


@blp.route("/coverage")
@requires("volunteer")
@blp.arguments(CoverageArgsSchema, location="query")
@blp.response(200, CoverageSchema)
def coverage(args):
    """Coverage indicators of the user's villages (or one village) for a period of local dates;
    an admin's cover every commune of the deployment."""
    village_id = scoped_village_id(current_user, args["village_id"])
    span = queries.period(args["date_from"], args["date_to"], current_app.config["BABEL_DEFAULT_TIMEZONE"],
                          current_app.config["FIELDAPP_RETURN_AFTER_DAYS"])
    report = coverage_report(current_user, village_id, span, across_communes=True)
    db.session.commit()  # the request's one unit of work: the village summaries it counted
    # The report is made of JSON types already, in CoverageSchema's shape (which documents it):
    # dumping thousands of villages through marshmallow again would cost more than the counting,
    # and a province's 2.5 MB take the standard encoder 30 ms, orjson 5.
    body = {"date_from": _iso(args["date_from"]), "date_to": _iso(args["date_to"]), **report}
    return current_app.response_class(orjson.dumps(body, option=orjson.OPT_SORT_KEYS),
                                      mimetype="application/json")


@blp.route("/map")
@requires("volunteer")
@blp.arguments(VillageArgsSchema, location="query")
@blp.response(200, MapSchema)
def coverage_map(args):
    """Households of the user's villages as map points, with each village's covered share."""
    village_id = scoped_village_id(current_user, args["village_id"], households=True)
    villages = db.session.scalars(queries.villages_in_scope(current_user, village_id)).all()
    return map_data(current_user.commune_id, villages)


@blp.route("/barriers")
@requires("volunteer")
@blp.arguments(VillageArgsSchema, location="query")
@blp.response(200, BarriersSchema)
def barriers(args):
    """Why households are not covered yet: per village, the households not covered whose
    latest met visit saw each barrier."""
    return barrier_report(current_user, scoped_village_id(current_user, args["village_id"]))
