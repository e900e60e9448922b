"""A member's groups (official, youth-union member, association member, pupil or student, team
member) travel as the skills do: only the groups that changed, merged field by field, with
conflicts kept, and listed as an array of keys in pull."""
import uuid

from sqlalchemy import func, select

from fieldapp.extensions import db
from fieldapp.households.models import Member
from fieldapp.sync.models import Conflict
from tests.phones import new_id, op


def stored_member(member_id):
    db.session.expire_all()
    return db.session.get(Member, uuid.UUID(str(member_id)))


def conflicts():
    return db.session.scalar(select(func.count()).select_from(Conflict))


def household_with_member(team, device, member_data=None):
    household_id, member_id = new_id(), new_id()
    results = device.push(
        op("household.upsert", household_id, {"village_id": team["t01"].id, "head_name": "Hộ Nguyễn"}),
        op("member.upsert", member_id, {"household_id": household_id, "full_name": "Nguyễn Thị Hoa",
                                        **(member_data or {})}))
    assert [r["status"] for r in results] == ["applied", "applied"], results
    return household_id, member_id


def test_a_new_member_keeps_the_groups_ticked_and_pull_lists_them(team, phone):
    lan = phone("lan")
    _, member_id = household_with_member(team, lan, {"groups": {"youth_union": True, "student": True}})
    member = stored_member(member_id)
    assert member.groups == ["youth_union", "student"]
    assert not member.group_official
    [pulled] = [m for page in lan.pull_all() for m in page["members"] if m["id"] == member_id]
    assert pulled["groups"] == ["youth_union", "student"]


def test_a_member_without_groups_belongs_to_none(team, phone):
    _, member_id = household_with_member(team, phone("lan"))
    assert stored_member(member_id).groups == []


def test_two_groups_ticked_on_two_phones_are_both_kept(team, phone):
    lan, tuan = phone("lan"), phone("tuan")
    _, member_id = household_with_member(team, lan)
    lan.push(op("member.upsert", member_id, {"groups": {"official": True}}, minutes=10, base_version=1))
    tuan.push(op("member.upsert", member_id, {"groups": {"association": True}}, minutes=5, base_version=1))
    assert stored_member(member_id).groups == ["official", "association"]
    assert conflicts() == 0


def test_one_group_set_two_ways_offline_keeps_both_values_as_a_conflict(team, phone):
    lan, tuan = phone("lan"), phone("tuan")
    _, member_id = household_with_member(team, lan, {"groups": {"team_member": True}})
    lan.push(op("member.upsert", member_id, {"groups": {"team_member": False}}, minutes=20, base_version=1))
    tuan.push(op("member.upsert", member_id, {"groups": {"team_member": True}, "note": "Tổ CNS"},
                 minutes=10, base_version=1))
    member = stored_member(member_id)
    assert member.group_team_member is False  # the later phone time wins
    conflict = db.session.scalar(select(Conflict).where(Conflict.field == "groups.team_member"))
    assert (conflict.kept_value, conflict.lost_value) == (False, True)
    assert (conflict.kept_by_id, conflict.lost_by_id) == (team["lan"].id, team["tuan"].id)


def test_an_older_group_change_arriving_late_loses(team, phone):
    lan, tuan = phone("lan"), phone("tuan")
    _, member_id = household_with_member(team, lan)
    lan.push(op("member.upsert", member_id, {"groups": {"student": True}}, minutes=20, base_version=1))
    tuan.push(op("member.upsert", member_id, {"groups": {"student": False}}, minutes=10, base_version=2))
    assert stored_member(member_id).group_student is True


def test_a_conflicting_group_written_back_by_a_leader(team, phone):
    lan, tuan = phone("lan"), phone("tuan")
    _, member_id = household_with_member(team, lan)
    lan.push(op("member.upsert", member_id, {"groups": {"youth_union": True}}, minutes=20, base_version=1))
    tuan.push(op("member.upsert", member_id, {"groups": {"youth_union": False}}, minutes=30, base_version=1))
    conflict = db.session.scalar(select(Conflict))
    assert (conflict.field, conflict.lost_value) == ("groups.youth_union", True)
    leader = phone("leader")
    response = leader.client.post(f"/api/v1/conflicts/{conflict.id}/resolve", json={"keep": "lost"},
                                  headers={"X-CSRFToken": leader.token})
    assert response.status_code == 200, response.get_json()
    assert stored_member(member_id).group_youth_union is True


def test_an_unknown_group_or_a_non_boolean_is_rejected_with_the_field(team, phone):
    lan = phone("lan")
    _, member_id = household_with_member(team, lan)
    for groups in ({"party_member": True}, {"official": "yes please"}, ["official"], "official"):
        [result] = lan.push(op("member.upsert", member_id, {"groups": groups}, minutes=5, base_version=1))
        assert result["status"] == "rejected" and "groups" in result["errors"], (groups, result)
    assert stored_member(member_id).groups == []


def test_groups_are_kept_when_two_records_of_one_person_are_merged(team, phone):
    lan = phone("lan")
    kept_id, kept_member = household_with_member(team, lan, {"groups": {"official": True}})
    twin_id, twin_member = household_with_member(team, lan, {"groups": {"youth_union": True}})
    leader = phone("leader")
    response = leader.client.post(f"/api/v1/households/{twin_id}/merge", json={"into": kept_id},
                                  headers={"X-CSRFToken": leader.token})
    assert response.status_code == 200, response.get_json()
    assert stored_member(kept_member).groups == ["official", "youth_union"]
    assert stored_member(twin_member).deleted
