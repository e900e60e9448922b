"""The coverage rule of DOMAIN.md: one pure function, mirrored by static/app/coverage.js."""
from datetime import datetime


def is_capable(skills, rule):
    """A person is capable when they hold every skill of the rule."""
    return set(rule) <= set(skills)


def _instant(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def household_status(inactive, members, visits, rule):
    """Derive a household's status.

    `members` is an iterable of skill collections, `visits` of (visited_at, outcome) pairs,
    where visited_at is an aware datetime or an ISO 8601 string. The first that holds wins:
    inactive, covered, unvisited, then the latest visit's outcome (met means in progress).
    """
    if inactive:
        return "inactive"
    if any(is_capable(skills, rule) for skills in members):
        return "covered"
    visits = [(_instant(at), outcome) for at, outcome in visits]
    if not visits:
        return "unvisited"
    _, outcome = max(visits, key=lambda visit: visit[0])
    return "in_progress" if outcome == "met" else outcome
