"""Taking in a phone's saved file at the office: the work a volunteer could not send (a lost
connection, a disabled account, a revoked phone), saved by the app as
`{device_id, username, saved_at, ops}` (static/app/db.js, `pendingWork`).

The operations go through the push path as the volunteer named in the file, not as the officer
who uploads it: visits are credited to the volunteer and checked against the volunteer's
villages. Operations already applied come back as duplicates, so a file taken in twice changes
nothing the second time. The officer is recorded in the audit log.
"""
import json

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from fieldapp.accounts.services import find_user
from fieldapp.core import audit
from fieldapp.core.permissions import sees_commune
from fieldapp.core.validation import localise
from fieldapp.extensions import db
from fieldapp.sync import services

MAX_BYTES = 10 * 1024 * 1024
# A phone offline for weeks keeps more than one push's worth: the file is applied in pushes of
# services.MAX_OPS operations, up to this many in all.
MAX_OPS = 10 * services.MAX_OPS
DEVICE_UNKNOWN = "saved-file"
STATUSES = ("applied", "duplicate", "rejected")


class RescueError(ValueError):
    """The file cannot be taken in; the message says why, for the officer. Nothing was written."""


class SavedFileSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # a newer app may add keys; they are ignored, never stored

    device_id = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=100))
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    saved_at = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=40))
    ops = fields.List(fields.Raw(allow_none=True), required=True)


SAVED_FILE = SavedFileSchema()


def read_saved_file(data):
    """The saved file's content, checked for shape (each operation is checked when applied)."""
    if len(data) > MAX_BYTES:
        raise RescueError(_l("The file is larger than 10 MB."))
    try:
        content = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RescueError(_l("This is not a file saved by the app (it is not readable JSON).")) from None
    if not isinstance(content, dict):
        raise RescueError(_l("This is not a file saved by the app."))
    try:
        saved = SAVED_FILE.load(content)
    except ValidationError as exc:
        problems = "; ".join(f"{key}: {' '.join(map(str, value)) if isinstance(value, list) else value}"
                             for key, value in localise(exc.normalized_messages()).items())
        raise RescueError(_l("This is not a file saved by the app (%(problems)s).",
                             problems=problems)) from None
    if len(saved["ops"]) > MAX_OPS:
        raise RescueError(_l("The file holds %(count)d changes; at most %(most)d are taken in at once.",
                             count=len(saved["ops"]), most=MAX_OPS))
    return saved


def named_user(uploader, username):
    """The volunteer the file belongs to: a user of a commune the uploader runs."""
    user = find_user(username) if isinstance(username, str) else None
    if user is None or user.commune_id is None or not sees_commune(uploader, user.commune_id):
        # One answer for both: an officer learns nothing about other communes' accounts.
        raise RescueError(_l("The file names the user %(username)s, who is not a user of your commune.",
                             username=str(username)[:80]))
    return user


def take_in(uploader, data):
    """Apply a saved file as its volunteer; return {user_id, username, device_id, results, summary}."""
    return apply_saved(uploader, read_saved_file(data))


def apply_saved(uploader, saved):
    """Apply a saved file read by read_saved_file.

    Each push-sized part is committed on its own, as an import is: the push path's fallback for
    an unforeseen constraint rolls the session back, which must not undo the parts before.
    """
    user = named_user(uploader, saved["username"])
    device_id = saved["device_id"] or DEVICE_UNKNOWN
    ops, results = saved["ops"], []
    # Not a sync of the volunteer's phone: their last sync (services.note_sync) stays as it was.
    for start in range(0, len(ops), services.MAX_OPS):
        results.extend(services.push(user, device_id, ops[start:start + services.MAX_OPS]))
        db.session.commit()
    summary = {status: sum(r["status"] == status for r in results) for status in STATUSES}
    audit.record("saved_file_taken_in", uploader, target=user, commune_id=user.commune_id,
                 device_id=device_id, ops=len(ops), **summary)
    db.session.commit()
    return {"user_id": user.id, "username": user.username, "device_id": device_id,
            "results": results, "summary": summary}
