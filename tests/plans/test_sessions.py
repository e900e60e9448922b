"""POST /api/v1/sessions: conferences, trainings and campaign days, with who was rostered and
who came."""
import pytest

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.plans.models import OutreachSession, session_members, session_volunteers
from tests.phones import new_id
from tests.plans.helpers import household_with_member, post


def hold(device, **fields):
    body = {"held_on": "2026-03-07", "kind": "conference", "village_id": None, "place": "Nhà văn hóa thôn",
            "topics": ["vneid_level2", "cyber_safety"], "attendance": 40, "volunteer_ids": [],
            "member_ids": [], **fields}
    return post(device, "/api/v1/sessions", body)


def count(table):
    return db.session.scalar(db.select(db.func.count()).select_from(table))


def test_an_officer_records_a_village_session_with_its_roster_and_people(team, phone):
    lan = phone("lan")
    _, first = household_with_member(lan, team["t01"])
    _, second = household_with_member(lan, team["t01"])
    response = hold(phone("officer"), village_id=team["t01"].id, kind="training", audience="Đoàn viên",
                    volunteer_ids=[team["lan"].id, team["tuan"].id, team["lan"].id],
                    member_ids=[first, second], attendance=25)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["kind"], body["village_id"], body["attendance"]) == ("training", team["t01"].id, 25)
    assert body["held_on"] == "2026-03-07" and body["topics"] == ["cyber_safety", "vneid_level2"]
    assert body["volunteer_ids"] == sorted([team["lan"].id, team["tuan"].id])
    assert sorted(body["member_ids"]) == sorted([first, second])
    assert (count(session_volunteers), count(session_members)) == (2, 2)
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "session_recorded")).one()
    assert entry.target_id == str(body["id"]) and entry.details["attendance"] == 25


def test_a_commune_session_has_no_village(team, phone):
    response = hold(phone("officer"))
    assert response.status_code == 201
    assert db.session.get(OutreachSession, response.get_json()["id"]).village_id is None


@pytest.mark.parametrize("who", ["lan", "leader"])
def test_volunteers_and_leaders_do_not_record_sessions(team, phone, who):
    assert hold(phone(who)).status_code == 403
    assert count(OutreachSession) == 0


def test_another_communes_village_users_and_members_are_not_known(team, phone):
    _, person = household_with_member(phone("lan"), team["t01"])
    stranger = phone("stranger")
    for fields, field in [({"village_id": team["t01"].id}, "village_id"),
                          ({"volunteer_ids": [team["lan"].id]}, "volunteer_ids"),
                          ({"member_ids": [person]}, "member_ids"),
                          ({"member_ids": [new_id()]}, "member_ids"),
                          ({"village_id": 999999}, "village_id")]:
        response = hold(stranger, **fields)
        assert response.status_code == 422, fields
        assert field in response.get_json()["error"]["fields"]
    assert hold(stranger, village_id=team["far"].id).status_code == 201
    assert count(OutreachSession) == 1


@pytest.mark.parametrize("fields, field", [
    ({"held_on": "07/03/2026"}, "held_on"),
    ({"held_on": "2026-02-30"}, "held_on"),
    ({"kind": "party"}, "kind"),
    ({"place": "   "}, "place"),
    ({"place": "x" * 201}, "place"),
    ({"topics": ["gossip"]}, "topics"),
    ({"attendance": -1}, "attendance"),
    ({"attendance": "many"}, "attendance"),
    ({"attendance": 2**40}, "attendance"),
    ({"village_id": 2**40}, "village_id"),
    ({"volunteer_ids": ["a"]}, "volunteer_ids"),
    ({"member_ids": ["not-a-uuid"]}, "member_ids"),
    ({"religion": "x"}, "religion"),
])
def test_bad_input_is_422_with_the_field(team, phone, fields, field):
    response = hold(phone("officer"), **fields)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert count(OutreachSession) == 0


def test_the_attendance_counts_at_least_the_people_named(team, phone):
    _, first = household_with_member(phone("lan"), team["t01"])
    _, second = household_with_member(phone("lan"), team["t01"])
    response = hold(phone("officer"), member_ids=[first, second], attendance=1)
    assert response.status_code == 422
    assert "attendance" in response.get_json()["error"]["fields"]
