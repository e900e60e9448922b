"""An issued report as it is read: its printable page and its Word file. The office's pages
(issued_views.py) and the province's (province/views.py) show the same page and file."""
from zoneinfo import ZoneInfo

from flask import current_app, render_template

from fieldapp.accounts.models import User
from fieldapp.core.spreadsheet import download
from fieldapp.core.vocabulary import BARRIERS
from fieldapp.extensions import db
from fieldapp.plans.indicators import TARGETED
from fieldapp.plans.report_labels import (
    DESK,
    FIGURES,
    GROUP_COLUMNS,
    SESSION_KINDS,
    VILLAGE_COLUMNS,
    by_group,
    period_label,
)
from fieldapp.plans.word import DOCX, report_docx


def report_labels():
    return {"figures": FIGURES, "columns": VILLAGE_COLUMNS, "desk": DESK, "kinds": SESSION_KINDS,
            "targeted": TARGETED, "barriers": BARRIERS, "group_columns": GROUP_COLUMNS, "by_group": by_group}


def render_issued(report, nav, back, docx_url):
    """An issued report's printable page: `nav` the template of the page's menu (None: none),
    `back` (address, label) of the list it is read from, `docx_url` its Word file. The office
    and the province read the same page."""
    issuer = db.session.get(User, report.issued_by_id) if report.issued_by_id else None
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return render_template("plans/report.html", report=report, figures=report.figures, labels=report_labels(),
                           issuer=issuer, title=period_label(report.kind, report.period),
                           issued_on=report.issued_at.astimezone(zone).date(), nav=nav, back=back,
                           docx_url=docx_url)


def download_issued(report):
    """An issued report as a Word document, numbers as issued."""
    issuer = db.session.get(User, report.issued_by_id) if report.issued_by_id else None
    data = report_docx(report, issuer.full_name or issuer.username if issuer else "")
    return download(data, f"bao-cao-{report.number.replace('/', '-')}.docx", DOCX)
