"""The audit log for the office: /office/audit (a page) and /office/audit/entries.csv, filtered
by user, action and local dates, newest first.

An officer reads the entries of their own commune; an admin reads every commune's, and also the
failed logins of unknown usernames, which belong to no commune.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import Blueprint, abort, current_app, render_template, request, stream_with_context
from flask_babel import force_locale, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.core import audit
from fieldapp.core.audit import AuditEntry
from fieldapp.core.pagination import count_of
from fieldapp.core.params import whole_number
from fieldapp.core.permissions import requires, sees_commune
from fieldapp.core.spreadsheet import csv_stream, defused, download
from fieldapp.core.templating import ROLE_LABELS, localtime
from fieldapp.dashboard.queries import period
from fieldapp.extensions import db

bp = Blueprint("office_audit", __name__, url_prefix="/office/audit")
PER_PAGE = 50
CHUNK = 500
DETAILS_MAX = 300
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)

ACTIONS = {
    "login": _l("Logged in"),
    "login_failed": _l("Login failed"),
    "logout": _l("Logged out"),
    "export": _l("Exported a list"),
    "import": _l("Imported a household list"),
    "assignment_changed": _l("Changed village assignments"),
    "conflict_resolved": _l("Resolved a conflict"),
    "campaign_created": _l("Created a campaign"),
    "user_created": _l("Created a user"),
    "user_changed": _l("Changed a user"),
    "password_reset": _l("Reset a password"),
    "user_deactivated": _l("Deactivated a user"),
    "user_reactivated": _l("Reactivated a user"),
    "device_revoked": _l("Revoked a user's phone"),
    "role_changed": _l("Changed a role"),
    "village_created": _l("Created a village"),
    "village_changed": _l("Changed a village"),
    "villages_imported": _l("Imported villages"),
    "consent_notice_published": _l("Published a consent notice"),
    "household_erased": _l("Erased a household's personal data"),
    "household_merged": _l("Merged a household recorded twice"),
    "household_access_export": _l("Exported a household's data on request"),
    "purge": _l("Purged personal data past retention"),
    "phones_reset": _l("Phones told to pull everything again (after a restore)"),
    "saved_file_taken_in": _l("Took in a phone's saved file"),
    "erased_recorded_again": _l("Recorded again households erased on request"),
    "desk_contact_recorded": _l("Recorded help at the desk"),
    "session_recorded": _l("Recorded a session"),
    "indicator_entered": _l("Entered a monthly figure"),
    "target_set": _l("Set a target"),
    "help_point_added": _l("Added a help point"),
    "help_point_removed": _l("Took a help point off the leaflets"),
    "report_issued": _l("Issued a report"),
    "organisation_added": _l("Recorded an organisation"),
    "organisation_changed": _l("Changed an organisation"),
    "organisation_removed": _l("Removed an organisation"),
    "organisation_contact_erased": _l("Erased an organisation's contact person"),
}
# AuditEntry.target_type is the target's class name in lower case.
TARGETS = {
    "user": _l("User"),
    "household": _l("Household"),
    "village": _l("Village"),
    "commune": _l("Commune"),
    "campaign": _l("Campaign"),
    "conflict": _l("Conflict"),
    "consentnotice": _l("Consent notice"),
    "importupload": _l("Imported file"),
    "deskcontact": _l("Desk contact"),
    "outreachsession": _l("Session"),
    "enteredindicator": _l("Monthly figure"),
    "target": _l("Plan target"),
    "helppoint": _l("Help point"),
    "issuedreport": _l("Issued report"),
    "organisation": _l("Organisation"),
}
def _a(text):
    return lazy_pgettext("audit", text)


# The keys the code writes into AuditEntry.details (and into their `filters`), as shown; in
# their own context ("audit"), as "Rows" or "Visits" read otherwise on other pages.
DETAILS = {
    "accepted": _a("Accepted"), "before": _a("Before"), "code": _a("Code"),
    "due": _a("Due for return"), "entity_id": _a("Record id"), "entity_type": _a("Record type"),
    "field": _a("Field"), "fields": _a("Fields"), "filename": _a("File"), "filters": _a("Filters"),
    "format": _a("Format"), "households": _a("Households"), "list": _a("List"), "members": _a("Members"),
    "new_role": _a("New role"), "old_role": _a("Old role"), "op_id": _a("Operation id"),
    "refused": _a("Refused"), "rejected": _a("Rejected"), "repaired": _a("Repaired"),
    "resolution": _a("Resolution"), "role": _a("Role"), "rows": _a("Rows"), "saved": _a("Saved"),
    "search": _a("Search"), "status": _a("Status"), "unchanged": _a("Unchanged"), "users": _a("Users"),
    "version": _a("Version"), "village_id": _a("Village"), "village_ids": _a("Villages"),
    "visits": _a("Visits"), "warnings": _a("Warnings"),
    # The plans' records (plans/services.py, plans/targets.py).
    "attendance": _a("Attendance"), "due_on": _a("Deadline"), "indicator": _a("Indicator"),
    "kind": _a("Kind"), "member_id": _a("Member"), "month": _a("Month"), "party": _a("Party"),
    "replaced": _a("Replaced"), "skills_ticked": _a("Skills ticked"), "value": _a("Value"),
    "volunteers": _a("Volunteers"),
    "number": _a("Number"), "period": _a("Period"),  # an issued report (plans/issued.py)
    "organisations": _a("Organisations"),  # a purge (office/personal_data.py)
}
ROLE_KEYS = {"role", "old_role", "new_role"}
CSV_HEADERS = ["Thời gian", "Người thực hiện", "Thao tác", "Mã thao tác", "Đối tượng", "Chi tiết"]


@dataclass
class Filters:
    """The filters read from the query string; unreadable ones are left out, with a message."""

    user_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    errors: list = field(default_factory=list)

    @property
    def query(self):
        """The readable filters as query-string values, for links that keep them."""
        values = {"user_id": self.user_id, "action": self.action, "date_from": self.date_from,
                  "date_to": self.date_to}
        return {key: str(value) for key, value in values.items() if value is not None}


@dataclass(frozen=True)
class Line:
    """One entry as the page and the CSV show it."""

    id: int
    at: datetime
    who: str
    action: str
    action_label: str
    target: str
    details: str


def _date(text):
    """A YYYY-MM-DD date, or None; far years are unreadable too (a day past 9999-12-31 is not
    a date Python can make)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def _whole_number(text):
    return whole_number(text, 1, 10**9 - 1)


