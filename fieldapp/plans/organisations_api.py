"""Organisations and businesses as JSON: the office records them and their steps; leaders read
their villages' (plans/organisations.py holds the rules)."""
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.accounts.schemas import NoBodySchema
from fieldapp.core.pagination import fetch_page
from fieldapp.core.permissions import requires
from fieldapp.dashboard.periods import local_today
from fieldapp.extensions import db
from fieldapp.places.queries import scoped_village_id
from fieldapp.plans import organisations
from fieldapp.plans.organisation_schemas import (
    OrganisationChangeSchema,
    OrganisationInSchema,
    OrganisationListArgsSchema,
    OrganisationPageSchema,
    OrganisationSchema,
)

blp = Blueprint("organisations", __name__, url_prefix="/api/v1/organisations",
                description="Organisations and businesses of the commune's villages, and their steps.")


@blp.route("", methods=["POST"])
@requires("officer")
@blp.arguments(OrganisationInSchema)
@blp.response(201, OrganisationSchema)
@blp.alt_response(422, description="Invalid fields, a village not of the commune, or a step in the future")
def add(data):
    """Record an organisation or business of a village of the commune, with the steps it has
    done (each the day it was done). Audited."""
    organisation = organisations.add_organisation(current_user, data, local_today())
    db.session.commit()
    return organisation


@blp.route("")
@requires("leader")
@blp.arguments(OrganisationListArgsSchema, location="query")
@blp.response(200, OrganisationPageSchema)
def list_organisations(args):
    """The organisations of the user's villages (officers: the commune's), by village and name;
    of one village or one kind when asked."""
    village_id = scoped_village_id(current_user, args["village_id"], households=True)
    statement = organisations.organisations_of(current_user, village_id, args["kind"])
    return fetch_page(statement, args["page"], args["per_page"])


@blp.route("/<id:organisation_id>", methods=["PATCH"])
@requires("officer")
@blp.arguments(OrganisationChangeSchema)
@blp.response(200, OrganisationSchema)
def change(changes, organisation_id):
    """Change the fields sent (only those): a step's day, or null to clear it; the contact; the
    name, kind or village. Audited with the names of the fields changed."""
    organisation = organisations.organisation_of(current_user, organisation_id)
    organisations.change_organisation(current_user, organisation, changes, local_today())
    db.session.commit()
    return organisation


@blp.route("/<id:organisation_id>", methods=["DELETE"])
@requires("officer")
@blp.response(204)
def remove(organisation_id):
    """Take the organisation off the list and the counts (kept, marked removed). Audited."""
    organisation = organisations.organisation_of(current_user, organisation_id)
    organisations.remove_organisation(current_user, organisation)
    db.session.commit()


@blp.route("/<id:organisation_id>/erase-contact", methods=["POST"])
@requires("officer")
@blp.arguments(NoBodySchema)
@blp.response(200, OrganisationSchema)
def erase_contact(_body, organisation_id):
    """Erase the contact person's name and phone on their request (the personal data law); the
    organisation and its steps stay, and stay counted. Audited."""
    organisation = organisations.organisation_of(current_user, organisation_id)
    organisations.erase_contact(organisation, current_user)
    db.session.commit()
    return organisation
