"""The office's forms and the household list import refuse free text holding an ID-card number,
an OTP or a password (core/forbidden_text.py), with the same message as the phone."""
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.office.importer import import_households

CITIZEN_ID = "Do not write a citizen ID (CCCD) number here."
SECRET = "Do not write an OTP code or a password here."


def user_named(username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def test_a_new_account_cannot_carry_an_id_number_in_its_name(client, team, office):
    response = office("/office/users/new", username="moi", role="volunteer",
                      full_name="Trần Minh 001234567890")
    assert response.status_code == 200
    assert CITIZEN_ID in response.get_data(as_text=True)
    assert user_named("moi") is None


def test_an_edited_name_cannot_carry_a_password(client, team, office):
    lan = team["lan"]
    response = office(f"/office/users/{lan.id}", full_name="Lan, mật khẩu: Lan@2024", role="volunteer",
                      village=str(team["t01"].id))
    assert response.status_code == 200
    assert SECRET in response.get_data(as_text=True)
    assert "Lan@2024" not in user_named("lan").full_name


def test_an_imported_row_with_an_id_number_in_the_address_is_rejected(commune, make_village, make_user):
    make_village(commune, "T01", "Thôn Đông")
    officer = make_user(commune, "officer", [], username="office")
    data = ("Mã hộ,Thôn,Họ tên chủ hộ,Địa chỉ,Số điện thoại\n"
            "HGD-1,Thôn Đông,Nguyễn Văn An,\"Xóm 3, CCCD 001234567890\",0912345678\n"
            "HGD-2,Thôn Đông,Lê Thị Bình,\"Số 12, xóm 3\",0912345679\n").encode()
    result = import_households(commune, officer, data, "list.csv")
    assert [(row["status"], row["messages"]) for row in result["rows"]][0] == ("rejected", [CITIZEN_ID])
    assert result["rows"][1]["status"] == "accepted"
    db.session.expire_all()
    assert db.session.scalars(select(Household.head_name)).all() == ["Lê Thị Bình"]