def read_filters(args, viewer):
    filters = Filters()
    user_id = args.get("user_id", "")
    if user_id:
        number = _whole_number(user_id)
        user = db.session.get(User, number) if number is not None else None
        if user is None or not sees_commune(viewer, user.commune_id):
            filters.errors.append(_("Unknown user: showing every user."))
        else:
            filters.user_id = user.id
    action = args.get("action", "")
    if action:
        if action in ACTIONS:
            filters.action = action
        else:
            filters.errors.append(_("Unknown action: showing every action."))
    for name in ("date_from", "date_to"):
        text = args.get(name, "")
        if text:
            day = _date(text)
            if day is None:
                filters.errors.append(_("The date “%(date)s” could not be read (write it as "
                                        "YYYY-MM-DD): it is left out.", date=text[:40]))
            setattr(filters, name, day)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        filters.errors.append(_("The period ends before it starts."))
        filters.date_from = filters.date_to = None
    page = _whole_number(args.get("page", "1"))
    if page:
        filters.page = page
    else:
        filters.errors.append(_("Unknown page: showing the first page."))
    return filters


def audit_entries(viewer, user_id=None, action=None, date_from=None, date_to=None):
    """The entries `viewer` may read, newest first; the dates are local days, both included."""
    statement = select(AuditEntry)
    if viewer.role != "admin":
        # Entries of no commune (failed logins of unknown names) are for admins only.
        statement = statement.where(AuditEntry.commune_id == viewer.commune_id)
    if user_id is not None:
        statement = statement.where(AuditEntry.user_id == user_id)
    if action is not None:
        statement = statement.where(AuditEntry.action == action)
    span = period(date_from, date_to, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if span.start is not None:
        statement = statement.where(AuditEntry.at >= span.start)
    if span.end is not None:
        statement = statement.where(AuditEntry.at < span.end)
    return statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def users_of_commune(viewer):
    """The users the filter offers: those of the viewer's commune, deactivated ones too."""
    return (select(User).where(User.commune_id == viewer.commune_id)
            .order_by(User.full_name, User.username))


def _target_user(entry):
    return _whole_number(entry.target_id or "") if entry.target_type == "user" else None


def _user_ids(entries):
    ids = {entry.user_id for entry in entries} | {_target_user(entry) for entry in entries}
    return ids - {None}


def _people(entries):
    """{user id: "Full name (username)"} for everyone an entry names, in one query."""
    ids = _user_ids(entries)
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.full_name, User.username).where(User.id.in_(ids)))
    return {id_: f"{full_name} ({username})" if full_name else username for id_, full_name, username in rows}


