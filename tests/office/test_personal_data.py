"""Personal-data duties (DOMAIN.md): erasure on request, the access request, purge on a date."""
import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from fieldapp.sync.models import Conflict
from tests.phones import new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}
PERSONAL = ("Nguyễn Văn An", "0912345678", "Trần Thị Bình", "0987654321", "Hay đi rẫy", "Xóm Bến", "HGD-7",
            "cổng xanh")


@pytest.fixture
def recorded(team, phone):
    """A covered household of T01 with two people, a visit with a note, and a conflict."""
    household, an, binh = new_id(), new_id(), new_id()
    lan = phone("lan")
    lan.push(
        op("household.upsert", household, {
            "village_id": team["t01"].id, "head_name": "Nguyễn Văn An", "code": "HGD-7",
            "address": "Xóm Bến", "phone": "0912345678", "lat": 21.1, "lon": 105.8,
            "consent": "given", "consent_notice_version": 0, "note": "cổng xanh"}),
        op("member.upsert", an, {"household_id": household, "full_name": "Nguyễn Văn An",
                                 "birth_year": 1970, "is_head": True, "phone": "0912345678",
                                 "skills": SKILLED}),
        op("member.upsert", binh, {"household_id": household, "full_name": "Trần Thị Bình",
                                   "phone": "0987654321", "skills": {"vneid_level2": True}}),
        op("visit.create", new_id(), {"household_id": household, "visited_at": "2026-03-05T08:00:00+00:00",
                                      "outcome": "met", "topics": ["vneid_level2"], "people_guided": 2,
                                      "lat": 21.1, "lon": 105.8, "note": "Hay đi rẫy"}),
    )
    # Two volunteers change the note from the same version: one value kept, the other a conflict.
    lan.push(op("household.upsert", household, {"note": "cổng xanh, chó dữ"}, minutes=5, base_version=1))
    phone("tuan").push(op("household.upsert", household, {"note": "cổng xanh gần chợ"}, minutes=6,
                          base_version=1))
    lan.pull_all()
    return {"id": household, "members": (an, binh)}


def household_row(household_id):
    return db.session.get(Household, uuid.UUID(household_id))


def coverage(client):
    return client.get("/api/v1/stats/coverage").get_json()["total"]


def erase(phone, household_id, **form):
    officer = phone("officer")
    return officer.client.post(f"/office/households/{household_id}/erase",
                               data={"csrf_token": officer.token, **form})


def test_erasure_removes_the_personal_fields_and_keeps_the_counts(team, phone, recorded):
    conflicts = db.session.scalars(select(Conflict)).all()
    assert conflicts, "the fixture makes a conflict"
    before = coverage(phone("officer").client)
    response = erase(phone, recorded["id"], confirm="yes")
    assert response.status_code == 302

    db.session.expire_all()
    household = household_row(recorded["id"])
    assert household.deleted and household.erased_at is not None
    assert (household.head_name, household.code, household.address, household.phone, household.lat,
            household.lon, household.note, household.search_text) == ("", *[None] * 6, "")
    members = db.session.scalars(select(Member).where(Member.household_id == household.id)).all()
    assert [(m.full_name, m.phone, m.birth_year) for m in members] == [("", None, None)] * 2
    visits = db.session.scalars(select(Visit).where(Visit.household_id == household.id)).all()
    assert [(v.note, v.lat, v.lon, v.outcome) for v in visits] == [(None, None, None, "met")]
    assert all(c.kept_value is None and c.lost_value is None and c.resolved_at for c in
               db.session.scalars(select(Conflict)))
    # Anonymous counts stay: households, covered, people with level 2, visits.
    after = coverage(phone("officer").client)
    for key in ("households", "visited", "covered", "people_level2", "people_capable", "visits"):
        assert after[key] == before[key], key
    assert after["households"] == 1 and after["people_level2"] == 2


def test_the_next_pull_of_a_phone_drops_the_household_and_nothing_personal_is_served(team, phone, recorded):
    lan = phone("lan")
    lan.pull_all()
    erase(phone, recorded["id"], confirm="yes")
    pages = lan.pull_all()
    served = json.dumps(pages, ensure_ascii=False)
    assert not [text for text in PERSONAL if text in served]
    households = [h for page in pages for h in page["households"]]
    assert [(h["id"], h["deleted"], h["head_name"]) for h in households] == [(recorded["id"], True, "")]
    members = [m for page in pages for m in page["members"]]
    assert sorted(m["id"] for m in members) == sorted(recorded["members"])
    assert all(m["deleted"] and m["full_name"] == "" for m in members)
    assert [v["note"] for page in pages for v in page["visits"]] == [None]
    # Everywhere else too: the list, the record, the export, the search.
    officer = phone("officer").client
    assert officer.get(f"/api/v1/households/{recorded['id']}").status_code == 404
    assert officer.get("/api/v1/households", query_string={"q": "nguyen van an"}).get_json()["total"] == 0
    export = officer.get("/exports/households.csv").get_data().decode("utf-8-sig")
    assert not [text for text in PERSONAL if text in export]
    # A phone that still holds it offline cannot write it back.
    result = lan.push(op("household.upsert", recorded["id"], {"phone": "0912345678"}, minutes=30))
    assert result[0]["status"] == "rejected"


