"""Shared marshmallow pieces: the strict base schema, cleaned text and phone fields, the row id
field, and the translation of marshmallow's own messages into the user's language."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from fieldapp.core.forbidden_text import forbidden_message
from fieldapp.core.params import MAX_ID, whole_number
from fieldapp.core.text import clean_text, is_valid_phone, normalise_phone

# marshmallow's built-in messages, listed so that `make messages` extracts them.
BUILT_IN_MESSAGES = [
    _l("Missing data for required field."),
    _l("Field may not be null."),
    _l("Unknown field."),
    _l("Invalid input type."),
    _l("Not a valid string."),
    _l("Not a valid integer."),
    _l("Not a valid number."),
    _l("Not a valid boolean."),
    _l("Not a valid datetime."),
    _l("Not a valid date."),
    _l("Not a valid UUID."),
    _l("Not a valid list."),
    _l("Not a valid mapping type."),
    _l("Invalid value."),
    _l("Not a valid aware datetime."),
    _l("Number too large."),
    _l("String does not match expected pattern."),
    _l("Special numeric values (nan or infinity) are not permitted."),
]


def localise(messages):
    """Translate marshmallow's messages (nested dicts and lists of strings) for the user; a
    field's messages are always a list, even when a validator gave one message alone."""
    if isinstance(messages, dict):
        return {key: localise(value if isinstance(value, dict | list) else [value])
                for key, value in messages.items()}
    if isinstance(messages, list):
        return [localise(value) for value in messages]
    return gettext(messages) if isinstance(messages, str) else str(messages)


def field_messages(messages):
    """SYNC.md's shape, {field: [messages]}: the messages of a list's items or a mapping's keys
    (topics, skills) are those of the field itself."""
    def flat(value):
        if isinstance(value, dict):
            return [message for item in value.values() for message in flat(item)]
        if isinstance(value, list):
            return [message for item in value for message in flat(item)]
        return [value]

    return {field: flat(value) for field, value in localise(messages).items()}


def invalid(message, field_name=None):
    """A ValidationError with `message` made text now: marshmallow takes any message that is
    not a str (a lazy translation) for a list, and would answer its characters one by one."""
    return ValidationError(str(message), field_name) if field_name else ValidationError(str(message))


def between(low, high):
    """A range check with the message in the user's language."""
    return validate.Range(min=low, max=high,
                          error=_l("Must be between %(low)s and %(high)s.", low=low, high=high))


class RowId(fields.Integer):
    """A row id, read as core/params.py reads every id: text in ASCII digits ("١٢" and "²" are no
    id), or a whole number in a JSON body, from 1 to MAX_ID, so that no engine overflows on a
    made-up one."""

    def __init__(self, **kwargs):
        super().__init__(validate=between(1, MAX_ID), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and whole_number(value, 0, 10**10 - 1) is None:
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StrictSchema(Schema):
    """Unknown fields are refused: nothing the law discourages can slip in under another name."""

    class Meta:
        unknown = RAISE


class Text(fields.String):
    """Text normalised as DOMAIN.md says (NFC, trimmed, spaces collapsed); blank means None."""

    def __init__(self, max_length=200, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = clean_text(super()._deserialize(value, attr, data, **kwargs))
        if not text:
            if self.required or not self.allow_none:
                raise invalid(_l("This field must not be empty."))
            return None
        if len(text) > self.max_length:
            raise invalid(_l("At most %(n)d characters.", n=self.max_length))
        return text


class FreeText(Text):
    """Text a person writes freely (names, addresses, notes): never an ID-card number, an OTP
    or a password (core/forbidden_text.py)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        message = forbidden_message(text)
        if message:
            raise ValidationError([message])  # a list: marshmallow would leave a lazy string bare
        return text


COORDINATE_DECIMALS = 7  # about 1 cm: finer than any phone's GPS


def coordinate(degrees):
    """A latitude or longitude as kept: 7 decimals, so a position goes through a spreadsheet
    (15 significant digits) and back unchanged."""
    return None if degrees is None else round(degrees, COORDINATE_DECIMALS)


class Coordinate(fields.Float):
    def __init__(self, low, high, **kwargs):
        super().__init__(allow_none=True, validate=between(low, high), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return coordinate(super()._deserialize(value, attr, data, **kwargs))


class Phone(fields.String):
    """A Vietnamese phone number, normalised (+84, lost leading zero) and checked; blank is None."""

    def _deserialize(self, value, attr, data, **kwargs):
        phone = normalise_phone(super()._deserialize(value, attr, data, **kwargs))
        if phone is None:
            return None
        if not is_valid_phone(phone):
            raise invalid(_l("Not a valid Vietnamese phone number."))
        return phone
