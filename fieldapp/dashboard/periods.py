"""The periods a leader picks a report for: this month, last month, this quarter, last quarter,
from the start, or two dates."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l

from fieldapp.dashboard.queries import period

CHOICES = {
    "month": _l("This month"),
    "last_month": _l("Last month"),
    "quarter": _l("This quarter"),
    "last_quarter": _l("Last quarter"),
    "all": _l("From the start"),
    "custom": _l("Dates"),
}


@dataclass(frozen=True)
class Chosen:
    choice: str
    date_from: date | None
    date_to: date | None
    error: str | None = None


def local_today():
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _month(day):
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _quarter(day):
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last_month_first = date(first.year, first.month + 2, 1)
    return first, _month(last_month_first)[1]


def bounds(choice, today):
    """The first and last day of a named period containing or before `today`."""
    if choice == "month":
        return _month(today)
    if choice == "last_month":
        return _month(today.replace(day=1) - timedelta(days=1))
    if choice == "quarter":
        return _quarter(today)
    if choice == "last_quarter":
        return _quarter(_quarter(today)[0] - timedelta(days=1))
    return None, None  # "all"


def chosen_period(args):
    """(Chosen, the dashboard's Period of UTC instants) for the query string of a report page."""
    chosen = choose(args)
    config = current_app.config
    return chosen, period(chosen.date_from, chosen.date_to, config["BABEL_DEFAULT_TIMEZONE"],
                          config["FIELDAPP_RETURN_AFTER_DAYS"])

# Days a report may name: any other is unreadable (and the day after 9999-12-31 does not exist).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _parse(text):
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return False
    return day if day is None or FIRST_DAY <= day <= LAST_DAY else False


def choose(args, today=None):
    """The period asked for in the query string; anything unreadable falls back to this month
    with a message, never an error page."""
    today = today or local_today()
    choice = args.get("period", "month")
    if choice not in CHOICES:
        return Chosen("month", *bounds("month", today), error=str(_l("Unknown period: showing this month.")))
    if choice != "custom":
        return Chosen(choice, *bounds(choice, today))
    date_from, date_to = _parse(args.get("date_from")), _parse(args.get("date_to"))
    if date_from is False or date_to is False:
        message = _l("A date could not be read: showing this month.")
        return Chosen("month", *bounds("month", today), error=str(message))
    if date_from and date_to and date_from > date_to:
        return Chosen("month", *bounds("month", today), error=str(_l("The period ends before it starts.")))
    return Chosen("custom", date_from, date_to)
