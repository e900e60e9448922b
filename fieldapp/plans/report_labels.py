"""The words of an issued report, shared by its page and its Word file (which is always in
Vietnamese, whatever the screen's language: the report goes upward)."""
from flask_babel import lazy_gettext as _l

from fieldapp.core.vocabulary import GROUPS
from fieldapp.dashboard.queries import covered_percent

# The overall results, in the order the report lists them (API names of the coverage report).
FIGURES = {
    "households": _l("Households"),
    "visited": _l("Households visited"),
    "covered": _l("Households with at least one person using VNeID and online public services"),
    "covered_pct": _l("Households covered (%)"),
    "people_level2": _l("People with level 2 e-ID"),
    "people_capable": _l("People who use online public services"),
    "people_online_payment": _l("People who pay online"),
    "visits": _l("Guidance visits"),
    "knocks": _l("Visits to households (not home and refused included)"),
    "due_for_return": _l("Households due for a return visit"),
    "desk_contacts": _l("People helped at the desk"),
    "desk_self_done": _l("People who did it themselves at the desk"),
    "sessions": _l("Sessions held"),
    "session_attendance": _l("Session attendance"),
    "organisations": _l("Organisations and businesses"),
    "organisations_covered": _l("Organisations and businesses covered"),
}
# The columns of the table by village, with the short headings a page or an A4 sheet has room for.
VILLAGE_COLUMNS = {
    "households": _l("Households"),
    "visited": _l("Visited"),
    "covered": _l("Covered"),
    "covered_pct": _l("Covered (%)"),
    "people_level2": _l("Level 2"),
    "people_capable": _l("Capable people"),
    "visits": _l("Visits"),
    "desk_contacts": _l("Desk"),
    "sessions": _l("Sessions"),
    "session_attendance": _l("Attendance"),
}
DESK = {
    "contacts": _l("People helped at the desk"),
    "self_done": _l("People who did it themselves at the desk"),
    "paid_online": _l("Paid online"),
    "rated": _l("Guided to rate their satisfaction"),
    "organisations": _l("Organisations and businesses"),
}
# The table by group: each group's members and those with a portal account (the skill dvc_login).
GROUP_COLUMNS = {
    "members": _l("Members of the group"),
    "portal_account": _l("With a portal account"),
    "portal_account_pct": _l("With a portal account (%)"),
}
SESSION_KINDS = {
    "conference": _l("Conference"),
    "training": _l("Training"),
    "campaign_day": _l("Campaign day"),
}


def period_label(kind, key):
    """The period as a report's title names it: "tháng 03/2026", "quý I/2026", "6 tháng đầu năm
    2026", "năm 2026"."""
    year = key[:4]
    if kind == "month":
        return _l("month %(month)s/%(year)s", month=key[5:7], year=year)
    if kind == "quarter":
        roman = ("I", "II", "III", "IV")[int(key[-1]) - 1]
        return _l("quarter %(quarter)s/%(year)s", quarter=roman, year=year)
    if kind == "half":
        return (_l("the first six months of %(year)s", year=year) if key.endswith("1")
                else _l("the last six months of %(year)s", year=year))
    return _l("the year %(year)s", year=year)


def by_group(groups):
    """The figures' `groups` as the table "by group" lists them, in GROUPS' order: each group's
    label, members, those with a portal account and their share in % (as targets count it).
    Reports issued before the groups were counted have none: no row."""
    rows = []
    for key, label in GROUPS.items():
        counts = (groups or {}).get(key)
        if counts is not None:
            rows.append({"key": key, "label": label, "members": counts["members"],
                         "portal_account": counts["portal_account"],
                         "portal_account_pct": covered_percent(counts["portal_account"], counts["members"])})
    return rows
