"""POST /api/v1/sync/push: one result per operation, each applied once, in order."""
import uuid
from datetime import datetime

import pytest
from sqlalchemy import func, select

from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from fieldapp.sync.models import AppliedOp, Conflict
from tests.phones import at, new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}


def household(team, entity_id=None, minutes=0, op_id=None, **data):
    return op("household.upsert", entity_id or new_id(),
              {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An", **data}, minutes, op_id=op_id)


def stored(model, entity_id):
    db.session.expire_all()
    return db.session.get(model, uuid.UUID(str(entity_id)))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def recorded(team, phone):
    """A household lan recorded (version 1), with the two phones of T01: (its id, lan, tuan)."""
    household_id = new_id()
    lan, tuan = phone("lan"), phone("tuan")
    lan.push(household(team, household_id))
    return household_id, lan, tuan


def test_new_household_is_applied_with_version_1(team, phone):
    lan = phone("lan")
    create = household(team, phone="+84 912 345 678")
    [result] = lan.push(create)
    assert result == {"op_id": create["op_id"], "status": "applied", "errors": {}, "version": 1}
    row = stored(Household, create["entity_id"])
    assert (row.head_name, row.phone, row.status, row.created_by_id) == (
        "Nguyễn Văn An", "0912345678", "unvisited", team["lan"].id)


def test_repeated_op_answers_duplicate_with_the_original_result_and_changes_nothing(team, phone):
    lan = phone("lan")
    create = household(team)
    first = lan.push(create)[0]
    again = lan.push(create)[0]
    assert again == {**first, "status": "duplicate"}
    assert count(Household) == 1 and count(AppliedOp) == 1
    assert stored(Household, create["entity_id"]).version == 1


def test_the_same_op_twice_in_one_push_is_applied_once(team, phone):
    create = household(team)
    first, second = phone("lan").push(create, create)
    assert (first["status"], second["status"]) == ("applied", "duplicate")
    assert count(AppliedOp) == 1


def test_one_bad_op_does_not_block_the_others(team, phone):
    good_1, good_2 = household(team), household(team, head_name="Trần Thị Hoa")
    bad = household(team, member_count=99)
    results = phone("lan").push(good_1, bad, good_2)
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert set(results[1]["errors"]) == {"member_count"}
    assert count(Household) == 2


def test_ops_apply_in_the_order_given(team, phone):
    household_id = new_id()
    results = phone("lan").push(
        household(team, household_id),
        op("member.upsert", new_id(), {"household_id": household_id, "full_name": "An"}),
        op("household.upsert", household_id, {"head_name": "Nguyễn Văn Bình"}, minutes=1, base_version=1),
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    assert results[2]["version"] == 2
    assert stored(Household, household_id).head_name == "Nguyễn Văn Bình"


@pytest.mark.parametrize("change, field", [
    ({"member_count": 0}, "member_count"),
    ({"member_count": 51}, "member_count"),
    ({"lat": 91}, "lat"),
    ({"lon": -181}, "lon"),
    ({"phone": "12345"}, "phone"),
    ({"consent": "maybe"}, "consent"),
    ({"head_name": "   "}, "head_name"),
    ({"head_name": "x" * 201}, "head_name"),
    ({"cccd": "001099012345"}, "cccd"),
    ({"ethnicity": "Kinh"}, "ethnicity"),
])
def test_household_fields_out_of_range_or_unknown_are_rejected(team, phone, change, field):
    [result] = phone("lan").push(household(team, **change))
    assert result["status"] == "rejected"
    assert field in result["errors"]
    assert count(Household) == 0


def test_new_household_needs_a_head_name_and_a_village(team, phone):
    [result] = phone("lan").push(op("household.upsert", new_id(), {"village_id": team["t01"].id}))
    assert result["status"] == "rejected" and "head_name" in result["errors"]


@pytest.mark.parametrize("envelope, field", [
    ({"op_id": "not-a-uuid"}, "op_id"),
    ({"type": "household.explode"}, "type"),
    ({"at": "yesterday"}, "at"),
    ({"at": "2026-03-05T08:00:00"}, "at"),  # no offset
    ({"entity_id": 7}, "entity_id"),
    ({"data": "text"}, "data"),
    ({"extra": 1}, "extra"),
])
def test_malformed_envelopes_are_rejected_one_by_one(team, phone, envelope, field):
    bad = {**household(team), **envelope}
    results = phone("lan").push(bad, household(team))
    assert results[0]["status"] == "rejected" and field in results[0]["errors"]
    assert results[1]["status"] == "applied"


def test_an_op_that_is_not_an_object_is_rejected_alone(team, phone):
    results = phone("lan").push("nonsense", 42, household(team))
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]


def test_messages_follow_the_users_language(team, phone):
    lan = phone("lan")
    vi = lan.push(household(team, member_count=99))[0]["errors"]["member_count"][0]
    en = lan.push(household(team, member_count=99), **{"Accept-Language": "en"})[0]
    assert en["errors"]["member_count"][0] == "Must be between 1 and 50."
    assert vi == "Phải nằm trong khoảng từ 1 đến 50."


def test_script_in_text_is_stored_as_text(team, phone):
    create = household(team, head_name="<script>alert(1)</script>", note="=cmd|' /C calc'!A0")
    assert phone("lan").push(create)[0]["status"] == "applied"
    row = stored(Household, create["entity_id"])
    assert row.head_name == "<script>alert(1)</script>"
    assert row.note == "=cmd|' /C calc'!A0"


def test_text_is_normalised(team, phone):
    import unicodedata

    create = household(team, head_name="  " + unicodedata.normalize("NFD", "Nguyễn   Văn An") + " ")
    phone("lan").push(create)
    assert stored(Household, create["entity_id"]).head_name == "Nguyễn Văn An"


def test_status_and_version_sent_by_a_phone_are_ignored(team, phone):
    create = household(team, status="covered", version=99)
    assert phone("lan").push(create)[0]["status"] == "applied"
    row = stored(Household, create["entity_id"])
    assert (row.status, row.version) == ("unvisited", 1)


# --- scope ----------------------------------------------------------------------------------

def test_volunteer_cannot_write_another_village(team, phone):
    [result] = phone("lan").push(household(team, village_id=team["t02"].id))
    assert result["status"] == "rejected" and "village_id" in result["errors"]


def test_volunteer_cannot_touch_a_household_of_another_village(team, phone):
    household_id = new_id()
    phone("hoa").push(household(team, household_id, village_id=team["t02"].id))
    results = phone("lan").push(
        op("household.upsert", household_id, {"head_name": "Kẻ lạ"}, base_version=1),
        op("visit.create", new_id(), {"household_id": household_id, "outcome": "met"}),
        op("member.upsert", new_id(), {"household_id": household_id, "full_name": "Ai đó"}),
    )
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert stored(Household, household_id).head_name == "Nguyễn Văn An"


def test_other_communes_household_is_unknown(team, phone):
    household_id = new_id()
    phone("stranger").push(op("household.upsert", household_id,
                              {"village_id": team["far"].id, "head_name": "Ở xa"}))
    [result] = phone("officer").push(op("member.upsert", new_id(),
                                        {"household_id": household_id, "full_name": "X"}))
    assert result["status"] == "rejected"
    assert count(Member) == 0


def test_officer_writes_every_village_of_the_commune_but_not_another(team, phone):
    officer = phone("officer")
    results = officer.push(household(team, village_id=team["t02"].id),
                           household(team, village_id=team["far"].id))
    assert [r["status"] for r in results] == ["applied", "rejected"]


def test_volunteer_is_taken_from_the_session_not_the_payload(team, phone):
    household_id, visit_id = new_id(), new_id()
    phone("lan").push(household(team, household_id),
                      op("visit.create", visit_id, {"household_id": household_id, "outcome": "met",
                                                    "volunteer_id": team["leader"].id}))
    assert stored(Visit, visit_id).volunteer_id == team["lan"].id


def test_deactivated_user_push_is_403_and_nothing_is_applied(team, phone):
    lan = phone("lan")
    team["lan"].active = False
    db.session.commit()
    response = lan.push_raw({"device_id": "p", "ops": [household(team)]})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "account_deactivated"
    assert count(Household) == 0


def test_push_without_login_is_401(client, team):
    response = client.post("/api/v1/sync/push", json={"device_id": "p", "ops": []})
    assert response.status_code == 401


def test_push_needs_the_csrf_token(team, phone):
    lan = phone("lan")
    response = lan.client.post("/api/v1/sync/push", json={"device_id": "p", "ops": [household(team)]})
    assert response.status_code == 400
    assert count(Household) == 0


# --- limits ---------------------------------------------------------------------------------

def test_more_than_500_ops_is_413_with_the_limit_in_the_message(team, phone):
    response = phone("lan").push_raw({"device_id": "p", "ops": [household(team) for _ in range(501)]},
                                     **{"Accept-Language": "en"})
    assert response.status_code == 413
    assert "500" in response.get_json()["error"]["message"]
    assert count(Household) == 0


def test_more_than_1_mib_is_413(team, phone):
    big = [household(team, note="x" * 1900) for _ in range(600)]
    response = phone("lan").push_raw({"device_id": "p", "ops": big[:500]})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_500_ops_are_accepted(team, phone):
    results = phone("lan").push(*[household(team) for _ in range(500)])
    assert {r["status"] for r in results} == {"applied"}
    assert count(Household) == 500


# --- clocks ---------------------------------------------------------------------------------

def test_a_phone_clock_in_the_future_is_replaced_and_flagged(team, phone):
    household_id, visit_id = new_id(), new_id()
    future = "2099-06-01T00:00:00+07:00"
    results = phone("lan").push(
        household(team, household_id),
        op("visit.create", visit_id, {"household_id": household_id, "outcome": "met"}, when=future),
    )
    assert results[1]["clock_adjusted"] is True
    visit = stored(Visit, visit_id)
    assert visit.clock_adjusted and visit.visited_at.year == visit.received_at.year < 2099
    applied = db.session.scalar(select(AppliedOp).where(AppliedOp.op_id == uuid.UUID(results[1]["op_id"])))
    assert applied.client_at.year == 2099 and applied.at.year < 2099


def test_phone_time_and_server_time_are_both_stored(team, phone):
    household_id, visit_id = new_id(), new_id()
    phone("lan").push(household(team, household_id),
                      op("visit.create", visit_id, {"household_id": household_id, "outcome": "not_home"}))
    visit = stored(Visit, visit_id)
    assert visit.visited_at.isoformat() == at(0).replace("+00:00", "+00:00")
    assert visit.received_at > visit.visited_at


# --- merging --------------------------------------------------------------------------------

def test_later_phone_time_wins_whatever_the_arrival_order(recorded):
    household_id, lan, tuan = recorded
    tuan.push(op("household.upsert", household_id, {"address": "Số 9"}, minutes=30, base_version=1))
    [late_arrival] = lan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=10,
                                 base_version=1))
    assert late_arrival["status"] == "applied"
    assert stored(Household, household_id).address == "Số 9"


