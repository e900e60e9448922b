"""The office's villages at /office/villages: list, create, edit, and import a CSV or XLSX list.

Villages are synced rows: every change is stamped with the commune's next seq on flush, so
phones get it at their next pull.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fieldapp.core import audit
from fieldapp.core.permissions import requires
from fieldapp.core.tabular import TableError
from fieldapp.extensions import db
from fieldapp.office.scope import commune_args, communes_to_choose, office_commune, seen
from fieldapp.places import services
from fieldapp.places.models import Village
from fieldapp.places.queries import villages_of_commune

bp = Blueprint("office_villages", __name__, url_prefix="/office/villages")
MAX_BYTES = 5 * 1024 * 1024
FIELDS = ("code", "name", "lat", "lon", "planned_households")


def _form_values():
    return {field: request.form.get(field, "") for field in FIELDS}


def _list_page(commune, status=200, result=None):
    villages = db.session.scalars(villages_of_commune(commune.id)).all()
    page = render_template("office/villages.html", commune=commune, villages=villages, result=result,
                           communes=communes_to_choose(), scope=commune_args(commune))
    return page, status


@bp.route("")
@requires("officer")
def index():
    return _list_page(office_commune())


@bp.route("/new", methods=["GET", "POST"])
@requires("officer")
def new():
    commune = office_commune()
    values = dict.fromkeys(FIELDS, "")
    if request.method == "POST":
        values = _form_values()
        try:
            village = services.create_village(current_user, commune, **values)
            db.session.commit()
        except services.PlaceError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The village %(name)s was created.", name=village.name), "success")
            return redirect(url_for("office_villages.index", **commune_args(commune)))
    return render_template("office/village_form.html", commune=commune, village=None, values=values,
                           scope=commune_args(commune))


@bp.route("/<id:village_id>", methods=["GET", "POST"])
@requires("officer")
def edit(village_id):
    village = seen(db.session.get(Village, village_id))
    if village.deleted:
        abort(404)
    values = {field: "" if getattr(village, field) is None else getattr(village, field) for field in FIELDS}
    if request.method == "POST":
        values = _form_values()
        try:
            changed = services.change_village(current_user, village, **values)
            db.session.commit()
        except services.PlaceError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The village %(name)s was saved.", name=village.name) if changed
                  else _("Nothing was changed."), "success")
            return redirect(url_for("office_villages.index", **commune_args(village.commune)))
    return render_template("office/village_form.html", commune=village.commune, village=village,
                           values=values, scope=commune_args(village.commune))


@bp.route("/import", methods=["POST"])
@requires("officer")
def import_file():
    """Create or update the villages of a table; the page lists the rows it refused."""
    commune = office_commune()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose a CSV or Excel (XLSX) file."), "error")
        return _list_page(commune, 400)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        flash(_("The file is larger than 5 MB."), "error")
        return _list_page(commune, 413)
    try:
        saved, refused = services.import_villages(commune, data, upload.filename)
    except (TableError, services.PlaceError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return _list_page(commune, 422)
    audit.record("villages_imported", current_user, commune_id=commune.id, saved=len(saved),
                 refused=len(refused))
    db.session.commit()
    return _list_page(commune, result={"saved": len(saved), "refused": refused})
