"""sync/schemas.py RawItems loads what List(Raw(allow_none=True)) loads, and refuses the same."""
import pytest
from marshmallow import ValidationError, fields

from fieldapp.sync.schemas import RawItems

VALUES = [[], [None, 1, "x", {"op_id": "a"}, [1]], ("a", None), "ops", 5, {"a": 1}, None, True]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_raw_items_load_as_a_list_of_raw_items(value):
    def load(field):
        try:
            return "ok", field.deserialize(value)
        except ValidationError as exc:
            return "error", exc.messages

    assert load(RawItems()) == load(fields.List(fields.Raw(allow_none=True)))


def test_the_loaded_list_is_a_copy():
    value = [{"op_id": "a"}]
    loaded = RawItems().deserialize(value)
    assert loaded == value and loaded is not value
