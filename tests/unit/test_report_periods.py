"""The periods a report is issued for (plans/report_periods.py)."""
from datetime import date

import pytest

from fieldapp.plans.report_periods import PeriodError, parse_period


@pytest.mark.parametrize("text, kind, first, last", [
    ("2026-03", "month", date(2026, 3, 1), date(2026, 3, 31)),
    ("2028-02", "month", date(2028, 2, 1), date(2028, 2, 29)),
    ("2026-12", "month", date(2026, 12, 1), date(2026, 12, 31)),
    ("2026-Q1", "quarter", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31)),
    ("2026-H1", "half", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-H2", "half", date(2026, 7, 1), date(2026, 12, 31)),
    ("2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
    (" 2026-Q2 ", "quarter", date(2026, 4, 1), date(2026, 6, 30)),
])
def test_each_period_is_its_first_and_last_day(text, kind, first, last):
    period = parse_period(text)
    assert (period.key, period.kind, period.first, period.last) == (text.strip(), kind, first, last)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q0", "2026-Q5", "2026-H0", "2026-H3", "2026-q1",
                                  "2026-3", "26-03", "2026/03", "03/2026", "", "1999", "2100", "２０２６",
                                  "٢٠٢٦", "2026-03-01", "2026-03 x", None, 2026, ["2026"]])
def test_anything_else_is_refused_with_a_message(text):
    with pytest.raises(PeriodError) as refused:
        parse_period(text)
    assert len(str(refused.value)) > 10


def test_a_period_not_ended_counts_to_the_day_of_issue():
    march = parse_period("2026-03")
    assert march.counted_to(date(2026, 3, 20)) == date(2026, 3, 20)
    assert march.counted_to(date(2026, 4, 2)) == date(2026, 3, 31)
