"""What every page template may use."""
from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from fieldapp.households.skills import BARRIERS, OUTCOMES, SKILLS, STATUSES

ROLE_LABELS = {
    "volunteer": _l("Team member"), "leader": _l("Team leader"),
    "officer": _l("Commune officer"), "admin": _l("Administrator"),
}


def _context():
    return {
        "lang": str(get_locale() or "vi"),
        "role_labels": ROLE_LABELS,
        "skill_labels": SKILLS,
        "status_labels": STATUSES,
        "outcome_labels": OUTCOMES,
        "barrier_labels": BARRIERS,
        "current_path": request.full_path.rstrip("?"),
        "user": current_user,
    }


def register_templating(app):
    app.context_processor(_context)
