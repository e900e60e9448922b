"""POST /api/v1/desk: help at the one-stop desk, and the skills it ticks on a linked member."""
import uuid

import pytest

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.households.models import Member
from fieldapp.plans.models import DeskContact
from fieldapp.plans.services import skills_shown
from tests.phones import new_id, op
from tests.plans.helpers import household_with_member, member_record, post

HELPED_AT = "2026-03-05T09:30:00+07:00"


def desk(device, **fields):
    body = {"helped_at": HELPED_AT, "party": "person", "services": ["dvc_submit"], "self_done": True,
            "paid_online": False, "rated": False, **fields}
    return post(device, "/api/v1/desk", body)


def test_an_officer_records_a_contact_and_it_is_audited(team, phone):
    response = desk(phone("officer"), party="organisation", services=["dvc_login", "dvc_submit"],
                    paid_online=True, rated=True)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["party"] == "organisation"
    assert body["services"] == ["dvc_login", "dvc_submit"]
    assert (body["self_done"], body["paid_online"], body["rated"]) == (True, True, True)
    assert body["member_id"] is None and body["skills_ticked"] == []
    contact = db.session.get(DeskContact, body["id"])
    assert contact.commune_id == team["commune"].id
    entry = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "desk_contact_recorded")).one()
    assert (entry.user_id, entry.target_id) == (team["officer"].id, str(body["id"]))


def test_a_linked_member_gets_the_skills_they_showed_through_the_sync_write_path(team, phone):
    officer, lan = phone("officer"), phone("lan")
    home, person = household_with_member(lan, team["t01"], skills=["vneid_level2", "vneid_login"])
    lan.pull_all()
    before = member_record(lan, home, person)
    response = desk(officer, member_id=person, services=["dvc_login", "dvc_submit"], paid_online=True,
                    rated=True)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["skills_ticked"] == ["dvc_login", "dvc_submit", "online_payment", "rating"]
    assert response.get_json()["village_id"] == team["t01"].id
    after = member_record(lan, home, person)
    assert set(after["skills"]) == {"vneid_level2", "vneid_login", "dvc_login", "dvc_submit",
                                    "online_payment", "rating"}
    assert after["capable"] is True and after["version"] == before["version"] + 1
    # Recorded like any other change: the volunteer's next pull brings it, and the household is covered.
    pulled = lan.pull_all()
    members = [m for page in pulled for m in page["members"] if m["id"] == person]
    assert members and set(members[-1]["skills"]) >= {"dvc_submit", "rating"}
    households = [h for page in pulled for h in page["households"] if h["id"] == home]
    assert households[-1]["status"] == "covered"


def test_what_was_done_for_the_person_ticks_nothing_but_rating(team, phone):
    home, person = household_with_member(phone("lan"), team["t01"])
    response = desk(phone("officer"), member_id=person, services=["dvc_submit"], self_done=False,
                    paid_online=True, rated=True)
    assert response.status_code == 201
    assert response.get_json()["skills_ticked"] == ["rating"]
    assert member_record(phone("lan"), home, person)["skills"] == ["rating"]


def test_skills_already_held_make_no_new_version(team, phone):
    home, person = household_with_member(phone("lan"), team["t01"], skills=["dvc_submit"])
    version = member_record(phone("lan"), home, person)["version"]
    response = desk(phone("officer"), member_id=person, services=["dvc_submit"])
    assert response.status_code == 201 and response.get_json()["skills_ticked"] == []
    assert member_record(phone("lan"), home, person)["version"] == version


@pytest.mark.parametrize("services, self_done, paid_online, rated, shown", [
    (["dvc_login", "dvc_submit"], True, False, False, {"dvc_login", "dvc_submit"}),
    (["dvc_submit"], True, True, False, {"dvc_submit", "online_payment"}),
    (["dvc_submit"], False, True, False, set()),
    ([], False, False, True, {"rating"}),
    (["vneid_level2"], True, False, True, {"vneid_level2", "rating"}),
])
def test_skills_shown_at_the_desk(services, self_done, paid_online, rated, shown):
    assert skills_shown(services, self_done, paid_online, rated) == shown


@pytest.mark.parametrize("role, status", [("lan", 403), ("leader", 403)])
def test_volunteers_and_leaders_do_not_write_at_the_desk(team, phone, role, status):
    assert desk(phone(role)).status_code == status
    assert db.session.scalar(db.select(db.func.count()).select_from(DeskContact)) == 0


def test_the_desk_needs_a_login(client):
    response = client.post("/api/v1/desk", json={})
    assert response.status_code in (400, 401)  # the CSRF check may answer first


def test_an_admin_records_in_their_own_commune(team, phone, make_user):
    admin = make_user(team["commune"], "admin", username="quantri")
    team["admin"] = admin
    response = desk(phone("admin"))
    assert response.status_code == 201
    assert db.session.get(DeskContact, response.get_json()["id"]).commune_id == team["commune"].id


def test_another_communes_member_is_not_known(team, phone, make_village):
    home, person = household_with_member(phone("lan"), team["t01"])
    response = desk(phone("stranger"), member_id=person)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["member_id"]
    unknown = desk(phone("stranger"), member_id=new_id())
    assert unknown.get_json()["error"]["fields"] == response.get_json()["error"]["fields"]
    assert db.session.get(Member, uuid.UUID(person)).skill_dvc_submit is False


def test_a_removed_member_is_not_known(team, phone):
    lan = phone("lan")
    home, person = household_with_member(lan, team["t01"])
    assert lan.push(op("member.delete", person, {}))[0]["status"] == "applied"
    response = desk(phone("officer"), member_id=person)
    assert response.status_code == 422 and "member_id" in response.get_json()["error"]["fields"]


def test_an_organisation_is_no_household_member(team, phone):
    home, person = household_with_member(phone("lan"), team["t01"])
    response = desk(phone("officer"), party="organisation", member_id=person)
    assert response.status_code == 422 and "member_id" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("fields, field", [
    ({"helped_at": None}, "helped_at"),
    ({"helped_at": "2026-03-05T09:30:00"}, "helped_at"),  # no offset
    ({"helped_at": "05/03/2026"}, "helped_at"),
    ({"helped_at": "2999-01-01T00:00:00+07:00"}, "helped_at"),  # in the future
    ({"party": "group"}, "party"),
    ({"services": ["cccd"]}, "services"),
    ({"services": "dvc_submit"}, "services"),
    ({"self_done": "maybe"}, "self_done"),
    ({"member_id": "not-a-uuid"}, "member_id"),
    ({"citizen_id": "001099012345"}, "citizen_id"),  # nothing DOMAIN.md forbids slips in
])
def test_bad_input_is_422_with_the_field(team, phone, fields, field):
    response = desk(phone("officer"), **fields)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"]
    assert db.session.scalar(db.select(db.func.count()).select_from(DeskContact)) == 0
