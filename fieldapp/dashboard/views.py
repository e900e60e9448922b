"""The team leader's pages at /leader."""
from flask import Blueprint, render_template

from fieldapp.core.permissions import requires

bp = Blueprint("dashboard", __name__, url_prefix="/leader")


@bp.route("")
@requires("leader")
def index():
    return render_template("dashboard/index.html")
