"""The shared words of DOMAIN.md: the roles, the skill ladder, the groups, the lessons, visit outcomes,
household statuses, barriers and consent answers, as stable keys with translated labels.

Every feature (forms, sync, reports, exports, guides) and the templates read them from here, in
core, so that no feature reaches into another for a word; static/app/i18n/*.js hold the same
keys for the volunteer app.
"""
from flask_babel import lazy_gettext as _l

# Lowest first: a role may do all that the ones before it may (core/permissions.py, RANK).
ROLES = ("volunteer", "leader", "officer", "admin")
# Outside that ladder: a province's supervisor sees its communes' figures side by side and gets
# none of the rights above (no household, member, visit or other personal data).
SUPERVISOR = "supervisor"

SKILLS = {
    "vneid_installed": _l("VNeID app installed"),
    "vneid_level2": _l("Level 2 e-ID account activated"),
    "vneid_login": _l("Logs in to VNeID unaided"),
    "dvc_login": _l("Logs in to the public service portal unaided"),
    "dvc_submit": _l("Submits an application online unaided"),
    "online_payment": _l("Pays fees online unaided"),
    "rating": _l("Rates satisfaction with a service"),
    "cyber_safety": _l("Knows how to avoid online scams"),
    "digital_signature": _l("Has and uses a personal digital signature"),
}

# The groups a member may belong to (DOMAIN.md, "Beyond the door"): the plans name them first
# (officials go first, every youth-union member with a portal account). A column each on the
# member, synced and merged like the skills.
GROUPS = {
    "official": _l("Official (cadre, civil servant)"),
    "youth_union": _l("Youth union member"),
    "association": _l("Association member"),
    "student": _l("Pupil or student"),
    "team_member": _l("Digital technology team member"),
}

# A member "has a portal account" (the plans: "có tài khoản trên Cổng dịch vụ công quốc gia")
# when they log in to the national public service portal: the groups' figures count this skill.
PORTAL_ACCOUNT_SKILL = "dvc_login"

DEFAULT_COVERAGE_RULE = ("vneid_level2", "vneid_login", "dvc_login", "dvc_submit")

# What a visit taught: lesson names, one per skill (same keys) plus the leaflets, never the
# skill's own wording (a lesson on installing VNeID is not "VNeID app installed").
TOPICS = {
    "vneid_installed": _l("Installing VNeID"),
    "vneid_level2": _l("Activating level 2 e-ID"),
    "vneid_login": _l("Logging in to VNeID"),
    "dvc_login": _l("Logging in to the public services portal"),
    "dvc_submit": _l("Submitting an application online"),
    "online_payment": _l("Paying fees online"),
    "rating": _l("Rating satisfaction"),
    "cyber_safety": _l("Avoiding online scams"),
    "digital_signature": _l("Using a digital signature"),
    "materials": _l("Handing over leaflets"),
}

OUTCOMES = {
    "met": _l("Met"),
    "not_home": _l("Not home"),
    "refused": _l("Refused"),
}

STATUSES = {
    "unvisited": _l("Not visited"),
    "not_home": _l("Not home"),
    "refused": _l("Refused"),
    "in_progress": _l("In progress"),
    "covered": _l("Covered"),
    "inactive": _l("Inactive"),
}

BARRIERS = {
    "no_smartphone": _l("No smartphone"),
    "no_chip_id": _l("No chip ID card yet"),
    "level2_pending": _l("Level 2 e-ID not approved yet (needs the commune police)"),
    "forgot_credentials": _l("Forgot password or passcode"),
    "elderly_or_disabled": _l("Elderly or disabled, needs someone to help"),
    "low_literacy": _l("Limited reading, writing or Vietnamese"),
    "no_signal": _l("No phone signal or network"),
    "away_for_work": _l("Away for work"),
    "not_interested": _l("Not interested yet"),
}

CONSENT = ("given", "declined", "not_asked")


def parse_rule(text):
    """Parse FIELDAPP_COVERAGE_RULE ("a,b,c") into a tuple of known skill keys.

    An unknown key is a configuration mistake that would silently make nobody capable,
    so it stops the app instead.
    """
    keys = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    unknown = [k for k in keys if k not in SKILLS]
    if unknown or not keys:
        raise ValueError(
            f"FIELDAPP_COVERAGE_RULE must list skill keys from {', '.join(SKILLS)}; got {text!r}"
        )
    return keys
