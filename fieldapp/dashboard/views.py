"""The team leader's pages at /leader: progress, volunteers, barriers and the households
blocked by one, assignments, conflicts, duplicates, the map and campaigns."""
import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.accounts.services import assign_villages
from fieldapp.core.errors import ApiError
from fieldapp.core.params import row_ids
from fieldapp.core.permissions import can_see_village, requires, scoped_village
from fieldapp.core.spreadsheet import XLSX, download, xlsx_bytes
from fieldapp.core.templating import day, localtime
from fieldapp.core.vocabulary import BARRIERS, STATUSES, TOPICS
from fieldapp.dashboard import queries
from fieldapp.dashboard.activity import volunteer_activity
from fieldapp.dashboard.barriers import blocked_by
from fieldapp.dashboard.campaigns import campaigns_for, create_campaign, uncovered
from fieldapp.dashboard.periods import CHOICES, chosen_period, local_today
from fieldapp.dashboard.reports import barrier_report, coverage_report
from fieldapp.dashboard.review import describe
from fieldapp.dashboard.trend import chart, weekly_covered
from fieldapp.extensions import db
from fieldapp.households.duplicates import duplicates_of, household_to_merge, merge, pair_details
from fieldapp.households.queries import return_date
from fieldapp.places.models import Campaign, Village
from fieldapp.places.services import PlaceError
from fieldapp.sync.conflicts import conflicts_for, resolve

bp = Blueprint("dashboard", __name__, url_prefix="/leader")
TREND_WEEKS = 12


@bp.route("")
@requires("leader")
def index():
    chosen, span = chosen_period(request.args)
    report = coverage_report(current_user, None, span)
    village_ids = [row["village_id"] for row in report["villages"]]
    today = local_today()
    points = weekly_covered(current_user.commune_id, village_ids, TREND_WEEKS, chosen.date_to or today,
                            current_app.config["BABEL_DEFAULT_TIMEZONE"], today)
    db.session.commit()  # the request's one unit of work: the village summaries it counted
    return render_template("dashboard/progress.html", report=report, chosen=chosen, choices=CHOICES,
                           topics=TOPICS, trend=chart(points, pad=48))


@bp.route("/volunteers")
@requires("leader")
def volunteers():
    chosen, span = chosen_period(request.args)
    villages = db.session.scalars(queries.villages_in_scope(current_user)).all()
    rows = volunteer_activity(current_user.commune_id, [v.id for v in villages], span)
    return render_template("dashboard/volunteers.html", rows=rows, chosen=chosen, choices=CHOICES)


@bp.route("/barriers")
@requires("leader")
def barriers():
    return render_template("dashboard/barriers.html", report=barrier_report(current_user), barriers=BARRIERS)


@bp.route("/barriers/<barrier>")
@requires("leader")
def blocked(barrier):
    """The households behind one count, to act on (e.g. a police session for level 2)."""
    if barrier not in BARRIERS:
        abort(404)
    villages = db.session.scalars(queries.villages_in_scope(current_user)).all()
    households = db.session.scalars(
        blocked_by(current_user.commune_id, [v.id for v in villages], barrier).limit(1000)).all()
    return render_template("dashboard/blocked.html", barrier=barrier, label=BARRIERS[barrier],
                           households=households, names={v.id: v.name for v in villages})


@bp.route("/assignments")
@requires("leader")
def assignments():
    villages = db.session.scalars(queries.villages_in_scope(current_user)).all()
    volunteers = db.session.scalars(
        select(User).where(User.commune_id == current_user.commune_id, User.role == "volunteer",
                           User.active.is_(True)).order_by(User.full_name, User.username)).all()
    return render_template("dashboard/assignments.html", villages=villages, volunteers=volunteers)


@bp.route("/assignments/<id:village_id>", methods=["POST"])
@requires("leader")
def assign(village_id):
    """The volunteers of one village, as ticked; their other villages stay as they are."""
    village = scoped_village(current_user, db.session.get(Village, village_id))
    chosen = row_ids(request.form.getlist("volunteer"))
    # The village's commune, not the caller's: an admin may assign in any commune (a user
    # only ever gets villages of their own commune).
    volunteers = db.session.scalars(
        select(User).where(User.commune_id == village.commune_id, User.role == "volunteer")).all()
    changed = 0
    for volunteer in volunteers:
        villages = {a.village_id: a.village for a in volunteer.assignments}
        if volunteer.id in chosen:
            villages[village.id] = village
        else:
            villages.pop(village.id, None)
        if set(villages) != set(volunteer.village_ids):
            assign_villages(volunteer, list(villages.values()), by=current_user)
            changed += 1
    db.session.commit()
    flash(_("%(village)s: %(n)s volunteers changed; their phones update at the next sync.",
            village=village.name, n=changed), "success")
    return redirect(url_for("dashboard.assignments"))


@bp.route("/conflicts")
@requires("leader")
def conflicts():
    rows = db.session.scalars(conflicts_for(current_user, "open").limit(200)).all()
    return render_template("dashboard/conflicts.html", conflicts=describe(rows))


