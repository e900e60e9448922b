"""The groups' figures (issue 17 items 1 and 2): for each group of members, its members and those
of them with a portal account (the skill dvc_login), in GET /api/v1/stats/coverage under
`groups`, and targets on their share."""
from datetime import date, timedelta

import pytest

from fieldapp.core.vocabulary import GROUPS
from tests.phones import new_id, op
from tests.plans.helpers import post

PORTAL = {"dvc_login": True}


def stats(device, **query):
    response = device.client.get("/api/v1/stats/coverage", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def people(device, village, *members, inactive=False):
    """A household of `village` with members given as (groups, skills); returns member ids."""
    home, ids = new_id(), [new_id() for _ in members]
    data = {"village_id": village.id, "head_name": "Hộ"}
    ops = [op("household.upsert", home, data)]
    ops += [op("member.upsert", member_id, {"household_id": home, "full_name": "Người",
                                            "groups": dict.fromkeys(groups, True), "skills": skills})
            for member_id, (groups, skills) in zip(ids, members, strict=True)]
    if inactive:
        ops.append(op("household.deactivate", home, {"inactive_reason": "Chuyển đi"}, minutes=1))
    assert {r["status"] for r in device.push(*ops)} == {"applied"}
    return ids


@pytest.fixture
def village(team, phone):
    """By hand, T01: youth union 3 (2 with a portal account), one of them also an official;
    an association member without. T02: a youth-union member with one. Not counted: a removed
    youth-union member with an account, the members of a household moved away, another
    commune's."""
    lan, hoa = phone("lan"), phone("hoa")
    people(lan, team["t01"], (["youth_union", "official"], PORTAL), (["youth_union"], PORTAL),
           (["youth_union"], {}), (["association"], {"vneid_level2": True}))
    [removed] = people(lan, team["t01"], (["youth_union"], PORTAL))
    assert lan.push(op("member.delete", removed, {}, minutes=2))[0]["status"] == "applied"
    people(lan, team["t01"], (["youth_union"], PORTAL), inactive=True)
    people(hoa, team["t02"], (["youth_union"], PORTAL))
    people(phone("stranger"), team["far"], (["youth_union"], PORTAL))
    return team


def groups(**counts):
    figures = {key: {"members": 0, "portal_account": 0} for key in GROUPS}
    for key, (members, portal) in counts.items():
        figures[key] = {"members": members, "portal_account": portal}
    return figures


def test_the_report_counts_each_groups_members_and_those_with_a_portal_account(village, phone):
    officer = phone("officer")
    east = groups(youth_union=(3, 2), official=(1, 1), association=(1, 0))
    west = groups(youth_union=(1, 1))
    total = groups(youth_union=(4, 3), official=(1, 1), association=(1, 0))
    for query in ({}, {"date_from": "2026-01-01", "date_to": "2099-12-31"}):  # summaries, then counting
        for _ in range(2):  # a summary counted, then read
            report = stats(officer, **query)
            assert {v["village_id"]: v["groups"] for v in report["villages"]} == {
                village["t01"].id: east, village["t02"].id: west}, query
            assert report["total"]["groups"] == total
    assert stats(phone("lan"))["total"]["groups"] == east  # her village only


def test_a_summary_follows_a_member_joining_a_group(village, phone):
    officer, lan = phone("officer"), phone("lan")
    assert stats(officer)["total"]["groups"]["student"] == {"members": 0, "portal_account": 0}
    people(lan, village["t01"], (["student"], PORTAL))
    assert stats(officer)["total"]["groups"]["student"] == {"members": 1, "portal_account": 1}


def target(device, indicator, value, village_id=None, days=30):
    return post(device, "/api/v1/targets", {"village_id": village_id, "indicator": indicator, "value": value,
                                            "due_on": (date.today() + timedelta(days=days)).isoformat()})


def targets(device):
    return {item["indicator"]: item for item in device.client.get("/api/v1/targets").get_json()["items"]}


def test_a_target_on_a_groups_share_has_its_actual_figure_and_pace(village, phone):
    officer = phone("officer")
    response = target(officer, "group.youth_union.portal_account_pct", 100)
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["actual"], response.get_json()["on_track"]) == (75.0, True)  # 3 of 4, day one
    assert target(officer, "group.youth_union.portal_account", 10, village["t02"].id).status_code == 201
    items = targets(phone("leader"))
    assert items["group.youth_union.portal_account_pct"]["actual"] == 75.0
    assert items["group.youth_union.portal_account"]["actual"] == 1.0  # T02's
    people(phone("lan"), village["t01"], (["youth_union"], {}))  # a fifth member, without: 3 of 5
    items = targets(phone("leader"))
    assert items["group.youth_union.portal_account_pct"]["actual"] == 60.0


@pytest.mark.parametrize("indicator, value", [
    ("group.youth_union.portal_account_pct", 101), ("group.pensioner.portal_account_pct", 50),
    ("group.youth_union.members", 10),
])
def test_a_bad_group_target_is_422(village, phone, indicator, value):
    response = target(phone("officer"), indicator, value)
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["error"]["fields"]) <= {"indicator", "value"}


def test_the_targets_page_offers_the_groups_shares(village, client, office):
    page = client.get("/office/targets").get_data(as_text=True)
    assert 'value="group.youth_union.portal_account_pct"' in page
    assert "Đoàn viên" in page
