"""The periods a report is issued for, named as the plans name them: a month ("2026-03"), a
quarter ("2026-Q1"), a half year ("2026-H1") or a year ("2026").

A period that has begun but not ended may be issued: the plans ask for the monthly report
before the month is out (it goes up around the 20th), so its figures are counted up to the day
of issue, and the report says so ("số liệu tính đến ngày ..."). A period that has not begun
has nothing to report and is refused.
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

KINDS = ("month", "quarter", "half", "year")
FIRST_YEAR, LAST_YEAR = 2000, 2099  # as the plans' other dates (plans/schemas.py)
_SHAPE = re.compile(r"([0-9]{4})(?:-(?:([0-9]{2})|Q([0-9])|H([0-9])))?")
UNREADABLE = _l('Write the period as a month "2026-03", a quarter "2026-Q1", a half year "2026-H1" '
                'or a year "2026".')


class PeriodError(ValueError):
    """A period that cannot be read; its message says how to write one."""


@dataclass(frozen=True)
class ReportPeriod:
    key: str  # as written: "2026-03", "2026-Q1", "2026-H1", "2026"
    kind: str  # one of KINDS
    first: date
    last: date

    def counted_to(self, today):
        """The last day counted when issued `today`: the period's own, or today before it ends."""
        return min(self.last, today)


def _months(year, first_month, months):
    first = date(year, first_month, 1)
    after_month = first_month + months
    after = date(year + 1, 1, 1) if after_month > 12 else date(year, after_month, 1)
    return first, after - timedelta(days=1)


def parse_period(text):
    """The ReportPeriod `text` names; PeriodError with a message the officer can act on."""
    match = _SHAPE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise PeriodError(str(UNREADABLE))
    year, month, quarter, half = match.groups()
    year = int(year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(str(_l("The year must be between %(first)d and %(last)d.",
                                 first=FIRST_YEAR, last=LAST_YEAR)))
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise PeriodError(str(_l("A month is 01 to 12.")))
        kind, span = "month", _months(year, int(month), 1)
    elif quarter is not None:
        if not 1 <= int(quarter) <= 4:
            raise PeriodError(str(_l("A quarter is Q1 to Q4.")))
        kind, span = "quarter", _months(year, 3 * int(quarter) - 2, 3)
    elif half is not None:
        if int(half) not in (1, 2):
            raise PeriodError(str(_l("A half year is H1 or H2.")))
        kind, span = "half", _months(year, 6 * int(half) - 5, 6)
    else:
        kind, span = "year", _months(year, 1, 12)
    return ReportPeriod(text.strip(), kind, *span)