def test_equal_phone_times_go_to_the_later_arrival(recorded):
    household_id, lan, tuan = recorded
    tuan.push(op("household.upsert", household_id, {"address": "Số 9"}, minutes=10, base_version=1))
    lan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=10, base_version=1))
    assert stored(Household, household_id).address == "Số 5"


def test_fields_merge_one_by_one(recorded):
    household_id, lan, tuan = recorded
    lan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=20, base_version=1))
    tuan.push(op("household.upsert", household_id, {"phone": "0987654321"}, minutes=10, base_version=1))
    row = stored(Household, household_id)
    assert (row.address, row.phone) == ("Số 5", "0987654321")
    assert count(Conflict) == 0


def test_two_phones_editing_one_field_offline_keep_both_values(team, recorded):
    household_id, lan, tuan = recorded
    lan.push(op("household.upsert", household_id, {"head_name": "Nguyễn Văn Ân"}, minutes=20,
                base_version=1))
    tuan.push(op("household.upsert", household_id, {"head_name": "Nguyễn Văn Án"}, minutes=10,
                 base_version=1))
    assert stored(Household, household_id).head_name == "Nguyễn Văn Ân"
    conflict = db.session.scalar(select(Conflict))
    assert (conflict.field, conflict.kept_value, conflict.lost_value) == (
        "head_name", "Nguyễn Văn Ân", "Nguyễn Văn Án")
    assert (conflict.kept_by_id, conflict.lost_by_id) == (team["lan"].id, team["tuan"].id)
    assert conflict.kept_at.isoformat() == at(20) and conflict.lost_at.isoformat() == at(10)


