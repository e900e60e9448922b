"""The pace rule of targets (plans/pace.py): on track when today's figure stands on or above the
straight line from the start to the target, which is when the pace since the start, kept up,
reaches the target by its deadline."""
from datetime import date, timedelta

import pytest

from fieldapp.plans.pace import expected_on, on_track

START, DUE = date(2026, 1, 1), date(2026, 12, 31)  # 364 days


@pytest.mark.parametrize("today, expected", [
    (START, 40.0),
    (START - timedelta(days=3), 40.0),          # before the start: still the start figure
    (START + timedelta(days=182), 70.0),        # half way: half the way from 40 to 100
    (DUE, 100.0),
    (DUE + timedelta(days=30), 100.0),          # after the deadline, only the value will do
])
def test_the_line_runs_from_the_start_figure_to_the_value(today, expected):
    assert expected_on(today, START, 40.0, DUE, 100.0) == pytest.approx(expected)


@pytest.mark.parametrize("actual, on", [(69.9, False), (70.0, True), (85.0, True)])
def test_half_way_on_track_means_half_the_progress(actual, on):
    assert on_track(actual, START + timedelta(days=182), START, 40.0, DUE, 100.0) is on


def test_on_track_is_the_current_pace_reaching_the_value_by_the_deadline():
    """Checked against the pace itself: progress per day since the start, carried to the deadline."""
    for days in range(1, 364, 7):
        for actual in (40.0, 45.5, 52.0, 61.0, 75.0, 99.0):
            pace = (actual - 40.0) / days
            reaches = 40.0 + pace * (DUE - START).days >= 100.0 - 1e-9
            today = START + timedelta(days=days)
            assert on_track(actual, today, START, 40.0, DUE, 100.0) is reaches, (days, actual)


def test_nothing_is_behind_on_the_start_day():
    assert on_track(40.0, START, START, 40.0, DUE, 100.0) is True


def test_a_missed_deadline_is_off_track_and_a_reached_value_on_track():
    late = DUE + timedelta(days=1)
    assert on_track(99.9, late, START, 40.0, DUE, 100.0) is False
    assert on_track(100.0, late, START, 40.0, DUE, 100.0) is True


def test_a_deadline_on_the_start_day_wants_the_value_at_once():
    assert on_track(50.0, START, START, 50.0, START, 60.0) is False
    assert on_track(60.0, START, START, 50.0, START, 60.0) is True


def test_without_an_actual_figure_there_is_nothing_to_judge():
    assert on_track(None, START, START, 0.0, DUE, 90.0) is None
