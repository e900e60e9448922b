"""The consent notice at /office/consent: the current text, its earlier versions, and a form
to publish a new version (DOMAIN.md: a household's consent records the version it was shown)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.core import audit
from fieldapp.core.permissions import requires
from fieldapp.extensions import db
from fieldapp.office.scope import commune_args, communes_to_choose, office_commune
from fieldapp.places.consent import MAX_LENGTH, current_notice, publish_notice
from fieldapp.places.models import ConsentNotice

bp = Blueprint("office_consent", __name__, url_prefix="/office/consent")


def _history(commune_id):
    """Every published version, newest first, with who published it."""
    return db.session.execute(
        select(ConsentNotice, User.full_name, User.username)
        .outerjoin(User, User.id == ConsentNotice.created_by_id)
        .where(ConsentNotice.commune_id == commune_id)
        .order_by(ConsentNotice.version.desc())).all()


@bp.route("", methods=["GET", "POST"])
@requires("officer")
def index():
    commune = office_commune()
    text = ""
    if request.method == "POST":
        text = request.form.get("text", "")
        try:
            notice = publish_notice(commune.id, text, current_user)
        except ValueError:
            db.session.rollback()
            flash(_("The notice needs a text of 1 to %(n)d characters.", n=MAX_LENGTH), "error")
        else:
            audit.record("consent_notice_published", current_user, target=notice, commune_id=commune.id,
                         version=notice.version)
            db.session.commit()
            flash(_("Version %(version)d of the notice is published. Volunteers' phones show it from "
                    "their next sync.", version=notice.version), "success")
            return redirect(url_for("office_consent.index", **commune_args(commune)))
    return render_template("office/consent.html", commune=commune, current=current_notice(commune.id),
                           history=_history(commune.id), text=text, max_length=MAX_LENGTH,
                           communes=communes_to_choose(), scope=commune_args(commune))
