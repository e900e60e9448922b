"""The import page at /office/import: upload a household list, read the preview report, then
import it. The rows read wait in the database between the two steps, not the file
(office/models.py)."""
import re
import secrets

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from fieldapp.core.model import utcnow
from fieldapp.core.permissions import requires
from fieldapp.core.spreadsheet import XLSX, download, xlsx_bytes
from fieldapp.core.tabular import TableError
from fieldapp.extensions import db
from fieldapp.office.api import MAX_BYTES
from fieldapp.office.importer import HouseholdImportError, Row, import_rows, read_rows
from fieldapp.office.models import ImportUpload, drop_stale_uploads

bp = Blueprint("office_import", __name__, url_prefix="/office/import")
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
SHOWN_ROWS = 1000
ROW_STATUSES = {
    "rejected": _l("Refused"), "warning": _l("Imported with a warning"), "repaired": _l("Corrected"),
    "accepted": _l("Accepted"), "unchanged": _l("Unchanged"), "erased": _l("Erased on request"),
}


def _wants_json():
    """The page's script uploads with a progress bar and asks for JSON; a plain form gets pages."""
    return request.accept_mimetypes.best == "application/json"


def _refuse(message):
    if _wants_json():
        return jsonify(error=str(message)), 422
    flash(message, "error")
    return render_template("office/import.html", recent=_recent()), 422


def _recent():
    return db.session.scalars(
        select(ImportUpload).where(ImportUpload.commune_id == current_user.commune_id)
        .order_by(ImportUpload.created_at.desc()).limit(10)).all()


def _plain(report):
    """The report as JSON can keep it (messages are translated now, in the page's language)."""
    rows = [{"row": row["row"], "status": row["status"], "messages": [str(m) for m in row["messages"]]}
            for row in report["rows"]]
    return {**{key: value for key, value in report.items() if key != "rows"}, "rows": rows}


@bp.route("", methods=["GET", "POST"])
@requires("officer")
def start():
    if request.method == "GET":
        return render_template("office/import.html", recent=_recent())
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _refuse(_("Choose a CSV or Excel file first."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return _refuse(_("The file is larger than 10 MB."))
    filename = upload.filename[-200:]
    try:
        rows = read_rows(current_user.commune, data, filename)
        stored = [row.stored() for row in rows]  # as read: the import matches them again
        report = import_rows(current_user.commune, current_user, rows, filename, commit=False)
    except (TableError, HouseholdImportError) as exc:
        db.session.rollback()
        return _refuse(str(exc))
    drop_stale_uploads(utcnow())
    kept = ImportUpload(id=secrets.token_urlsafe(32), commune_id=current_user.commune_id,
                        user_id=current_user.id, filename=filename, rows=stored, report=_plain(report))
    db.session.add(kept)
    db.session.commit()
    location = url_for("office_import.show", token=kept.id)
    return jsonify(location=location) if _wants_json() else redirect(location)


def _upload(token):
    upload = db.session.get(ImportUpload, token) if TOKEN.fullmatch(token) else None
    if upload is None or upload.commune_id != current_user.commune_id:
        abort(404)
    return upload


@bp.route("/<token>")
@requires("officer")
def show(token):
    upload = _upload(token)
    status = request.args.get("status")
    rows = upload.report.get("rows", [])
    if status in ROW_STATUSES:
        rows = [row for row in rows if row["status"] == status]
    else:
        status = None
        rows = [row for row in rows if row["status"] not in ("accepted", "unchanged")]
    return render_template("office/import_report.html", upload=upload, report=upload.report, status=status,
                           rows=rows[:SHOWN_ROWS], more=max(0, len(rows) - SHOWN_ROWS),
                           row_statuses=ROW_STATUSES, expired=upload.rows is None and not upload.imported_at)


@bp.route("/<token>", methods=["POST"])
@requires("officer")
def commit(token):
    upload = _upload(token)
    if upload.imported_at is not None:
        flash(_("This file has already been imported."), "error")
        return redirect(url_for("office_import.show", token=upload.id))
    if upload.rows is None:
        flash(_("This upload has expired. Choose the file again."), "error")
        return redirect(url_for("office_import.start"))
    rows = [Row.from_stored(row) for row in upload.rows]
    report = import_rows(current_user.commune, current_user, rows, upload.filename,
                         record_erased_again=request.form.get("record_erased_again") == "1")
    upload.report, upload.rows, upload.imported_at = _plain(report), None, utcnow()
    db.session.commit()
    flash(_("Imported: %(accepted)s households written or kept, %(rejected)s rows refused.",
            accepted=report["accepted"], rejected=report["rejected"]), "success")
    return redirect(url_for("office_import.show", token=upload.id))


@bp.route("/<token>/report.xlsx")
@requires("officer")
def report_xlsx(token):
    upload = _upload(token)
    rows = [(row["row"], str(ROW_STATUSES.get(row["status"], row["status"])), " ".join(row["messages"]))
            for row in upload.report.get("rows", [])]
    data = xlsx_bytes(_("Import report"), [_("Row"), _("Result"), _("Messages")], rows,
                      heading=upload.filename)
    return download(data, f"bao-cao-nhap-{upload.created_at:%Y%m%d-%H%M}.xlsx", XLSX)
