"""The province's communes side by side as JSON (supervisor, admin)."""
from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.core.permissions import PROVINCE, requires
from fieldapp.dashboard.queries import period
from fieldapp.extensions import db
from fieldapp.province.queries import commune_rows
from fieldapp.province.schemas import CommunesSchema, PeriodArgsSchema

blp = Blueprint("province_stats", __name__, url_prefix="/api/v1/stats",
                description="A province's communes side by side: counts only, never a household.")


@blp.route("/communes")
@requires(PROVINCE)
@blp.arguments(PeriodArgsSchema, location="query")
@blp.response(200, CommunesSchema)
def communes(args):
    """Each commune of the user's province (a supervisor's; an admin's commune's) with the
    coverage indicators of its own report for the period and its rank."""
    config = current_app.config
    span = period(args["date_from"], args["date_to"], config["BABEL_DEFAULT_TIMEZONE"],
                  config["FIELDAPP_RETURN_AFTER_DAYS"])
    items = commune_rows(current_user, span)
    db.session.commit()  # the request's one unit of work: the village summaries it counted
    return {"date_from": args["date_from"], "date_to": args["date_to"], "items": items}
