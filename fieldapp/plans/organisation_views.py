"""The office's page of organisations and businesses: the list with their steps, a form to add
one, and one organisation's page to correct it, take it off the list or erase its contact
person; and the leader's page, the same list of their villages' organisations, read only.
Through the API's own schemas and services (plans/organisations.py). The lists are filtered by
village and kind and paged with core/pagination.py, with their counts."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from fieldapp.core.pagination import MAX_PAGE, count_of, fetch_page
from fieldapp.core.params import row_id, whole_number
from fieldapp.core.permissions import requires
from fieldapp.dashboard.periods import local_today
from fieldapp.dashboard.queries import villages_in_scope
from fieldapp.extensions import db
from fieldapp.places.queries import scoped_village_id, villages_of_commune
from fieldapp.plans import organisations
from fieldapp.plans.models import ORGANISATION_KINDS
from fieldapp.plans.organisation_schemas import OrganisationChangeSchema, OrganisationInSchema
from fieldapp.plans.views import _load, _run

bp = Blueprint("office_organisations", __name__, url_prefix="/office/organisations")
leader_bp = Blueprint("leader_organisations", __name__, url_prefix="/leader/organisations")
KINDS = {
    "agency": _l("Agency or public unit"),
    "enterprise": _l("Enterprise"),
    "household_business": _l("Household business"),
    "cooperative": _l("Cooperative"),
    "other": _l("Other organisation"),
}
assert tuple(KINDS) == ORGANISATION_KINDS
STEPS = {
    "account_on": _l("Organisation account"),
    "online_dossier_on": _l("Dossier filed online"),
    "online_payment_on": _l("Paid online"),
}
FIELDS = ("name", "kind", "village_id", "contact_name", "contact_phone", *STEPS)
PER_PAGE = 50


def _form_data():
    """The form's fields as the API reads them: every field, a blank one as null."""
    return {field: request.form.get(field, "").strip() or None for field in FIELDS}


def _villages():
    return db.session.scalars(villages_of_commune(current_user.commune_id)).all()


def _page(template, villages=None, **context):
    villages = _villages() if villages is None else villages
    return render_template(template, kinds=KINDS, steps=STEPS, villages=villages,
                           village_names={v.id: v.name for v in villages},
                           covered_on=organisations.covered_on, **context)


def _listing(endpoint):
    """One page of the organisations the user reads, as the address filters them (village_id,
    kind, page), with the count of all that match and of those covered. A village the user may
    not see is a 404 or 403, as in the API; an unknown kind or page is no filter, page 1."""
    village_id = scoped_village_id(current_user, row_id(request.args.get("village_id")), households=True)
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    page = whole_number(request.args.get("page"), 1, MAX_PAGE) or 1
    statement = organisations.organisations_of(current_user, village_id, kind)
    found = fetch_page(statement, page, PER_PAGE)
    covered = db.session.scalar(count_of(statement.where(organisations.covered_before(None))))
    return {"items": found["items"], "total": found["total"], "covered_count": covered, "page": page,
            "pages": max(1, -(-found["total"] // PER_PAGE)), "chosen_village": village_id,
            "chosen_kind": kind, "list_endpoint": endpoint}


@bp.route("", methods=["GET", "POST"])
@requires("officer")
def index():
    """The commune's organisations, by village and name, with their steps; a form to add one."""
    if request.method == "POST":
        data = _load(OrganisationInSchema, _form_data())
        if data is not None and _run(organisations.add_organisation, data, local_today()) is not None:
            flash(_("The organisation is saved."), "success")
            return redirect(url_for("office_organisations.index"))
    return _page("plans/organisations.html", today=local_today().isoformat(),
                 **_listing("office_organisations.index"))


@leader_bp.route("")
@requires("leader")
def leader_index():
    """The organisations of the leader's villages, with whether each is covered: read only."""
    villages = db.session.scalars(villages_in_scope(current_user)).all()
    return _page("plans/leader_organisations.html", villages=villages,
                 **_listing("leader_organisations.leader_index"))


@bp.route("/<id:organisation_id>", methods=["GET", "POST"])
@requires("officer")
def edit(organisation_id):
    organisation = organisations.organisation_of(current_user, organisation_id)
    if request.method == "POST":
        data = _load(OrganisationChangeSchema, _form_data())
        if data is not None and _run(organisations.change_organisation, organisation, data,
                                     local_today()) is not None:
            flash(_("The organisation is saved."), "success")
            return redirect(url_for("office_organisations.index"))
        db.session.refresh(organisation)
    return _page("plans/organisation.html", organisation=organisation, today=local_today().isoformat())


@bp.route("/<id:organisation_id>/remove", methods=["POST"])
@requires("officer")
def remove(organisation_id):
    organisation = organisations.organisation_of(current_user, organisation_id)
    organisations.remove_organisation(current_user, organisation)
    db.session.commit()
    flash(_("The organisation is taken off the list."), "success")
    return redirect(url_for("office_organisations.index"))


@bp.route("/<id:organisation_id>/erase-contact", methods=["POST"])
@requires("officer")
def erase_contact(organisation_id):
    organisation = organisations.organisation_of(current_user, organisation_id)
    organisations.erase_contact(organisation, current_user)
    db.session.commit()
    flash(_("The contact person's name and phone are erased."), "success")
    return redirect(url_for("office_organisations.edit", organisation_id=organisation.id))
