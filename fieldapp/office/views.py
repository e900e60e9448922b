"""The commune office's pages at /office."""
from flask import Blueprint, render_template

from fieldapp.core.permissions import requires

bp = Blueprint("office", __name__, url_prefix="/office")


@bp.route("")
@requires("officer")
def index():
    return render_template("office/index.html")
