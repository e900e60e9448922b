"""Row ids and numbers typed into a URL, a query string, a form or an API argument, read one way
everywhere: the pages' forms and queries call `row_id` and `whole_number`, the `<id:...>` URL
converter (`RowIdConverter`) and the API's marshmallow field (core/validation.py, `RowId`) call
`row_id` too.

Only ASCII digits make a number: "²" and "١٢" are digits to str.isdigit() and int() but not to
anyone typing an id, and a row id must fit the databases' 32-bit integers (1 to MAX_ID).
Anything else is None, a 404 in a URL or a 422 in the API, never an overflow or a server error.
"""
import re

from werkzeug.routing import BaseConverter, ValidationError

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def whole_number(text, low=1, high=MAX_ID):
    """The number written in `text` (spaces around allowed) if it lies in [low, high], else None."""
    text = (text or "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def row_id(value):
    """The row id `value` is, written as text or given as a number (a JSON body's), or None when
    it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= MAX_ID else None
    return whole_number(value) if isinstance(value, str) else None


def row_ids(values):
    """The row ids among `values` (a form's ticked boxes); the others are left out."""
    return {number for number in map(row_id, values) if number is not None}


class RowIdConverter(BaseConverter):
    """`<id:name>` in a route: a row id, or the URL matches no route (a 404, as on both engines)."""

    regex = r"[0-9]{1,10}"
    weight = 50  # as werkzeug's own number converters: a number is tried before a string

    def to_python(self, value):
        number = row_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value):
        return str(int(value))
