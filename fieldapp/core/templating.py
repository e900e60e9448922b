"""What every page template may use."""
from flask import request
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from fieldapp.households.skills import BARRIERS, OUTCOMES, SKILLS, STATUSES, TOPICS

ROLE_LABELS = {
    "volunteer": _l("Team member"), "leader": _l("Team leader"),
    "officer": _l("Commune officer"), "admin": _l("Administrator"),
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


def register_templating(app):
    app.context_processor(_context)
    app.add_template_filter(localtime)
