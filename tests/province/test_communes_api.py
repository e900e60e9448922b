"""GET /api/v1/stats/communes: a province's communes side by side. Each row is that commune's
own report (GET /api/v1/stats/coverage as its office reads it) for the same period, with a rank;
a supervisor sees its province's communes and no household."""
import pytest

from fieldapp.places import services as places
from tests.conftest import api_login
from tests.phones import Phone, new_id, op
from tests.plans.helpers import post

RULE = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}
PERIODS = [{}, {"date_from": "2026-03-01", "date_to": "2026-03-31"}, {"date_from": "2026-03-06"},
           {"date_to": "2026-03-05"}, {"date_from": "2026-04-01", "date_to": "2026-04-30"}]


@pytest.fixture
def province_world(app, commune, other_commune, make_village, make_user, make_province):
    """A province of two communes (work recorded in both), a third commune outside it."""
    outside = places.create_commune("30003", "Xã Ngoài Tỉnh")
    province = make_province(communes=[commune, other_commune])
    far_province = make_province("98", "Tỉnh Khác", communes=[outside])
    communes = (commune, other_commune, outside)
    villages = {c.code: [make_village(c, "T01"), make_village(c, "T02")] for c in communes}
    officers = {c.code: make_user(c, "officer", username=f"officer-{c.code}") for c in communes}
    volunteers = {c.code: make_user(c, "volunteer", villages[c.code], username=f"lan-{c.code}")
                  for c in communes}
    for code, covered, visited in (("10001", 2, 3), ("20002", 1, 4), ("30003", 3, 3)):
        record_work(Phone(app, volunteers[code]), Phone(app, officers[code]), villages[code], covered,
                    visited)
    return {"province": province, "far_province": far_province, "communes": [commune, other_commune],
            "outside": outside, "officers": officers, "villages": villages, "make_user": make_user}


def record_work(volunteer, officer, villages, covered, visited):
    """`visited` households across the two villages (met on 5 March, one not home on 10 March),
    of which `covered` have a capable member; a desk contact and a session of the commune."""
    for n in range(visited):
        home, person = new_id(), new_id()
        village = villages[n % 2]
        results = volunteer.push(
            op("household.upsert", home, {"village_id": village.id, "head_name": f"Hộ {n}"}),
            op("member.upsert", person, {"household_id": home, "full_name": f"Người {n}",
                                         "skills": RULE if n < covered else {"vneid_level2": True}}),
            op("visit.create", new_id(), {"household_id": home, "outcome": "met", "topics": ["dvc_login"]},
               when="2026-03-05T03:00:00+00:00"))
        assert {r["status"] for r in results} == {"applied"}, results
    home = new_id()
    volunteer.push(op("household.upsert", home, {"village_id": villages[0].id, "head_name": "Hộ vắng"}),
                   op("visit.create", new_id(), {"household_id": home, "outcome": "not_home"},
                      when="2026-03-10T03:00:00+00:00"))
    assert post(officer, "/api/v1/desk", {"helped_at": "2026-03-12T08:00:00+07:00", "party": "person",
                                          "services": ["dvc_submit"], "self_done": True, "paid_online": False,
                                          "rated": False}).status_code == 201
    assert post(officer, "/api/v1/sessions", {
        "held_on": "2026-03-20", "kind": "conference", "village_id": None, "place": "Hội trường",
        "topics": [], "attendance": 25, "volunteer_ids": [], "member_ids": []}).status_code == 201


def get(client, path, **query):
    response = client.get(path, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def logged_in(app, user):
    client = app.test_client()
    assert api_login(client, user.username).status_code == 200
    return client


@pytest.mark.parametrize("query", PERIODS)
def test_each_row_is_the_communes_own_coverage_report(app, province_world, query):
    supervisor = province_world["make_user"](None, "supervisor", username="giamsat",
                                             province=province_world["province"])
    items = get(logged_in(app, supervisor), "/api/v1/stats/communes", **query)["items"]
    assert [item["code"] for item in items] == ["20002", "10001"]  # by name: Bên Cạnh, Thử Nghiệm
    for item in items:
        own = get(logged_in(app, province_world["officers"][item["code"]]), "/api/v1/stats/coverage", **query)
        expected = {"commune_id": item["commune_id"], "code": item["code"], "name": item["name"],
                    "rank": item["rank"], **own["total"]}
        assert item == expected


def test_communes_are_ranked_by_covered_share(app, province_world):
    supervisor = province_world["make_user"](None, "supervisor", username="giamsat",
                                             province=province_world["province"])
    items = get(logged_in(app, supervisor), "/api/v1/stats/communes")["items"]
    ranks = {item["code"]: (item["rank"], item["covered"], item["households"]) for item in items}
    assert ranks == {"10001": (1, 2, 4), "20002": (2, 1, 5)}


def test_an_admin_sees_its_own_communes_province(app, province_world):
    admin = province_world["make_user"](province_world["outside"], "admin", username="quantri")
    items = get(logged_in(app, admin), "/api/v1/stats/communes")["items"]
    assert [item["code"] for item in items] == ["30003"]
    assert items[0]["rank"] == 1 and items[0]["covered"] == 3


def test_a_supervisor_reaches_no_household_member_or_visit(app, province_world):
    supervisor = province_world["make_user"](None, "supervisor", username="giamsat",
                                             province=province_world["province"])
    client = logged_in(app, supervisor)
    village = province_world["villages"]["10001"][0]
    for path in ("/api/v1/households", f"/api/v1/villages/{village.id}", "/api/v1/villages",
                 "/api/v1/sync/pull", "/api/v1/stats/coverage", "/api/v1/stats/map", "/api/v1/stats/barriers",
                 "/exports/households.csv", "/api/v1/targets", "/office/households", "/leader", "/app"):
        response = client.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
    me = get(client, "/api/v1/session")
    assert (me["user"]["role"], me["user"]["commune_id"], me["user"]["province_id"]) == (
        "supervisor", None, province_world["province"].id)
    assert me["commune"] is None


@pytest.mark.parametrize("query", [{"date_from": "2026-13-01"}, {"date_to": "x" * 300},
                                   {"date_from": "2026-03-02", "date_to": "2026-03-01"},
                                   {"date_from": "1899-12-31"}])
def test_a_bad_period_is_a_422(app, province_world, query):
    supervisor = province_world["make_user"](None, "supervisor", username="giamsat",
                                             province=province_world["province"])
    response = logged_in(app, supervisor).get("/api/v1/stats/communes", query_string=query)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"


def test_the_communes_of_a_province_are_for_supervisors_and_admins_only(app, province_world):
    for user in province_world["officers"].values():
        assert logged_in(app, user).get("/api/v1/stats/communes").status_code == 403
    assert app.test_client().get("/api/v1/stats/communes").status_code == 401
