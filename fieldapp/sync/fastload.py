"""A quicker road through the operation schemas for operations that are valid (issue 18).

marshmallow spends about 80 µs on one operation (its envelope and its data), the largest part
of a 500-operation push. Almost every operation a phone sends is valid, so each schema is also
compiled here into a plain function that takes the same fields, with the same cleaning
(`clean_text`, `normalise_phone`, `coordinate`, the forbidden-text check) and the fields' own
validators, and gives the same dict marshmallow would. It only ever accepts: at the first thing
that is not plainly right (a wrong type, a missing or unknown field, a failed check, a value
marshmallow would coerce, such as "12" for a number) it gives up with `Slow`, and the caller
loads the operation with marshmallow, whose messages the phone gets. So an invalid operation
gets exactly the messages it always got; a valid one is loaded to the same values, quicker.
tests/sync/test_fastload.py checks both against marshmallow, field by field.

A schema with a field type, hook or option not understood here is not compiled: its
operations always go through marshmallow.
"""
import math
import uuid
from datetime import date, datetime

from marshmallow import ValidationError, fields, missing

from fieldapp.core.forbidden_text import forbidden_message
from fieldapp.core.text import clean_text, is_valid_phone, normalise_phone
from fieldapp.core.validation import Coordinate, FreeText, Phone, RowId, Text, coordinate


class Slow(Exception):
    """Not plainly valid: load with marshmallow, which says what is wrong."""


def _string(field):
    def load(value):
        if type(value) is not str:
            raise Slow
        return value
    return load


def _text(field):
    required, allow_none, longest = field.required, field.allow_none, field.max_length
    free = type(field) is FreeText

    def load(value):
        if type(value) is not str:
            raise Slow
        text = clean_text(value)
        if not text:
            if required or not allow_none:
                raise Slow
            return None
        if len(text) > longest or (free and forbidden_message(text)):
            raise Slow
        return text
    return load


def _phone(field):
    def load(value):
        if type(value) is not str:
            raise Slow
        phone = normalise_phone(value)
        if phone is not None and not is_valid_phone(phone):
            raise Slow
        return phone
    return load


def _integer(field):
    def load(value):
        if type(value) is not int:  # not bool, not "12", not 12.0: marshmallow decides those
            raise Slow
        return value
    return load


def _float(field):
    rounded = type(field) is Coordinate

    def load(value):
        if type(value) is not float and type(value) is not int:
            raise Slow
        try:
            number = float(value)
        except OverflowError:
            raise Slow from None
        if not math.isfinite(number):
            raise Slow
        return coordinate(number) if rounded else number
    return load


def _parsed(parse):
    """A loader of text that `parse` reads; anything else, or a ValueError, goes to marshmallow."""
    def load(value):
        if type(value) is not str:
            raise Slow
        try:
            return parse(value)
        except ValueError:
            raise Slow from None
    return load


def _uuid(field):
    return _parsed(uuid.UUID)


def _aware_datetime(field):
    if field.default_timezone is not None or (field.format or "iso") not in ("iso", "iso8601"):
        return None

    parse = _parsed(datetime.fromisoformat)

    def load(value):
        moment = parse(value)
        if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
            raise Slow
        return moment
    return load


def _date(field):
    if (field.format or "iso") not in ("iso", "iso8601"):
        return None
    return _parsed(date.fromisoformat)


def _boolean(field):
    def load(value):
        if type(value) is not bool:
            raise Slow
        return value
    return load


def _raw(field):
    return lambda value: value


def _list(field):
    inner = _field_loader(field.inner)
    if inner is None:
        return None

    def load(value):
        if type(value) is not list:
            raise Slow
        return [inner(item) for item in value]
    return load


def _dict(field):
    if field.key_field is None and field.value_field is None:
        def load_any(value):
            if type(value) is not dict:
                raise Slow
            return dict(value)
        return load_any
    if field.key_field is None or field.value_field is None:
        return None
    keys, values = _field_loader(field.key_field), _field_loader(field.value_field)
    if keys is None or values is None:
        return None

    def load(value):
        if type(value) is not dict:
            raise Slow
        return {keys(key): values(item) for key, item in value.items()}
    return load


# Exact types only: a subclass may change what a value means, so it is not guessed at.
_LOADERS = {
    fields.String: _string, Text: _text, FreeText: _text, Phone: _phone,
    fields.Integer: _integer, RowId: _integer, fields.Float: _float, Coordinate: _float,
    fields.UUID: _uuid, fields.AwareDateTime: _aware_datetime, fields.Date: _date,
    fields.Boolean: _boolean, fields.Raw: _raw, fields.List: _list, fields.Dict: _dict,
}


def _plain_base(cls):
    """The nearest known class of a subclass that only presets its arguments (SkillsField, a
    Dict with fixed key and value fields); None if it changes how a value is read."""
    for base in cls.__mro__:
        if base in _LOADERS:
            return base
        if any(name in vars(base) for name in _READING):
            return None
    return None


_READING = ("_deserialize", "_validated", "deserialize", "_validate", "_format_num")


def _field_loader(field):
    """A function of one value that gives what `field.deserialize` gives, or raises Slow;
    None when the field is not understood here."""
    make = _LOADERS.get(type(field)) or _LOADERS.get(_plain_base(type(field)))
    if make is None or field.pre_load or field.post_load or field.data_key or field.attribute:
        return None
    if type(field) is fields.Integer and field.strict:
        return None
    convert = make(field)
    if convert is None:
        return None
    allow_none, validators = field.allow_none, tuple(field.validators)

    def load(value):
        if value is None:
            if allow_none:
                return None  # marshmallow runs no validator on an allowed None
            raise Slow
        output = convert(value)
        for validator in validators:
            try:
                if validator(output) is False:
                    raise Slow
            except ValidationError:
                raise Slow from None
        return output
    return load


def compile_schema(schema):
    """A function (data, partial) -> the dict `schema.load(data, partial=partial)` gives, raising
    Slow where it would not plainly succeed; None when the schema cannot be compiled."""
    hooks = {tag for tag, names in schema._hooks.items() if names}
    if hooks - {"validates"} or schema.opts.unknown != "raise" or schema.partial:
        return None
    loaders = []
    for name, field in schema.load_fields.items():
        load = _field_loader(field)
        if load is None:
            return None
        default = field.load_default
        loaders.append((name, load, field.required, default))
    field_checks = []
    for attr_name, _, kwargs in schema._hooks.get("validates", ()):
        method = getattr(schema, attr_name)
        field_checks += [(method, name) for name in kwargs["field_names"]]
    names = frozenset(schema.load_fields)

    def load(data, partial=False):
        if type(data) is not dict or not names.issuperset(data):
            raise Slow
        output = {}
        for name, load_field, required, default in loaders:
            if name in data:
                output[name] = load_field(data[name])
            elif not partial:
                if required:
                    raise Slow
                if default is not missing:
                    output[name] = default() if callable(default) else default
        for method, name in field_checks:
            if name in output:
                try:
                    method(output[name], data_key=name)
                except ValidationError:
                    raise Slow from None
        return output
    return load
