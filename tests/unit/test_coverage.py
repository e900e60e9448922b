import json

import pytest

from fieldapp.core.vocabulary import DEFAULT_COVERAGE_RULE, parse_rule
from fieldapp.households.coverage import household_status, is_capable
from tests.conftest import DATA

VECTORS = json.loads((DATA / "coverage_vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_household_status_matches_every_shared_vector(case):
    rule = case.get("rule", VECTORS["default_rule"])
    status = household_status(
        case["household"]["inactive"],
        [m["skills"] for m in case["members"]],
        [(v["visited_at"], v["outcome"]) for v in case["visits"]],
        rule,
    )
    assert status == case["expected"]


def test_default_rule_is_the_plans_wording():
    assert tuple(VECTORS["default_rule"]) == DEFAULT_COVERAGE_RULE


def test_capable_needs_every_skill_of_the_rule():
    assert is_capable(["a", "b", "c"], ["a", "b"])
    assert not is_capable(["a"], ["a", "b"])


def test_rule_from_config_is_parsed_and_checked():
    assert parse_rule(" vneid_level2, vneid_login ,vneid_level2") == ("vneid_level2", "vneid_login")
    with pytest.raises(ValueError, match="FIELDAPP_COVERAGE_RULE"):
        parse_rule("vneid_level2,cccd_number")
    with pytest.raises(ValueError):
        parse_rule(" , ")
