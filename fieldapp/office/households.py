"""The office's household pages: find a household, give it everything held about it (an access
request) or erase its personal data on request (DOMAIN.md, the personal data law)."""
import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fieldapp.core import audit
from fieldapp.core.pagination import count_of
from fieldapp.core.params import row_id, whole_number
from fieldapp.core.permissions import requires, scoped_village
from fieldapp.core.spreadsheet import download
from fieldapp.core.text import member_order
from fieldapp.extensions import db
from fieldapp.households.queries import household_in_commune, households_for, live_members
from fieldapp.office.personal_data import access_record, erase_household
from fieldapp.places.models import Village
from fieldapp.places.queries import villages_of_commune

bp = Blueprint("office_households", __name__, url_prefix="/office/households")
PER_PAGE = 50


def _page_number():
    return whole_number(request.args.get("page"), 1, 10**6 - 1) or 1


@bp.route("")
@requires("officer")
def index():
    q = (request.args.get("q") or "").strip()[:200]
    village_id = row_id(request.args.get("village_id"))
    village = (scoped_village(current_user, db.session.get(Village, village_id), households=True)
               if village_id else None)
    villages = db.session.scalars(villages_of_commune(current_user.commune_id)).all()
    statement = households_for(current_user, village.id if village else None, None, q)
    total = db.session.scalar(count_of(statement))
    page = _page_number()
    households = db.session.scalars(statement.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    names = {v.id: v.name for v in villages}
    return render_template("office/households.html", households=households, names=names, villages=villages,
                           village=village, q=q, page=page, total=total,
                           pages=max(1, -(-total // PER_PAGE)))


def _household(household_id):
    household = db.session.scalar(household_in_commune(current_user, household_id))
    if household is None:
        abort(404)
    village = scoped_village(current_user, db.session.get(Village, household.village_id), households=True)
    return household, village


@bp.route("/<uuid:household_id>")
@requires("officer")
def show(household_id):
    household, village = _household(household_id)
    members = sorted(db.session.scalars(live_members(household)), key=member_order)
    return render_template("office/household.html", household=household, village=village, members=members)


@bp.route("/<uuid:household_id>/data.json")
@requires("officer")
def data(household_id):
    """Everything held about the household, for its own access request; audited."""
    household, village = _household(household_id)
    record = access_record(household, village)
    audit.record("household_access_export", current_user, target=household)
    db.session.commit()
    body = json.dumps(record, ensure_ascii=False, indent=2)
    return download(body.encode(), f"ho-{household.code or household.id}.json", "application/json")


@bp.route("/<uuid:household_id>/erase", methods=["POST"])
@requires("officer")
def erase(household_id):
    household, _village = _household(household_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that the household asked for its data to be erased."), "error")
        return redirect(url_for("office_households.show", household_id=household.id))
    erase_household(household, current_user)
    db.session.commit()
    flash(_("The household's personal data was erased. Its anonymous counts stay in the reports; "
            "phones drop it at their next sync."), "success")
    return redirect(url_for("office_households.index"))

