"""The leader's report periods and the weekly chart's arithmetic."""
from datetime import date

import pytest

from fieldapp.dashboard.periods import bounds, choose
from fieldapp.dashboard.trend import chart

TODAY = date(2026, 2, 14)


@pytest.mark.parametrize(("choice", "expected"), [
    ("month", (date(2026, 2, 1), date(2026, 2, 28))),
    ("last_month", (date(2026, 1, 1), date(2026, 1, 31))),
    ("quarter", (date(2026, 1, 1), date(2026, 3, 31))),
    ("last_quarter", (date(2025, 10, 1), date(2025, 12, 31))),
    ("all", (None, None)),
])
def test_named_periods(choice, expected):
    assert bounds(choice, TODAY) == expected


def test_december_and_leap_february():
    assert bounds("month", date(2025, 12, 31)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert bounds("month", date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert bounds("last_month", date(2026, 1, 5)) == (date(2025, 12, 1), date(2025, 12, 31))


def test_custom_dates_and_what_cannot_be_read(app):
    assert choose({"period": "custom", "date_from": "2026-02-01", "date_to": "2026-02-10"}, TODAY).date_to \
        == date(2026, 2, 10)
    for args in ({"period": "custom", "date_from": "2026-13-01"}, {"period": "week"},
                 {"period": "custom", "date_from": "2026-02-10", "date_to": "2026-02-01"}):
        chosen = choose(args, TODAY)
        assert (chosen.choice, chosen.date_from) == ("month", date(2026, 2, 1))
        assert chosen.error


def test_chart_maps_zero_and_a_hundred_percent_to_the_plot_edges():
    drawn = chart([(date(2026, 1, 4), 0.0), (date(2026, 1, 11), 100.0)], width=200, height=100, pad=10)
    assert [(d["x"], d["y"]) for d in drawn["dots"]] == [(10, 90), (190, 10)]
    assert drawn["line"] == "10.0,90.0 190.0,10.0"
    assert [d["left"] for d in drawn["dots"]] == [5.0, 95.0]  # percent of the width
    assert chart([])["dots"] == []
