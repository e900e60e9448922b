"""A phone cannot store an ID-card number, an OTP or a password in free text: the operation is
rejected like any invalid field, {field: [message]}, in the user's language, and nothing is kept."""
import pytest
from sqlalchemy import func, select

from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from tests.phones import new_id, op

CCCD = "Số căn cước: 001 234 567 890"
OTP = "mã OTP 482913"
CITIZEN_ID_VI = "Không ghi số căn cước công dân (CCCD) vào đây."
SECRET_VI = "Không ghi mã OTP hay mật khẩu vào đây."


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def an(team, phone):
    entity_id = new_id()
    [result] = phone("lan").push(op("household.upsert", entity_id, {
        "village_id": team["t01"].id, "head_name": "Nguyễn Văn An", "note": "Nhà có 2 cháu nhỏ"}))
    assert result["status"] == "applied"
    return entity_id


@pytest.mark.parametrize("field", ["head_name", "address", "note"])
@pytest.mark.parametrize("text, message", [(CCCD, CITIZEN_ID_VI), (OTP, SECRET_VI)])
def test_a_household_field_with_an_id_number_or_a_code_is_rejected(team, phone, field, text, message):
    data = {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An", field: text}
    [result] = phone("lan").push(op("household.upsert", new_id(), data))
    assert (result["status"], result["errors"]) == ("rejected", {field: [message]})
    assert count(Household) == 0


def test_an_edit_cannot_put_a_password_in_the_note(team, phone, an):
    edit = op("household.upsert", an, {"note": "mật khẩu VNeID: Lan@2024"}, base_version=1)
    [result] = phone("lan").push(edit)
    assert (result["status"], result["errors"]) == ("rejected", {"note": [SECRET_VI]})
    assert db.session.scalar(select(Household.note)) == "Nhà có 2 cháu nhỏ"


@pytest.mark.parametrize("data, field", [
    ({"full_name": "Lê Thị Bình 001234567890"}, "full_name"),
    ({"full_name": "Lê Thị Bình", "note": "CCCD 0012.3456.7890"}, "note"),
])
def test_a_member_with_an_id_number_is_rejected(team, phone, an, data, field):
    [result] = phone("lan").push(op("member.upsert", new_id(), {"household_id": an, **data}))
    assert (result["status"], result["errors"]) == ("rejected", {field: [CITIZEN_ID_VI]})
    assert count(Member) == 0


def test_a_visit_note_with_an_otp_is_rejected_and_a_reason_with_an_id_too(team, phone, an):
    visit = op("visit.create", new_id(), {"household_id": an, "outcome": "met", "note": "OTP: 4821"})
    reason = {"inactive_reason": "Chuyển đi, CCCD 001234567890"}
    leave = op("household.deactivate", an, reason, base_version=1)
    results = phone("lan").push(visit, leave)
    assert [(r["status"], r["errors"]) for r in results] == [
        ("rejected", {"note": [SECRET_VI]}), ("rejected", {"inactive_reason": [CITIZEN_ID_VI]})]
    assert count(Visit) == 0


def test_the_message_is_in_english_for_an_english_speaker(team, phone):
    data = {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An", "note": "password is abc123"}
    [result] = phone("lan").push(op("household.upsert", new_id(), data), **{"Accept-Language": "en"})
    assert result["errors"] == {"note": ["Do not write an OTP code or a password here."]}


def test_phone_numbers_and_ordinary_notes_are_kept(team, phone):
    note = "Gọi 0912 345 678 sau 17 giờ; quên mật khẩu VNeID, hẹn 12/03/2026"
    data = {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An", "note": note,
            "address": "Số 12, xóm 3"}
    [result] = phone("lan").push(op("household.upsert", new_id(), data))
    assert result["status"] == "applied"
    assert db.session.scalar(select(Household.note)) == note
