"""The desk and the sessions in GET /api/v1/stats/coverage: each counted once, in its village
or, for the commune's own, in the total of a whole-commune report only."""
import pytest

from tests.plans.helpers import household_with_member, post

PLANS = ("desk_contacts", "desk_self_done", "sessions", "session_attendance")
MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def stats(device, **query):
    response = device.client.get("/api/v1/stats/coverage", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def figures(indicators):
    return tuple(indicators[key] for key in PLANS)


def desk(device, helped_at, **fields):
    body = {"helped_at": helped_at, "party": "person", "services": ["dvc_submit"], "self_done": False,
            "paid_online": False, "rated": False, **fields}
    assert post(device, "/api/v1/desk", body).status_code == 201


def hold(device, held_on, attendance, village=None):
    body = {"held_on": held_on, "kind": "conference", "village_id": village.id if village else None,
            "place": "Hội trường", "topics": [], "attendance": attendance, "volunteer_ids": [],
            "member_ids": []}
    assert post(device, "/api/v1/sessions", body).status_code == 201


@pytest.fixture
def recorded(team, phone):
    """March: two desk contacts (one linked to a member of T01, done by themselves), a session in
    T01 (20 people) and one of the whole commune (30); also April's, and another commune's."""
    officer = phone("officer")
    _, person = household_with_member(phone("lan"), team["t01"])
    desk(officer, "2026-03-02T08:00:00+07:00")
    desk(officer, "2026-03-31T23:30:00+07:00", member_id=person, self_done=True)  # 16:30 UTC, still March
    desk(officer, "2026-04-01T00:10:00+07:00")                                   # 31 March in UTC
    hold(officer, "2026-03-07", 20, team["t01"])
    hold(officer, "2026-03-31", 30)
    hold(officer, "2026-04-01", 11, team["t02"])
    desk(phone("stranger"), "2026-03-03T08:00:00+07:00")
    hold(phone("stranger"), "2026-03-03", 99, team["far"])
    return officer


def test_the_office_report_counts_each_contact_and_session_once(team, recorded):
    report = stats(recorded, **MARCH)
    by_village = {v["village_id"]: figures(v) for v in report["villages"]}
    assert by_village == {team["t01"].id: (1, 1, 1, 20), team["t02"].id: (0, 0, 0, 0)}
    assert figures(report["total"]) == (2, 1, 2, 50)
    assert (report["total"]["organisations"], report["total"]["organisations_covered"]) == (0, 0)


def test_days_are_the_communes_local_days(team, recorded):
    april = stats(recorded, date_from="2026-04-01", date_to="2026-04-30")
    assert figures(april["total"]) == (1, 0, 1, 11)


def test_from_the_start_everything_of_the_commune_counts(team, recorded):
    assert figures(stats(recorded)["total"]) == (3, 1, 3, 61)


def test_a_village_report_counts_that_village_only(team, recorded):
    report = stats(recorded, village_id=team["t01"].id, **MARCH)
    assert figures(report["total"]) == (1, 1, 1, 20)


def test_a_leaders_report_counts_their_villages_only(team, recorded, phone):
    assert figures(stats(phone("leader"), **MARCH)["total"]) == (1, 1, 1, 20)
    assert figures(stats(phone("hoa"), **MARCH)["total"]) == (0, 0, 0, 0)


def test_another_commune_counts_its_own(team, recorded, phone):
    assert figures(stats(phone("stranger"), **MARCH)["total"]) == (1, 0, 1, 99)


def test_an_admins_report_covers_every_commune(team, recorded, phone, make_user):
    team["admin"] = make_user(team["commune"], "admin", username="quantri")
    assert figures(stats(phone("admin"), **MARCH)["total"]) == (3, 1, 3, 149)
