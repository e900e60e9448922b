"""The coverage rule and the return-visit rule of DOMAIN.md: pure functions, mirrored by
static/app/coverage.js."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


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


# --- Return visits (DOMAIN.md) -----------------------------------------------------------------
# The SQL that lists and counts households due is households/queries.py's due_for_return, which
# reads the same fields from the household row (its latest visit's time, outcome and date).

OFF_THE_QUEUE = ("covered", "inactive")


def local_date(visited_at, zone_name):
    """The date of a visit in the commune's time zone: the day the volunteer knocked."""
    return _instant(visited_at).astimezone(ZoneInfo(zone_name)).date()


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def return_due_on(status, visits, after_days, zone_name):
    """The date a household is due for a return visit from, or None when it is not on the queue.

    `status` is the household's (household_status above), `visits` (visited_at, outcome,
    next_visit_on) triples. A household neither covered nor inactive whose latest visit is
    `not_home` or carries a next_visit_on is due from that date, or without one from the
    visit's local date + `after_days` (FIELDAPP_RETURN_AFTER_DAYS). Of two visits at the same
    instant the first listed counts, as in household_status.
    """
    if status in OFF_THE_QUEUE or not visits:
        return None
    at, outcome, next_on = max(((_instant(at), outcome, next_on) for at, outcome, next_on in visits),
                               key=lambda visit: visit[0])
    if next_on:
        return _day(next_on)
    if outcome == "not_home":
        return local_date(at, zone_name) + timedelta(days=after_days)
    return None


def is_due(due_on, today):
    """Due on `today` (a local date): its return date is that day or earlier."""
    return due_on is not None and due_on <= today