def test_erasure_is_audited_without_personal_data(team, phone, recorded):
    erase(phone, recorded["id"], confirm="yes")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "household_erased")).one()
    assert (entry.user_id, entry.target_id, entry.details) == (
        team["officer"].id, recorded["id"], {"members": 2, "visits": 1})


def test_without_the_confirmation_nothing_is_erased(team, phone, recorded):
    response = erase(phone, recorded["id"])
    assert response.status_code == 302 and response.location.endswith(f"/office/households/{recorded['id']}")
    db.session.expire_all()
    assert household_row(recorded["id"]).head_name == "Nguyễn Văn An"


@pytest.mark.parametrize("who, status", [("leader", 403), ("lan", 403), ("stranger", 404)])
def test_only_the_communes_office_erases_or_exports_a_household(team, phone, recorded, who, status):
    someone = phone(who)
    assert someone.client.get(f"/office/households/{recorded['id']}/data.json").status_code == status
    response = someone.client.post(f"/office/households/{recorded['id']}/erase",
                                   data={"csrf_token": someone.token, "confirm": "yes"})
    assert response.status_code == status
    db.session.expire_all()
    assert household_row(recorded["id"]).erased_at is None


def test_the_access_request_gives_everything_held_about_the_household(team, phone, recorded):
    officer = phone("officer").client
    page = officer.get(f"/office/households/{recorded['id']}")
    assert page.status_code == 200 and "Nguyễn Văn An" in page.get_data(as_text=True)
    response = officer.get(f"/office/households/{recorded['id']}/data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    record = json.loads(response.get_data())
    assert record["household"]["head_name"] == "Nguyễn Văn An"
    assert record["household"]["phone"] == "0912345678"
    assert record["village"] == team["t01"].name
    assert record["consent"]["answer"] == "given" and record["consent"]["notice_version"] == 0
    assert "VNeID" in record["consent"]["notice_text"]
    assert sorted(m["full_name"] for m in record["members"]) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert [v["note"] for v in record["visits"]] == ["Hay đi rẫy"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "household_access_export")).one()
    assert (entry.user_id, entry.target_id) == (team["officer"].id, recorded["id"])


def test_the_office_finds_households_by_name_without_accents(team, phone, recorded):
    officer = phone("officer").client
    found = officer.get("/office/households", query_string={"q": "nguyen van an"}).get_data(as_text=True)
    assert f"/office/households/{recorded['id']}" in found
    none = officer.get("/office/households", query_string={"q": "khong co ai"}).get_data(as_text=True)
    assert f"/office/households/{recorded['id']}" not in none
    assert officer.get("/office/households", query_string={"village_id": team["far"].id}).status_code == 404
    unreadable = {"page": "x", "village_id": "abc"}
    assert officer.get("/office/households", query_string=unreadable).status_code == 200


def test_purge_erases_only_households_untouched_since_the_date(team, phone, recorded, runner):
    fresh = new_id()
    phone("hoa").push(op("household.upsert", fresh, {"village_id": team["t02"].id,
                                                     "head_name": "Lê Văn Mới"}))
    old = household_row(recorded["id"])
    old.updated_at = old.last_visit_at = datetime(2024, 1, 1, tzinfo=UTC)
    db.session.commit()

    dry = runner.invoke(args=["purge", "--before", "2025-01-01", "--dry-run"])
    assert dry.exit_code == 0 and "1 households would be erased" in dry.output
    result = runner.invoke(args=["purge", "--before", "2025-01-01"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert household_row(recorded["id"]).erased_at is not None
    assert household_row(fresh).head_name == "Lê Văn Mới"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "purge")).one()
    assert entry.details["households"] == 1 and entry.commune_id == team["commune"].id
    assert runner.invoke(args=["purge", "--before", "yesterday"]).exit_code == 2


def test_no_column_anywhere_can_hold_a_citizen_id():
    names = {column.name for table in db.metadata.sorted_tables for column in table.columns}
    assert not [name for name in names if any(word in name for word in ("cccd", "citizen", "national_id",
                                                                          "id_number", "identity"))]
