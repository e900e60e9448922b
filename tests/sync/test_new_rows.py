"""The rows a push creates are inserted without the ORM (sync/new_rows.py, core/bulk.py): they
must read back as the ORM would have written them, numbered and noted as its hooks do."""
import uuid
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from fieldapp.core.bulk import insert_rows
from fieldapp.dashboard.models import VillageStats
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from fieldapp.places.models import Commune
from fieldapp.sync.models import AppliedOp
from tests.phones import T0, new_id, op


def test_new_rows_read_back_with_the_columns_the_orm_would_fill(team, phone):
    lan = phone("lan")
    village = team["t01"]
    household_id, member_id, visit_id = new_id(), new_id(), new_id()
    results = lan.push(
        op("household.upsert", household_id, {"village_id": village.id, "head_name": "Nguyễn Văn An",
                                               "address": "Xóm 3,", "consent": "given"}),
        op("member.upsert", member_id, {"household_id": household_id, "full_name": "Trần Thị Hoa",
                                        "skills": {"vneid_level2": True}}),
        op("visit.create", visit_id, {"household_id": household_id, "outcome": "met",
                                      "topics": ["vneid_level2"], "barriers": []}, minutes=5),
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    db.session.expire_all()
    household = db.session.get(Household, uuid.UUID(household_id))
    member = db.session.get(Member, uuid.UUID(member_id))
    visit = db.session.get(Visit, uuid.UUID(visit_id))
    # The defaults the flush would have filled, and what the handlers and derive() set.
    assert (household.inactive, household.deleted, household.merged_into_id, household.version) == (
        False, False, None, 1)
    assert (household.status, household.match_address, household.last_outcome) == (
        "in_progress", "xom 3", "met")
    assert household.search_text == "nguyen van an xom 3, tran thi hoa"
    assert household.last_visit_at == T0 + timedelta(minutes=5)
    assert household.created_at.tzinfo is UTC and household.created_by_id == lan.user.id
    assert household.field_stamps["head_name"]["v"] == 1
    assert (member.is_head, member.skill_vneid_level2, member.skill_dvc_login, member.group_official) == (
        False, True, False, False)
    assert (member.village_id, member.commune_id, member.deleted) == (village.id, village.commune_id, False)
    assert (visit.volunteer_id, visit.people_guided, visit.clock_adjusted, visit.topics) == (
        lan.user.id, 0, False, ["vneid_level2"])
    # Each row took its own number of the commune's counter, as the write hook gives ORM rows.
    seqs = [household.seq, member.seq, visit.seq]
    assert len(set(seqs)) == 3 and min(seqs) > village.seq
    assert db.session.get(Commune, village.commune_id).last_seq >= max(seqs)


def test_a_push_marks_its_villages_summary_stale(team, phone):
    lan = phone("lan")
    village = team["t01"]
    db.session.add(VillageStats(village_id=village.id, commune_id=village.commune_id, changes=4, counted=4))
    db.session.commit()
    lan.push(op("household.upsert", new_id(), {"village_id": village.id, "head_name": "Lê Văn Cường"}))
    db.session.expire_all()
    assert db.session.scalar(select(VillageStats.changes).where(VillageStats.village_id == village.id)) == 5


def test_insert_rows_converts_each_value_by_its_column_type(app, commune, make_user):
    user = make_user(commune, "volunteer")
    at = datetime(2026, 3, 5, 22, 30, 0, 123456, tzinfo=timezone(timedelta(hours=7)))
    rows = [{"op_id": uuid.uuid4(), "commune_id": commune.id, "user_id": user.id, "device_id": device,
             "type": "visit.create", "entity_id": uuid.uuid4(), "at": at, "client_at": client_at,
             "received_at": at + timedelta(seconds=1), "result": {"status": "applied", "version": None}}
            for device, client_at in (("a", None), (None, at + timedelta(hours=1)))]
    keys = ("op_id", "commune_id", "user_id", "device_id", "type", "entity_id", "at", "client_at",
            "received_at", "result")
    insert_rows(db.session.connection(), AppliedOp.__table__, keys, rows)
    db.session.commit()
    db.session.expire_all()
    for row in rows:
        stored = db.session.get(AppliedOp, row["op_id"])
        assert {key: getattr(stored, key) for key in keys} == row  # times compare as instants
        assert stored.at.tzinfo is not None and stored.at.utcoffset() == timedelta(0)


def test_an_insert_the_checks_did_not_foresee_fails_alone(team, phone):
    """A household id already taken in another commune is unknown to the push (it loads its own
    commune's rows), so its INSERT fails on the key: that operation alone is rejected, and the
    push's other operations are applied (services.apply_operations, one by one on a failure)."""
    taken = new_id()
    stranger = phone("stranger")
    assert stranger.push(op("household.upsert", taken, {"village_id": team["far"].id,
                                                        "head_name": "Đỗ Văn Hải"}))[0]["status"] == "applied"
    lan, other = phone("lan"), new_id()
    results = lan.push(
        op("household.upsert", taken, {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An"}),
        op("household.upsert", other, {"village_id": team["t01"].id, "head_name": "Trần Văn Bảo"}),
    )
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert results[0]["errors"] == {"_schema": ["Không lưu được thay đổi này."]}
    db.session.expire_all()
    assert db.session.get(Household, uuid.UUID(taken)).commune_id == team["far"].commune_id
    assert db.session.get(Household, uuid.UUID(other)).head_name == "Trần Văn Bảo"