def _carry_out(action, done, back_to):
    """A page's write through the API's service: committed and flashed as done, or rolled back
    with the service's own message; either way back to the list."""
    try:
        action()
        db.session.commit()
        flash(done, "success")
    except ApiError as error:
        db.session.rollback()
        flash(error.description, "error")
    return redirect(url_for(back_to))


@bp.route("/conflicts/<id:conflict_id>", methods=["POST"])
@requires("leader")
def resolve_conflict(conflict_id):
    keep = request.form.get("keep")
    if keep not in ("kept", "lost"):
        flash(_("Choose which value to keep."), "error")
        return redirect(url_for("dashboard.conflicts"))
    return _carry_out(lambda: resolve(current_user, conflict_id, keep), _("Conflict resolved."),
                      "dashboard.conflicts")


@bp.route("/duplicates")
@requires("leader")
def duplicates():
    """The likely duplicates of the leader's villages, side by side, each with a merge link."""
    items = duplicates_of(current_user)
    details = pair_details([h for item in items for h in item["records"]])
    names = {v.id: v.name for v in db.session.scalars(queries.villages_in_scope(current_user))}
    return render_template("dashboard/duplicates.html", items=items, details=details, village_names=names)


@bp.route("/duplicates/<uuid:household_id>/merge", methods=["GET", "POST"])
@requires("leader")
def merge_duplicate(household_id):
    """GET: the confirm step (this household goes into `into`); POST: the merge."""
    household = household_to_merge(current_user, household_id)  # 404 or 403 before anything
    source = request.form if request.method == "POST" else request.args
    try:
        into_id = uuid.UUID(source.get("into", ""))
    except ValueError:
        flash(_("Choose the household to keep."), "error")
        return redirect(url_for("dashboard.duplicates"))
    if request.method == "GET":
        try:
            into = household_to_merge(current_user, into_id, "into")
        except ApiError as error:
            flash(error.description, "error")
            return redirect(url_for("dashboard.duplicates"))
        details = pair_details([household, into])
        return render_template("dashboard/merge.html", household=household, into=into, details=details)
    return _carry_out(lambda: merge(current_user, household_id, into_id),
                      _("The two records are now one household; phones update at their next sync."),
                      "dashboard.duplicates")


@bp.route("/map")
@requires("leader")
def coverage_map():
    villages = db.session.scalars(queries.villages_in_scope(current_user)).all()
    return render_template("dashboard/map.html", villages=villages, statuses=STATUSES,
                           tile_url=current_app.config["FIELDAPP_TILE_URL"],
                           tile_attribution=current_app.config["FIELDAPP_TILE_ATTRIBUTION"])


@bp.route("/campaigns", methods=["GET", "POST"])
@requires("leader")
def campaigns():
    villages = db.session.scalars(queries.villages_in_scope(current_user)).all()
    form = request.form
    if request.method == "POST":
        chosen = sorted(row_ids(form.getlist("village")))
        try:
            campaign = create_campaign(current_user, form.get("name"), form.get("starts_on"),
                                       form.get("ends_on"), chosen)
            db.session.commit()
            flash(_("Campaign created."), "success")
            return redirect(url_for("dashboard.campaign", campaign_id=campaign.id))
        except PlaceError as error:
            db.session.rollback()
            flash(str(error), "error")
    return render_template("dashboard/campaigns.html", campaigns=campaigns_for(current_user),
                           villages=villages, form=form)


def _campaign(campaign_id):
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.commune_id != current_user.commune_id:
        abort(404)
    if not any(can_see_village(current_user, village) for village in campaign.villages):
        abort(403)
    return campaign


@bp.route("/campaigns/<id:campaign_id>")
@requires("leader")
def campaign(campaign_id):
    campaign = _campaign(campaign_id)
    return render_template("dashboard/campaign.html", campaign=campaign,
                           villages=uncovered(campaign, current_user), return_date=return_date)


@bp.route("/campaigns/<id:campaign_id>.xlsx")
@requires("leader")
def campaign_xlsx(campaign_id):
    campaign = _campaign(campaign_id)
    headers = [_("Village"), _("Household code"), _("Head of household"), _("Address"), _("Status"),
               _("Last visit"), _("Due for return")]
    rows = [(village.name, h.code, h.head_name, h.address, str(STATUSES.get(h.status, h.status)),
             localtime(h.last_visit_at) if h.last_visit_at else None, day(return_date(h)) or None)
            for village, households in uncovered(campaign, current_user) for h in households]
    heading = _("%(campaign)s, %(start)s – %(end)s: households not covered yet", campaign=campaign.name,
                start=day(campaign.starts_on), end=day(campaign.ends_on))
    data = xlsx_bytes(_("Not covered"), headers, rows, heading=heading)
    return download(data, f"{campaign.name} {campaign.starts_on:%Y-%m-%d}.xlsx", XLSX)
