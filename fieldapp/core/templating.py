"""What every page template may use."""
from datetime import date

from flask import request
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from fieldapp.core.vocabulary import BARRIERS, OUTCOMES, SKILLS, STATUSES, TOPICS

ROLE_LABELS = {
    "volunteer": _l("Team member"), "leader": _l("Team leader"),
    "officer": _l("Commune officer"), "admin": _l("Administrator"),
    "supervisor": _l("Province supervisor"),
}


def _context():
    return {
        "lang": str(get_locale() or "vi"),
        "role_labels": ROLE_LABELS,
        "skill_labels": SKILLS,
        "topic_labels": TOPICS,
        "status_labels": STATUSES,
        "outcome_labels": OUTCOMES,
        "barrier_labels": BARRIERS,
        "current_path": request.full_path.rstrip("?"),
        "user": current_user,
    }


def localtime(moment):
    """A time as people of the deployment read it: their zone, day first."""
    return format_datetime(moment, "dd/MM/yyyy HH:mm")


def day(value):
    """A date as officials write it: dd/mm/yyyy (ISO stays in the API and the forms' values);
    an ISO date string too, as frozen report figures hold them."""
    if isinstance(value, str) and value:
        value = date.fromisoformat(value)
    return format_date(value, "dd/MM/yyyy") if value else ""


def day_month(value):
    """A date within a year shown beside it, as on a chart's axis: dd/mm."""
    return format_date(value, "dd/MM") if value else ""


def number(value):
    """A count or a measure in the user's language: 1.234,5 in Vietnamese, 1,234.5 in English."""
    return "" if value is None else format_decimal(value, "#,##0.###")


def percent(value):
    """A share already in percent, one decimal, the sign as the language writes it: Vietnamese
    documents write "29,6%" (decimal comma, no space, as CLDR's vi pattern), English "29.6%"."""
    return "" if value is None else format_percent(value / 100, "#,##0.0%")


def register_templating(app):
    app.context_processor(_context)
    for helper in (localtime, day, day_month, number, percent):
        app.add_template_filter(helper)
