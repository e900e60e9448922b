"""The indicators a target may name: the report's own (counted by the app) and those the office
enters each month from the portals' evaluation system, which the app cannot see."""
from flask_babel import lazy_gettext as _l

from fieldapp.core.vocabulary import GROUPS

# Counted by the coverage report (API names of GET /api/v1/stats/coverage): the ones that grow
# as the work is done, so that a target is reached from below.
REPORTED = {
    "covered_pct": _l("Households covered (%)"),
    "covered": _l("Households covered (count)"),
    "visited": _l("Households visited"),
    "people_level2": _l("People with level 2 e-ID"),
    "people_capable": _l("People who use online public services"),
    "people_online_payment": _l("People who pay online"),
    "visits": _l("Guidance visits"),
    "desk_contacts": _l("People helped at the desk"),
    "desk_self_done": _l("People who did it themselves at the desk"),
    "sessions": _l("Sessions held"),
    "session_attendance": _l("Session attendance"),
    "organisations_covered": _l("Organisations and businesses covered"),
}

# Per group of members (core/vocabulary.py GROUPS): those with a portal account, as a count and
# as a share of the group's members ("100% đoàn viên thanh niên có tài khoản trên Cổng dịch vụ
# công"), named group.<key>.portal_account and group.<key>.portal_account_pct
# (targets.group_figures counts them).
GROUPED = {}
for _key, _group in GROUPS.items():
    GROUPED[f"group.{_key}.portal_account"] = _l("%(group)s with a portal account", group=_group)
    GROUPED[f"group.{_key}.portal_account_pct"] = _l("%(group)s with a portal account (%%)", group=_group)

# Entered by the office per month, in %, with their source.
ENTERED = {
    "online_dossier_rate": _l("Dossiers received online (%)"),
    "online_payment_rate": _l("Fees paid online (%)"),
    "satisfaction_rate": _l("Satisfaction (%)"),
    "services_from_home_rate": _l("Services used from home (%)"),
}

TARGETED = {**REPORTED, **GROUPED, **ENTERED}
