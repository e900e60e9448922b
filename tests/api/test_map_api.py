"""GET /api/v1/stats/map: compact points of the user's scope."""
import gzip
import json
import uuid

import pytest

from tests.phones import new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}


@pytest.fixture
def placed(team, phone):
    ids = {name: new_id() for name in ("a", "b", "c", "far")}
    phone("leader").push(
        op("household.upsert", ids["a"], {"village_id": team["t01"].id, "head_name": "A",
                                           "lat": 21.123456789, "lon": 105.987654321}),
        op("member.upsert", new_id(), {"household_id": ids["a"], "full_name": "An", "skills": SKILLED}),
        op("household.upsert", ids["b"], {"village_id": team["t01"].id, "head_name": "B",
                                           "address": "Xóm 1"}),
        op("household.upsert", ids["c"], {"village_id": team["t02"].id, "head_name": "C",
                                           "lat": 21.2, "lon": 105.9}),
        op("household.deactivate", ids["c"], {"inactive_reason": "chuyển đi"}, minutes=1),
    )
    return ids


def test_points_are_short_arrays_and_unplaced_households_are_listed(team, phone, placed):
    body = phone("leader").client.get("/api/v1/stats/map").get_json()
    covered = body["statuses"].index("covered")
    assert body["points"] == [[placed["a"], 21.12346, 105.98765, covered, team["t01"].id]]
    assert body["without_position"] == 1
    unplaced = [(h["id"], h["head_name"], h["address"]) for h in body["unplaced"]]
    assert unplaced == [(placed["b"], "B", "Xóm 1")]
    by_code = {v["code"]: v for v in body["villages"]}
    t01 = by_code["T01"]
    assert (t01["households"], t01["covered"], t01["covered_pct"]) == (2, 1, 50.0)
    assert by_code["T02"]["households"] == 0  # its only household moved away


def test_a_volunteer_gets_only_their_villages_and_no_other_commune(team, phone, placed):
    body = phone("hoa").client.get("/api/v1/stats/map").get_json()
    assert [v["code"] for v in body["villages"]] == ["T02"] and body["points"] == []
    hoa = phone("hoa").client
    assert hoa.get("/api/v1/stats/map", query_string={"village_id": team["t01"].id}).status_code == 403
    assert hoa.get("/api/v1/stats/map", query_string={"village_id": team["far"].id}).status_code == 404
    assert phone("stranger").client.get("/api/v1/stats/map").get_json()["points"] == []


def test_an_admin_maps_their_own_commune_only(team, phone, placed, make_user, app):
    """Map points carry households' names and addresses: another commune's village is a 404
    for an admin too, as its households are (scoped_village(..., households=True))."""
    from tests.phones import Phone

    admin = Phone(app, make_user(team["far"].commune, "admin", [], username="quan_tri")).client
    assert admin.get("/api/v1/stats/map", query_string={"village_id": team["t01"].id}).status_code == 404
    assert admin.get("/api/v1/stats/map").get_json()["points"] == []
    assert admin.get("/api/v1/stats/map", query_string={"village_id": team["far"].id}).status_code == 200


def test_the_map_needs_a_login_and_refuses_unknown_arguments(client, team):
    assert client.get("/api/v1/stats/map").status_code == 401
    body = json.loads(client.get("/api/v1/stats/map?zoom=3").get_data() or b"{}")
    assert "error" in body


def test_a_point_costs_few_bytes(team, phone):
    phone("leader").push(*[op("household.upsert", uuid.uuid4(), {
        "village_id": team["t01"].id, "head_name": f"Hộ {i}", "lat": 21 + i / 1000, "lon": 105 + i / 1000})
        for i in range(200)])
    response = phone("leader").client.get("/api/v1/stats/map", headers={"Accept-Encoding": "gzip"})
    assert len(json.loads(gzip.decompress(response.get_data()))["points"]) == 200
    assert len(response.get_data()) < 200 * 40  # compressed: about 8 kB for 200 points
