"""Writes on households, members and visits that every input path shares."""
from flask import current_app

from fieldapp.core.text import fold
from fieldapp.households.coverage import household_status, is_capable
from fieldapp.households.matching import match_key


def coverage_rule():
    return current_app.config["FIELDAPP_COVERAGE_RULE"]


def search_text(household, live_members):
    """The folded text `q` searches: head name, address, code, phone and member names."""
    parts = (household.head_name, household.address, household.code, household.phone,
             *(m.full_name for m in live_members))
    return " ".join(fold(part) for part in parts if part)


def _set(row, attribute, value):
    if getattr(row, attribute) != value:  # an unchanged row takes no new seq
        setattr(row, attribute, value)


def derive(household, live_members):
    """Store what the coverage rule derives: each member's `capable`, the household's `status`
    (from its stored latest visit) and its search text. Return the status."""
    rule = coverage_rule()
    for member in live_members:
        _set(member, "capable", is_capable(member.skills, rule))
    latest = [(household.last_visit_at, household.last_outcome)] if household.last_visit_at else []
    _set(household, "status",
         household_status(household.inactive, [m.skills for m in live_members], latest, rule))
    _set(household, "search_text", search_text(household, live_members))
    _set(household, "match_name", match_key(household.head_name))
    _set(household, "match_address", match_key(household.address))
    return household.status


def refresh_derived(household, members, visits):
    """Set the latest visit and return date from all the visits, then derive (seeding, imports)."""
    latest = max(visits, key=lambda v: v.visited_at, default=None)
    household.last_visit_at = latest.visited_at if latest else None
    household.last_outcome = latest.outcome if latest else None
    household.next_visit_on = latest.next_visit_on if latest else None
    return derive(household, [m for m in members if not m.deleted])
