"""The coverage report of DOMAIN.md, per village and in total, for a period."""
from flask import current_app, jsonify
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.core.permissions import requires
from fieldapp.dashboard import queries
from fieldapp.dashboard.barriers import barrier_counts, totals
from fieldapp.dashboard.map_data import map_data
from fieldapp.dashboard.schemas import (
    BarriersSchema,
    CoverageArgsSchema,
    CoverageSchema,
    MapSchema,
    VillageArgsSchema,
)
from fieldapp.dashboard.summary import COUNTED, summaries
from fieldapp.extensions import db
from fieldapp.households.api import checked_village
from fieldapp.places.models import Village

blp = Blueprint("stats", __name__, url_prefix="/api/v1/stats",
                description="What the commune reports: coverage per village and in total.")


def _iso(day):
    return day.isoformat() if day else None


def with_percentage(indicators):
    indicators["covered_pct"] = queries.covered_percent(indicators["covered"], indicators["households"])
    return indicators


def _summary_counts(by_village, villages, commune_id, span):
    """The same for the open period ("from the start"), from the village summaries, plus the
    return visits due, which depend on the day."""
    for village_id, row in summaries(villages).items():
        indicators = by_village[village_id]
        indicators.update((key, row[key]) for key in COUNTED)
        indicators["visits_by_topic"].update(row["visits_by_topic"])
    for village_id, due in db.session.execute(queries.due_counts(commune_id, list(by_village), span)):
        by_village[village_id]["due_for_return"] = due


def coverage_report(user, village_id, span, across_communes=False):
    """Every indicator per village of the report and in total."""
    statement = queries.villages_in_scope(user, village_id, across_communes)
    villages = db.session.execute(statement.with_only_columns(
        Village.id, Village.commune_id, Village.code, Village.name)).all()
    by_village = {village.id: queries.blank_indicators() for village in villages}
    commune_id = queries.report_commune(user, across_communes)
    if by_village and span.start is None and span.end is None:
        _summary_counts(by_village, villages, commune_id, span)
    elif by_village:
        queries.count_records(by_village, commune_id, span)
    total = queries.blank_indicators()
    for indicators in by_village.values():
        for key in queries.COUNTS:
            total[key] += indicators[key]
        for topic, visits in indicators["visits_by_topic"].items():
            total["visits_by_topic"][topic] += visits
    return {
        "total": with_percentage(total),
        "villages": [{"village_id": v.id, "code": v.code, "name": v.name, **with_percentage(by_village[v.id])}
                     for v in villages],
    }


@blp.route("/coverage")
@requires("volunteer")
@blp.arguments(CoverageArgsSchema, location="query")
@blp.response(200, CoverageSchema)
def coverage(args):
    """Coverage indicators of the user's villages (or one village) for a period of local dates;
    an admin's cover every commune of the deployment."""
    if args["village_id"] is not None:
        checked_village(args["village_id"])
    span = queries.period(args["date_from"], args["date_to"], current_app.config["BABEL_DEFAULT_TIMEZONE"],
                          current_app.config["FIELDAPP_RETURN_AFTER_DAYS"])
    report = coverage_report(current_user, args["village_id"], span, across_communes=True)
    db.session.commit()  # the request's one unit of work: the village summaries it counted
    # The report is made of JSON types already, in CoverageSchema's shape (which documents it):
    # dumping thousands of villages through marshmallow again would cost more than the counting.
    return jsonify({"date_from": _iso(args["date_from"]), "date_to": _iso(args["date_to"]), **report})


@blp.route("/map")
@requires("volunteer")
@blp.arguments(VillageArgsSchema, location="query")
@blp.response(200, MapSchema)
def coverage_map(args):
    """Households of the user's villages as map points, with each village's covered share."""
    if args["village_id"] is not None:
        checked_village(args["village_id"])
    villages = db.session.scalars(queries.villages_in_scope(current_user, args["village_id"])).all()
    return map_data(current_user.commune_id, villages)


def barrier_report(user, village_id=None):
    """Barrier counts per village of the user's scope (one commune) and in total."""
    villages = db.session.scalars(queries.villages_in_scope(user, village_id)).all()
    counts = barrier_counts(user.commune_id, [village.id for village in villages])
    return {
        "total": {"barriers": totals(counts)},
        "villages": [{"village_id": v.id, "code": v.code, "name": v.name, "barriers": counts[v.id]}
                     for v in villages],
    }


@blp.route("/barriers")
@requires("volunteer")
@blp.arguments(VillageArgsSchema, location="query")
@blp.response(200, BarriersSchema)
def barriers(args):
    """Why households are not covered yet: per village, the households not covered whose
    latest met visit saw each barrier."""
    if args["village_id"] is not None:
        checked_village(args["village_id"])
    return barrier_report(current_user, args["village_id"])
