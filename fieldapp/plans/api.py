"""The plans' API: help at the desk, sessions, the office's monthly figures and targets.

Every write is the commune office's (officer and above) and lands in the user's own commune;
leaders read their commune's targets."""
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.core.permissions import requires
from fieldapp.dashboard.periods import local_today
from fieldapp.extensions import db
from fieldapp.plans import services, targets
from fieldapp.plans.queries import help_points_of
from fieldapp.plans.schemas import (
    DeskContactInSchema,
    DeskContactSchema,
    HelpPointInSchema,
    HelpPointListSchema,
    HelpPointSchema,
    IndicatorInSchema,
    IndicatorSchema,
    OutreachSessionInSchema,
    OutreachSessionSchema,
    TargetInSchema,
    TargetListSchema,
    TargetSchema,
)

blp = Blueprint("plans", __name__, url_prefix="/api/v1",
                description="What the commune plans count beyond the door: the desk, sessions, "
                            "monthly figures and targets.")


def _saved(write, data):
    """The office's write through its service (which audits it), committed as the request's one
    unit of work, and the row written, for the 201."""
    row = write(current_user, data)
    db.session.commit()
    return row


@blp.route("/desk", methods=["POST"])
@requires("officer")
@blp.arguments(DeskContactInSchema)
@blp.response(201, DeskContactSchema)
@blp.alt_response(422, description="Invalid fields, or a member not known in the commune")
def desk_contact(data):
    """Record a person or organisation helped at the one-stop desk. With `member_id`, the skills
    the person showed (the services they did themselves, online payment if they also paid
    online, rating if they rated) are ticked on that member through the phones' write path.
    Audited."""
    return _saved(services.record_desk_contact, data)


@blp.route("/sessions", methods=["POST"])
@requires("officer")
@blp.arguments(OutreachSessionInSchema)
@blp.response(201, OutreachSessionSchema)
@blp.alt_response(422, description="Invalid fields, or a village, user or member not of the commune")
def session(data):
    """Record a session held (conference, training, campaign day) in a village or for the whole
    commune, with the users rostered and the members who came. Audited."""
    return _saved(services.record_session, data)


@blp.route("/indicators", methods=["POST"])
@requires("officer")
@blp.arguments(IndicatorInSchema)
@blp.response(201, IndicatorSchema)
def indicator(data):
    """Enter a month's figure from the portals' evaluation system (online dossier rate, online
    payment rate, satisfaction, services used from home), in %, with its source. Entering the
    same month and indicator again replaces the value (`replaced` gives the old one). Audited."""
    return _saved(services.enter_indicator, data)


@blp.route("/targets", methods=["POST"])
@requires("officer")
@blp.arguments(TargetInSchema)
@blp.response(201, TargetSchema)
def set_target(data):
    """Set a target for the commune (`village_id` null) or one of its villages: reach `value` of
    `indicator` (one of the report's, or an entered one for the whole commune) by `due_on`. Its
    pace is measured from today and today's figure (docs/plans.md). Audited."""
    today = local_today()
    target = targets.set_target(current_user, data, today)
    db.session.commit()
    return targets.with_progress([target], targets.report_figures(current_user.commune_id),
                                 targets.entered_figures(current_user.commune_id), today)[0]


@blp.route("/targets")
@requires("leader")
@blp.response(200, TargetListSchema)
def list_targets():
    """The commune's targets, by deadline, each with today's `actual` figure, where the straight
    line from its start stands today (`expected`), and whether it is `on_track`."""
    return {"items": targets.targets_of(current_user.commune_id, local_today())}


@blp.route("/help-points", methods=["POST"])
@requires("officer")
@blp.arguments(HelpPointInSchema)
@blp.response(201, HelpPointSchema)
def add_help_point(data):
    """Add a help point of the commune (police post, post office, telecom shop, other), with its
    address and hours: the leaflets list it beside the commune's hotline. Audited."""
    return _saved(services.add_help_point, data)


@blp.route("/help-points")
@requires("volunteer")
@blp.response(200, HelpPointListSchema)
def list_help_points():
    """The commune's help points in use, by kind then name (public information)."""
    return {"items": db.session.scalars(help_points_of(current_user.commune_id)).all()}
