"""Whether a target is on track: the pace rule of docs/plans.md.

A target is measured from its start: the day it was set and the actual figure that day. The
current pace is the progress since the start divided by the days since; it reaches the value by
the deadline exactly when today's figure stands at or above the straight line from
(start day, start figure) to (deadline, value) - which is how it is computed, with no division
by the days gone. On the start day itself nothing is behind yet; from the deadline on, only the
value itself will do.
"""
from datetime import date


def expected_on(today: date, starts_on: date, start_value: float, due_on: date, value: float) -> float:
    """Where the straight line from the start to the target stands on `today`."""
    if today >= due_on:
        return value
    if today <= starts_on:
        return start_value
    return start_value + (value - start_value) * (today - starts_on).days / (due_on - starts_on).days


def on_track(actual, today, starts_on, start_value, due_on, value):
    """True when the pace since the start reaches `value` by `due_on`; None when there is no
    actual figure to judge (an entered indicator never entered)."""
    if actual is None:
        return None
    return actual >= expected_on(today, starts_on, start_value, due_on, value) - 1e-9
