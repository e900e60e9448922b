"""Villages in the user's scope."""
from flask_login import current_user
from flask_smorest import Blueprint

from fieldapp.core.permissions import requires, scoped_village
from fieldapp.extensions import db
from fieldapp.places.models import Village
from fieldapp.places.queries import villages_for
from fieldapp.places.schemas import VillageSchema

blp = Blueprint("villages", __name__, url_prefix="/api/v1/villages",
                description="The villages the user works in.")


@blp.route("")
@requires("volunteer")
@blp.response(200, VillageSchema(many=True))
def list_villages():
    """Villages the user may see: their own (volunteers, leaders) or the commune's (officers)."""
    return db.session.scalars(villages_for(current_user)).all()


@blp.route("/<id:village_id>")
@requires("volunteer")
@blp.response(200, VillageSchema)
def get_village(village_id):
    """One village; 404 outside the user's commune, 403 for another team's village."""
    return scoped_village(current_user, db.session.get(Village, village_id))
