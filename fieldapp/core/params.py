"""Numbers typed into a query string or a form, read one way for every page and file route (the
API's routes read theirs through marshmallow schemas: core/validation.py).

Only ASCII digits make a number: "²" and "١٢" are digits to str.isdigit() and int() but not to
anyone typing an id, and a number must fit the databases' 32-bit integers. Anything else is
None, or a 400 where the value was asked for, never an overflow or a server error.
"""
import re

from flask import abort, request
from flask_babel import gettext as _

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def whole_number(text, low=1, high=MAX_ID):
    """The number written in `text` (spaces around allowed) if it lies in [low, high], else None."""
    text = (text or "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def row_id(text):
    """A row id typed in a form or a query, or None when it is not one."""
    return whole_number(text)


def row_ids(values):
    """The row ids among `values` (a form's ticked boxes); the others are left out."""
    return {number for number in map(row_id, values) if number is not None}


def arg_id(name, message=None):
    """The row id in the query string's `name`: None when empty, a 400 when it is not one."""
    text = request.args.get(name, "")
    if not text:
        return None
    number = row_id(text)
    if number is None:
        abort(400, message or _("The value of “%(name)s” is not a number.", name=name))
    return number