def _label(key):
    return str(DETAILS.get(key, key))


def _value(value, key=None):
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)}={_value(item, k)}" for k, item in sorted(value.items()))
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in ROLE_KEYS and value in ROLE_LABELS:
        return str(ROLE_LABELS[value])
    return "—" if value is None else str(value)


def details_text(details):
    """The details as short "label: value" text in the reader's language (they hold ids and
    counts, not personal data)."""
    text = "; ".join(f"{_label(key)}: {_value(value, key)}" for key, value in sorted((details or {}).items()))
    return text if len(text) <= DETAILS_MAX else text[:DETAILS_MAX - 1] + "…"


def _target(entry, people):
    if not entry.target_type:
        return ""
    label = str(TARGETS.get(entry.target_type, entry.target_type))
    return f"{label}: {people.get(_target_user(entry), entry.target_id)}"


def _who(entry, people):
    if entry.user_id is not None:
        return people.get(entry.user_id, "—")
    return _("Unknown username") if entry.action == "login_failed" else "—"


def lines(entries):
    people = _people(entries)
    return [Line(id=entry.id, at=entry.at, who=_who(entry, people),
                 action=entry.action, action_label=str(ACTIONS.get(entry.action, entry.action)),
                 target=_target(entry, people), details=details_text(entry.details))
            for entry in entries]


def _filtered(filters):
    return audit_entries(current_user, filters.user_id, filters.action, filters.date_from, filters.date_to)


@bp.route("")
@requires("officer")
def index():
    filters = read_filters(request.args, current_user)
    statement = _filtered(filters)
    total = db.session.scalar(count_of(statement))
    pages = max(1, -(-total // PER_PAGE))
    filters.page = min(filters.page, pages)
    entries = db.session.scalars(statement.limit(PER_PAGE).offset((filters.page - 1) * PER_PAGE)).all()
    users = db.session.scalars(users_of_commune(current_user)).all()
    return render_template("office/audit.html", filters=filters, lines=lines(entries), total=total,
                           pages=pages, users=users, actions=ACTIONS)


@bp.route("/entries.csv")
@requires("officer")
def entries_csv():
    """The filtered log as CSV for Excel (UTF-8 with a BOM, Vietnamese headers, cells defused);
    the download is itself an export of the audit log."""
    filters = read_filters(request.args, current_user)
    if filters.errors:
        abort(400, " ".join(filters.errors))
    statement = _filtered(filters)
    entry = audit.record("export", current_user, format="csv", list="audit_log", filters=filters.query,
                         rows=db.session.scalar(count_of(statement)))
    db.session.commit()
    # The file holds the log as it was when asked for: not this download, nor what comes later.
    statement = statement.where(AuditEntry.id < entry.id)
    return download(stream_with_context(csv_stream(CSV_HEADERS, _csv_rows(statement), CHUNK)),
                    "nhat-ky-thao-tac.csv", "text/csv")


def _csv_rows(statement):
    entries = db.session.scalars(statement.execution_options(yield_per=CHUNK))
    for chunk in entries.partitions(CHUNK):
        with force_locale("vi"):  # the file is Vietnamese, whatever the screen's language
            rows = [[defused(value) for value in (
                localtime(line.at), line.who, line.action_label, line.action, line.target, line.details)]
                for line in lines(chunk)]
        yield from rows
