"""The order people and households are listed in, against the vectors the phone's side also
passes (static/app/tests/ordering.test.mjs)."""
import json
from types import SimpleNamespace

import pytest

from fieldapp.core.text import member_order, name_order
from tests.conftest import DATA

VECTORS = json.loads((DATA / "ordering_vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["names"], ids=lambda case: case["why"])
def test_names_are_listed_by_the_shared_rule(case):
    listed = sorted(case["items"], key=lambda item: name_order(item["name"], item["id"]))
    assert [item["id"] for item in listed] == case["order"]
    reverse = sorted(reversed(case["items"]), key=lambda item: name_order(item["name"], item["id"]))
    assert reverse == listed  # the order does not depend on the order they came in


@pytest.mark.parametrize("case", VECTORS["members"], ids=lambda case: case["why"])
def test_members_are_listed_head_first_by_the_shared_rule(case):
    members = [SimpleNamespace(id=item["id"], full_name=item["name"], is_head=item.get("is_head", False))
               for item in case["items"]]
    assert [member.id for member in sorted(members, key=member_order)] == case["order"]
