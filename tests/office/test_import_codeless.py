"""Rows without a household code: matched again by village, head name and address, so importing
the same list twice does not duplicate them; namesakes are never merged on a guess."""
import pytest
from sqlalchemy import select

from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.office.importer import import_households
from tests.phones import Phone, new_id, op

HEADERS = "Mã hộ,Thôn,Họ tên chủ hộ,Địa chỉ,Số điện thoại,Số nhân khẩu\n"


@pytest.fixture
def office(commune, make_village, make_user):
    make_village(commune, "T01", "Thôn Đông")
    make_village(commune, "T02", "Thôn Tây")
    return make_user(commune, "officer", [], username="office")


def csv(*lines):
    return (HEADERS + "".join(line + "\n" for line in lines)).encode("utf-8")


def households():
    db.session.expire_all()
    return db.session.execute(select(Household.id, Household.code, Household.head_name, Household.phone,
                                     Household.version).order_by(Household.created_at, Household.id)).all()


def statuses(result):
    return [row["status"] for row in result["rows"]]


def test_a_row_without_a_code_imported_twice_makes_one_household(commune, office):
    data = csv(",Thôn Đông,Nguyễn Văn An,\"Số 12, ngõ 3\",0912345678,4")
    first = import_households(commune, office, data, "list.csv")
    assert statuses(first) == ["accepted"]
    [made] = households()
    again = import_households(commune, office, data, "list.csv")
    assert statuses(again) == ["unchanged"] and again["unchanged"] == 1
    assert households() == [made]  # nothing created, nothing written (same version)


def test_the_match_folds_accents_case_and_spaces_and_the_row_corrects_the_household(commune, office):
    import_households(commune, office, csv(",Thôn Đông,Trần Thị Bình,Xóm Chợ,,2"), "a.csv")
    [before] = households()
    corrected = import_households(commune, office, csv(",THÔN ĐÔNG,  tran thi binh ,xom  cho,0912345678,3"),
                                  "b.csv")
    assert statuses(corrected) == ["repaired"]
    [after] = households()
    assert (after.id, after.phone, after.version) == (before.id, "0912345678", before.version + 1)
    assert after.head_name == "tran thi binh"  # the file's spelling wins, as for a row with a code


def test_a_household_recorded_by_a_phone_is_matched_too(app, commune, office, make_user):
    t01 = _village_id(commune, "T01")
    volunteer = Phone(app, make_user(commune, "officer", username="phone-user"))
    household_id = new_id()
    volunteer.push(op("household.upsert", household_id, {"village_id": t01, "head_name": "Lê Văn Cường",
                                                         "address": "Đội 5"}))
    result = import_households(commune, office, csv(",Thôn Đông,Lê Văn Cường,Đội 5,,"), "list.csv")
    assert statuses(result) == ["unchanged"]
    assert [str(h.id) for h in households()] == [household_id]


def test_namesakes_at_one_address_are_not_merged_on_a_guess(commune, office):
    twins = csv(",Thôn Đông,Phạm Văn Nam,Số 1,0911111111,", ",Thôn Đông,Phạm Văn Nam,Số 1,0922222222,")
    assert statuses(import_households(commune, office, twins, "a.csv")) == ["accepted", "accepted"]
    assert statuses(import_households(commune, office, twins, "a.csv")) == ["unchanged", "unchanged"]
    # a third phone number for the same name and address: which of the two is it? neither is changed
    third = import_households(commune, office, csv(",Thôn Đông,Phạm Văn Nam,Số 1,0933333333,"), "b.csv")
    assert statuses(third) == ["accepted"]
    assert sorted(h.phone for h in households()) == ["0911111111", "0922222222", "0933333333"]
    assert all(h.version == 1 for h in households())
    # rows equal to a household take it first; a row then alone with the one household left corrects it
    listed = csv(",Thôn Đông,Phạm Văn Nam,Số 1,,5", ",Thôn Đông,Phạm Văn Nam,Số 1,0922222222,",
                 ",Thôn Đông,Phạm Văn Nam,Số 1,0911111111,", ",Thôn Tây,Phạm Văn Nam,Số 1,,")
    assert statuses(import_households(commune, office, listed, "c.csv")) == [
        "accepted", "unchanged", "unchanged", "accepted"]
    rows = households()
    assert [(h.phone, h.version) for h in rows[:3]] == [
        ("0911111111", 1), ("0922222222", 1), ("0933333333", 2)]
    assert len(rows) == 4  # the row of another village is another household


def test_a_code_less_row_does_not_take_a_household_that_has_a_code(commune, office):
    import_households(commune, office, csv("HGD-1,Thôn Đông,Vũ Thị Hoa,Số 9,,"), "a.csv")
    result = import_households(commune, office, csv(",Thôn Đông,Vũ Thị Hoa,Số 9,,"), "b.csv")
    assert statuses(result) == ["accepted"]
    assert sorted((h.code or "") for h in households()) == ["", "HGD-1"]


def _village_id(commune, code):
    from fieldapp.places.models import Village

    return db.session.scalar(select(Village.id).where(Village.commune_id == commune.id, Village.code == code))
