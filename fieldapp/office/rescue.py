"""The page at /office/rescue: take in a phone's saved file (sync/rescue.py), without script."""
from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from fieldapp.core.permissions import requires
from fieldapp.extensions import db
from fieldapp.sync import rescue

bp = Blueprint("office_rescue", __name__, url_prefix="/office/rescue")
CHANGE_KINDS = {
    "household.upsert": _l("Household added or changed"),
    "household.deactivate": _l("Household marked inactive"),
    "member.upsert": _l("Member added or changed"),
    "member.delete": _l("Member removed"),
    "visit.create": _l("Visit recorded"),
}


def _refused(saved_ops, results):
    """The refused changes, numbered as in the file, with their messages."""
    refused = []
    for number, (op, outcome) in enumerate(zip(saved_ops, results, strict=True), start=1):
        if outcome["status"] != "rejected":
            continue
        kind = op.get("type") if isinstance(op, dict) else None
        messages = [str(message) for messages in outcome["errors"].values()
                    for message in (messages if isinstance(messages, list) else [messages])]
        refused.append({"number": number, "kind": CHANGE_KINDS.get(kind, kind or "—"),
                        "messages": messages})
    return refused


@bp.route("", methods=["GET", "POST"])
@requires("officer")
def start():
    if request.method == "GET":
        return render_template("office/rescue.html")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose the file the app saved first."), "error")
        return render_template("office/rescue.html"), 422
    data = upload.read(rescue.MAX_BYTES + 1)
    try:
        saved = rescue.read_saved_file(data)
        outcome = rescue.apply_saved(current_user, saved)
    except rescue.RescueError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return render_template("office/rescue.html"), 422
    return render_template("office/rescue_result.html", outcome=outcome, filename=upload.filename[-200:],
                           refused=_refused(saved["ops"], outcome["results"]))
