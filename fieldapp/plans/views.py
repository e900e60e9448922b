"""The office's pages for the plans: the desk's quick form (made for a tablet at the one-stop
desk) and the targets with their actual figures, beside the monthly figures entered."""
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import case, func, select

from fieldapp.core.errors import ApiError
from fieldapp.core.model import utcnow
from fieldapp.core.permissions import requires
from fieldapp.core.validation import localise
from fieldapp.core.vocabulary import SKILLS
from fieldapp.dashboard.periods import local_today
from fieldapp.extensions import db
from fieldapp.places.queries import villages_of_commune
from fieldapp.plans import services, targets
from fieldapp.plans.indicators import ENTERED, TARGETED
from fieldapp.plans.models import HELP_POINT_KINDS, DeskContact, EnteredIndicator, HelpPoint
from fieldapp.plans.organisations import organisations_of
from fieldapp.plans.queries import help_points_of
from fieldapp.plans.schemas import DeskContactInSchema, HelpPointInSchema, IndicatorInSchema, TargetInSchema

# Two blueprints, so that the office menu marks the one page open (office/_nav.html).
desk_bp = Blueprint("office_desk", __name__, url_prefix="/office/desk")
targets_bp = Blueprint("office_targets", __name__, url_prefix="/office/targets")
help_points_bp = Blueprint("office_help_points", __name__, url_prefix="/office/help-points")
DESK_SERVICES = ("vneid_level2", "vneid_login", "dvc_login", "dvc_submit", "online_payment", "rating",
                 "digital_signature")


def _load(schema, data):
    """The form's data through the API's own schema and service; None (and a message shown)
    when it is refused."""
    try:
        return schema().load(data)
    except ValidationError as error:
        _flash_fields(localise(error.normalized_messages()))
    return None


def _flash_fields(fields):
    for messages in fields.values():
        flash(messages[0] if isinstance(messages, list) and messages else str(messages), "error")


def _run(write, *args):
    try:
        result = write(current_user, *args)
    except ApiError as error:
        db.session.rollback()
        _flash_fields(error.fields or {"_": [error.description]})
        return None
    db.session.commit()
    return result


def _today_counts():
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    start = datetime.combine(local_today(), time.min, tzinfo=zone)
    contacts = db.session.scalars(
        select(DeskContact).where(DeskContact.commune_id == current_user.commune_id,
                                  DeskContact.helped_at >= start)
        .order_by(DeskContact.helped_at.desc(), DeskContact.id.desc()).limit(50)).all()
    total, self_done = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((DeskContact.self_done.is_(True), 1), else_=0)), 0))
        .where(DeskContact.commune_id == current_user.commune_id, DeskContact.helped_at >= start)).one()
    return contacts, total, self_done


@desk_bp.route("", methods=["GET", "POST"])
@requires("officer")
def desk():
    """One tap per answer, then Save: the person or organisation helped now, at the desk."""
    if request.method == "POST":
        form = request.form
        data = _load(DeskContactInSchema, {
            "helped_at": utcnow().isoformat(), "party": form.get("party", ""),
            "services": form.getlist("services"), "self_done": "self_done" in form,
            "paid_online": "paid_online" in form, "rated": "rated" in form,
            "organisation_id": form.get("organisation_id") or None})
        if data is not None and _run(services.record_desk_contact, data) is not None:
            flash(_("Saved. The desk has helped %(n)d today.", n=_today_counts()[1]), "success")
            return redirect(url_for("office_desk.desk"))
    contacts, total, self_done = _today_counts()
    # An organisation helped may be picked among the commune's: a link to its record, nothing more.
    choices = db.session.scalars(organisations_of(current_user)).all()
    villages = {village.id: village.name for village in _villages()}
    return render_template("plans/desk.html", services=DESK_SERVICES, skills=SKILLS, contacts=contacts,
                           total=total, self_done=self_done, organisations=choices, village_names=villages,
                           organisation_names={o.id: o.name for o in choices})


def _villages():
    return db.session.scalars(villages_of_commune(current_user.commune_id)).all()


def _number(text):
    """A number as typed in Vietnamese ("33,5") or English ("33.5"); the text itself otherwise,
    for the schema to refuse in words."""
    text = (text or "").strip().replace(" ", "")
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


@targets_bp.route("", methods=["GET", "POST"])
@requires("officer")
def index():
    """The commune's targets: actual figure against target, and whether the pace reaches it."""
    if request.method == "POST":
        form = request.form
        data = _load(TargetInSchema, {
            "village_id": form.get("village_id") or None, "indicator": form.get("indicator", ""),
            "value": _number(form.get("value")), "due_on": form.get("due_on", "")})
        if data is not None and _run(targets.set_target, data, local_today()) is not None:
            flash(_("The target is saved."), "success")
            return redirect(url_for("office_targets.index"))
    entered = db.session.scalars(select(EnteredIndicator).where(
        EnteredIndicator.commune_id == current_user.commune_id)
        .order_by(EnteredIndicator.month.desc(), EnteredIndicator.indicator).limit(48)).all()
    villages = _villages()
    items = targets.targets_of(current_user.commune_id, local_today())
    return render_template("plans/targets.html", items=items,
                           labels=TARGETED, entered_labels=ENTERED, villages=villages,
                           village_names={v.id: v.name for v in villages}, entered=entered,
                           this_month=local_today().strftime("%Y-%m"))


@targets_bp.route("/figures", methods=["POST"])
@requires("officer")
def enter_figure():
    """A month's figure from the portals' evaluation system; the same month again replaces it."""
    form = request.form
    data = _load(IndicatorInSchema, {
        "month": form.get("month", ""), "indicator": form.get("indicator", ""),
        "value": _number(form.get("value")), "source": form.get("source", "")})
    if data is not None and _run(services.enter_indicator, data) is not None:
        flash(_("The figure is saved."), "success")
    return redirect(url_for("office_targets.index"))


@help_points_bp.route("", methods=["GET", "POST"])
@requires("officer")
def help_points():
    """The commune's help points, as the leaflets print them, and a form to add one."""
    if request.method == "POST":
        form = request.form
        data = _load(HelpPointInSchema, {key: form.get(key, "") for key in ("kind", "name", "address")}
                     | {"hours": form.get("hours") or None})
        if data is not None and _run(services.add_help_point, data) is not None:
            flash(_("The help point is saved."), "success")
            return redirect(url_for("office_help_points.help_points"))
    return render_template("plans/help_points.html", kinds=HELP_POINT_KINDS,
                           points=db.session.scalars(help_points_of(current_user.commune_id)).all())


@help_points_bp.route("/<id:help_point_id>/remove", methods=["POST"])
@requires("officer")
def remove(help_point_id):
    point = db.session.get(HelpPoint, help_point_id)
    if point is None or point.removed or point.commune_id != current_user.commune_id:
        abort(404)
    services.remove_help_point(current_user, point)
    db.session.commit()
    flash(_("The help point is taken off the leaflets."), "success")
    return redirect(url_for("office_help_points.help_points"))