def test_a_stale_write_that_wins_also_keeps_the_overwritten_value(team, recorded):
    household_id, lan, tuan = recorded
    lan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=10, base_version=1))
    tuan.push(op("household.upsert", household_id, {"address": "Số 9"}, minutes=20, base_version=1))
    assert stored(Household, household_id).address == "Số 9"
    conflict = db.session.scalar(select(Conflict))
    assert (conflict.kept_value, conflict.lost_value, conflict.lost_by_id) == ("Số 9", "Số 5", team["lan"].id)


def test_no_conflict_when_the_phone_had_seen_the_latest_version(team, phone):
    household_id = new_id()
    lan = phone("lan")
    lan.push(household(team, household_id))
    lan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=10, base_version=1))
    lan.push(op("household.upsert", household_id, {"address": "Số 7"}, minutes=20, base_version=2))
    assert count(Conflict) == 0


def test_no_conflict_when_both_wrote_the_same_value(recorded):
    household_id, lan, tuan = recorded
    lan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=10, base_version=1))
    tuan.push(op("household.upsert", household_id, {"address": "Số 5"}, minutes=20, base_version=1))
    assert count(Conflict) == 0


def test_two_skills_taught_on_two_phones_are_both_kept(team, phone):
    household_id, member_id = new_id(), new_id()
    lan, tuan = phone("lan"), phone("tuan")
    lan.push(household(team, household_id),
             op("member.upsert", member_id, {"household_id": household_id, "full_name": "Bà Hoa"}))
    lan.push(op("member.upsert", member_id, {"skills": {"vneid_level2": True}}, minutes=10, base_version=1))
    tuan.push(op("member.upsert", member_id, {"skills": {"dvc_login": True}}, minutes=5, base_version=1))
    assert stored(Member, member_id).skills == ["vneid_level2", "dvc_login"]
    assert count(Conflict) == 0


