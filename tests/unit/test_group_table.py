"""The table "by group" of the province's page and the issued report (plans/report_labels.py
`by_group`): the groups in their order, each with its share of members with a portal account as
targets count it; a report issued before the groups were counted has no rows."""
from fieldapp.core.vocabulary import GROUPS
from fieldapp.plans.report_labels import by_group
from fieldapp.plans.targets import group_figures


def counts(**given):
    return {key: {"members": given.get(key, (0, 0))[0], "portal_account": given.get(key, (0, 0))[1]}
            for key in GROUPS}


def test_every_group_in_order_with_its_share():
    rows = by_group(counts(youth_union=(3, 2), official=(7, 7)))
    assert [row["key"] for row in rows] == list(GROUPS)
    shares = {row["key"]: (row["members"], row["portal_account"], row["portal_account_pct"]) for row in rows}
    assert shares["youth_union"] == (3, 2, 66.7)
    assert shares["official"] == (7, 7, 100.0)
    assert shares["student"] == (0, 0, 0.0)  # no member: 0, not a division by zero


def test_the_share_is_the_targets_own():
    groups = counts(youth_union=(6, 1), association=(9, 4))
    figures = group_figures(groups)
    for row in by_group(groups):
        assert row["portal_account_pct"] == figures[f"group.{row['key']}.portal_account_pct"]


def test_no_groups_no_rows():
    assert by_group(None) == [] and by_group({}) == []
    assert [row["key"] for row in by_group({"student": {"members": 1, "portal_account": 0}})] == ["student"]
