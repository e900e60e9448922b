"""One row-id rule for every way an id comes in: a page's query or form (`row_id`), a route's
`<id:...>` (RowIdConverter) and an API argument or JSON field (RowId): ASCII digits, 1 to 2**31 - 1."""
import pytest
from flask import Flask
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import NotFound

from fieldapp.core.params import MAX_ID, RowIdConverter, row_id, row_ids
from fieldapp.core.validation import RowId

IDS = {"1": 1, "42": 42, "007": 7, str(MAX_ID): MAX_ID}
NOT_IDS = ["0", str(MAX_ID + 1), "99999999999999999999", "-1", "+5", "1e3", "²", "١٢٣", "x", ""]


class IdSchema(Schema):
    village_id = RowId()


def converted(path):
    app = Flask(__name__)
    app.url_map.converters["id"] = RowIdConverter
    app.add_url_rule("/villages/<id:village_id>", "village")
    return app.url_map.bind("localhost").match(path)[1]["village_id"]


@pytest.mark.parametrize(("text", "number"), IDS.items())
def test_a_row_id_reads_the_same_in_a_form_a_route_and_the_api(text, number):
    assert row_id(text) == number
    assert converted(f"/villages/{text}") == number
    assert IdSchema().load({"village_id": text}) == {"village_id": number}


@pytest.mark.parametrize("text", NOT_IDS)
def test_what_is_no_row_id_is_refused_in_a_form_a_route_and_the_api(text):
    assert row_id(text) is None
    if text:
        with pytest.raises(NotFound):
            converted(f"/villages/{text}")
    with pytest.raises(ValidationError):
        IdSchema().load({"village_id": text})


def test_a_json_number_is_a_row_id_within_the_same_bounds():
    assert row_id(5) == 5 and IdSchema().load({"village_id": 5}) == {"village_id": 5}
    for number in (0, -3, MAX_ID + 1, True):
        assert row_id(number) is None
        with pytest.raises(ValidationError):
            IdSchema().load({"village_id": number})


def test_ticked_boxes_keep_only_the_row_ids():
    assert row_ids(["3", "x", "3", "١", "0", " 8 "]) == {3, 8}