def test_skills_make_the_member_capable_and_the_household_covered(team, phone):
    household_id, member_id = new_id(), new_id()
    lan = phone("lan")
    lan.push(household(team, household_id),
             op("visit.create", new_id(), {"household_id": household_id, "outcome": "met"}),
             op("member.upsert", member_id, {"household_id": household_id, "full_name": "Bà Hoa",
                                             "skills": SKILLED}, minutes=5))
    member, row = stored(Member, member_id), stored(Household, household_id)
    assert member.capable and row.status == "covered"
    assert row.covered_by_id == team["lan"].id
    lan.push(op("member.upsert", member_id, {"skills": {"dvc_submit": False}}, minutes=9, base_version=1))
    member, row = stored(Member, member_id), stored(Household, household_id)
    assert not member.capable and row.status == "in_progress"


def test_member_must_be_14_or_older_to_be_recorded_by_name(team, phone):
    from datetime import date

    household_id = new_id()
    young = op("member.upsert", new_id(), {"household_id": household_id, "full_name": "Bé Na",
                                            "birth_year": date.today().year - 10})
    results = phone("lan").push(household(team, household_id), young)
    assert results[1]["status"] == "rejected" and "birth_year" in results[1]["errors"]


def test_unknown_skill_is_rejected(team, phone):
    household_id = new_id()
    results = phone("lan").push(household(team, household_id), op(
        "member.upsert", new_id(), {"household_id": household_id, "full_name": "A",
                                    "skills": {"vneid_password": True}}))
    assert results[1]["status"] == "rejected" and "skills" in results[1]["errors"]


# --- visits and tombstones ------------------------------------------------------------------

def test_latest_visit_by_time_decides_the_status(team, phone):
    household_id = new_id()
    lan = phone("lan")
    lan.push(household(team, household_id),
             op("visit.create", new_id(), {"household_id": household_id, "outcome": "not_home",
                                           "next_visit_on": "2026-03-08"}, minutes=60))
    lan.push(op("visit.create", new_id(), {"household_id": household_id, "outcome": "met"}, minutes=30))
    row = stored(Household, household_id)
    assert row.status == "not_home" and row.next_visit_on.isoformat() == "2026-03-08"
    assert count(Visit) == 2


def test_a_visit_sent_twice_under_two_op_ids_is_recorded_once(team, phone):
    household_id, visit_id = new_id(), new_id()
    lan = phone("lan")
    lan.push(household(team, household_id))
    visit = {"household_id": household_id, "outcome": "met", "topics": ["vneid_login", "materials"],
             "barriers": ["no_chip_id"], "people_guided": 2}
    lan.push(op("visit.create", visit_id, visit))
    assert lan.push(op("visit.create", visit_id, visit))[0]["status"] == "applied"
    assert count(Visit) == 1
    stored_visit = stored(Visit, visit_id)
    assert (stored_visit.topics, stored_visit.barriers) == (["materials", "vneid_login"], ["no_chip_id"])


def test_deactivation_is_a_tombstone_with_a_reason(team, phone):
    household_id = new_id()
    lan = phone("lan")
    lan.push(household(team, household_id))
    [result] = lan.push(op("household.deactivate", household_id, {"inactive_reason": "Chuyển đi"},
                           minutes=5, base_version=1))
    assert result["status"] == "applied"
    row = stored(Household, household_id)
    assert (row.inactive, row.inactive_reason, row.status) == (True, "Chuyển đi", "inactive")


def test_deactivation_needs_a_reason(team, phone):
    household_id = new_id()
    lan = phone("lan")
    lan.push(household(team, household_id))
    [result] = lan.push(op("household.deactivate", household_id, {}))
    assert result["status"] == "rejected" and "inactive_reason" in result["errors"]


def test_member_delete_leaves_a_tombstone_and_updates_coverage(team, phone):
    household_id, member_id = new_id(), new_id()
    lan = phone("lan")
    lan.push(household(team, household_id),
             op("member.upsert", member_id, {"household_id": household_id, "full_name": "A",
                                             "skills": SKILLED}))
    assert stored(Household, household_id).status == "covered"
    [result] = lan.push(op("member.delete", member_id, {}, minutes=5, base_version=1))
    assert result["status"] == "applied"
    assert stored(Member, member_id).deleted
    assert stored(Household, household_id).status == "unvisited"
    [after] = lan.push(op("member.upsert", member_id, {"full_name": "B"}, minutes=6, base_version=2))
    assert after["status"] == "rejected"


def test_declined_consent_keeps_no_personal_data(team, phone):
    household_id = new_id()
    lan = phone("lan")
    lan.push(household(team, household_id, phone="0912345678", note="Nhà cấp 4"))
    lan.push(op("household.upsert", household_id, {"consent": "declined"}, minutes=5, base_version=1))
    row = stored(Household, household_id)
    assert (row.consent, row.phone, row.note) == ("declined", None, None)
    assert row.consent_by_id == team["lan"].id
    results = lan.push(
        op("household.upsert", household_id, {"phone": "0912345678"}, minutes=6, base_version=2),
        op("member.upsert", new_id(), {"household_id": household_id, "full_name": "A"}, minutes=6),
    )
    assert [r["status"] for r in results] == ["rejected", "rejected"]


def test_household_code_must_be_unique_in_the_commune(team, phone):
    results = phone("lan").push(household(team, code="HGD000001"), household(team, code="HGD000001"))
    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert "code" in results[1]["errors"]


def test_a_change_repeating_the_stored_value_still_beats_an_older_one(recorded):
    """Found by the property test: the latest change wins even when it repeats the value."""
    household_id, lan, tuan = recorded
    lan.push(op("household.upsert", household_id, {"address": "Số 1"}, minutes=1, base_version=1),
             op("household.upsert", household_id, {"address": "Số 1"}, minutes=3, base_version=2))
    tuan.push(op("household.upsert", household_id, {"address": "Số 2"}, minutes=2, base_version=1))
    assert stored(Household, household_id).address == "Số 1"


def test_an_op_the_database_refuses_is_rejected_alone_and_the_rest_applied(team, phone):
    """A constraint no check foresaw (here an op_id another commune already used) must not
    fail the whole push: it is applied again one op at a time and only that op is refused."""
    taken = op("household.upsert", new_id(), {"village_id": team["far"].id, "head_name": "Ở xa"})
    phone("stranger").push(taken)
    clash = household(team, op_id=taken["op_id"])
    results = phone("lan").push(household(team), clash, household(team))
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert count(Household) == 3


def test_a_push_is_one_unit_of_work_committed_once(team, phone, commits):
    lan = phone("lan")
    commits.clear()
    lan.push(household(team), household(team))
    assert len(commits) == 1


def test_a_push_stamps_the_users_last_sync_once_a_minute(team, phone):
    from fieldapp.accounts.models import User

    lan = phone("lan")
    lan.push(household(team))
    db.session.expire_all()
    first = db.session.get(User, team["lan"].id).last_sync_at
    assert first is not None
    lan.push(household(team))  # within the minute: the user is not written again
    db.session.expire_all()
    assert db.session.get(User, team["lan"].id).last_sync_at == first


def test_an_older_consent_change_that_loses_keeps_the_latest_consent_time(team, phone):
    lan = phone("lan")
    household_id = new_id()
    lan.push(household(team, household_id))
    lan.push(op("household.upsert", household_id, {"consent": "given"}, minutes=10, base_version=1))
    # An older change from the same user arrives late and loses the merge.
    lan.push(op("household.upsert", household_id, {"consent": "declined"}, minutes=5, base_version=1))
    row = stored(Household, household_id)
    assert row.consent == "given"
    assert row.consent_at == datetime.fromisoformat(at(10))
    assert row.consent_by_id == team["lan"].id


def _household_and(team, kind, data):
    home = new_id()
    ops = [household(team, home)]
    if kind == "household.upsert":
        ops = [household(team, **data)]
    else:
        ops.append(op(kind, new_id(), {"household_id": home, **data}))
    return ops


@pytest.mark.parametrize("kind, data, field", [
    ("household.upsert", {"member_count": "many"}, "member_count"),        # integer
    ("household.upsert", {"member_count": 99}, "member_count"),            # integer range
    ("household.upsert", {"lat": "north"}, "lat"),                         # number
    ("household.upsert", {"head_name": "x" * 201}, "head_name"),           # text too long
    ("household.upsert", {"note": "x" * 100_000}, "note"),                 # long text
    ("household.upsert", {"phone": "12345"}, "phone"),                     # phone
    ("household.upsert", {"consent": "maybe"}, "consent"),                 # choice
    ("household.upsert", {"next_visit_on": "someday"}, "next_visit_on"),   # date
    ("household.upsert", {"head_name": 12}, "head_name"),                  # wrong type
    ("household.upsert", {"ethnicity": "Kinh"}, "ethnicity"),              # unknown field
    ("member.upsert", {"full_name": "An", "birth_year": 1800}, "birth_year"),
    ("member.upsert", {"full_name": "An", "birth_year": "old"}, "birth_year"),
    ("member.upsert", {"full_name": "An", "birth_year": 3000}, "birth_year"),
    ("member.upsert", {"full_name": "An", "skills": {"vneid_level2": 5}}, "skills"),
    ("member.upsert", {"full_name": "An", "skills": "all"}, "skills"),
    ("member.upsert", {"full_name": "x" * 500}, "full_name"),
    ("visit.create", {"outcome": "maybe"}, "outcome"),
    ("visit.create", {"outcome": "met", "topics": ["cooking"]}, "topics"),
    ("visit.create", {"outcome": "met", "people_guided": 500}, "people_guided"),
    ("visit.create", {"outcome": "met", "visited_at": "yesterday"}, "visited_at"),
])
def test_field_errors_are_lists_of_messages(team, phone, kind, data, field):
    """SYNC.md: `errors` is {field: [messages]}, each a sentence (not a bare string, nor a
    list of its characters), whatever the field's type."""
    results = phone("lan").push(*_household_and(team, kind, data))
    result = results[-1]
    assert result["status"] == "rejected"
    assert field in result["errors"], result["errors"]
    for name, messages in result["errors"].items():
        assert isinstance(messages, list) and messages, (name, messages)
        assert all(isinstance(m, str) and len(m) > 3 for m in messages), (name, messages)


@pytest.mark.parametrize("device_id", ["a\x00b", "é" * 10, "with space", "x" * 101])
def test_a_device_id_outside_the_headers_rule_is_422_not_a_server_error(team, phone, device_id):
    # The body's device_id is read by the X-Device-Id header's rule (printable ASCII, 1 to 100):
    # PostgreSQL refuses a NUL in text, which was a 500.
    lan = phone("lan")
    response = lan.client.post("/api/v1/sync/push", json={"device_id": device_id, "ops": [household(team)]},
                               headers={"X-CSRFToken": lan.token})
    assert response.status_code == 422, response.get_json()
    assert "device_id" in response.get_json()["error"]["fields"]
    assert count(Household) == 0
