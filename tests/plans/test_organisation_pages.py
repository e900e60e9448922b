"""The office's page of organisations: add one, correct its steps, erase its contact person, take
it off the list; another commune's is not there (issue 17 item 2)."""
from datetime import date

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.plans.models import Organisation
from tests.plans.helpers import post

FORM = {"name": "Hợp tác xã Đông Hòa", "kind": "cooperative", "contact_name": "Lê Thị Hoa",
        "contact_phone": "0912345678", "account_on": "2026-03-02", "online_dossier_on": "",
        "online_payment_on": ""}


def only():
    return db.session.scalars(db.select(Organisation).execution_options(populate_existing=True)).one()


def test_the_office_adds_an_organisation_and_sees_its_steps(client, team, office):
    page = office("/office/organisations", village_id=str(team["t01"].id), **FORM).get_data(as_text=True)
    assert "Đã lưu tổ chức, doanh nghiệp." in page
    assert "Hợp tác xã Đông Hòa" in page and "Chưa đạt" in page
    assert "✓ Tài khoản tổ chức: 02/03/2026" in page and "✗ Nộp hồ sơ trực tuyến" in page
    organisation = only()
    assert (organisation.account_on, organisation.online_dossier_on) == (date(2026, 3, 2), None)
    page = office(f"/office/organisations/{organisation.id}", village_id=str(team["t01"].id),
                  **{**FORM, "online_dossier_on": "2026-03-09"}).get_data(as_text=True)
    assert "Đạt từ ngày 09/03/2026" in page
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "organisation_changed")).one()
    assert entry.details == {"fields": ["online_dossier_on"]}


def test_bad_input_is_refused_with_a_message_and_saves_nothing(client, team, office):
    page = office("/office/organisations", village_id=str(team["t01"].id), **{**FORM, "name": ""})
    assert 'class="flash flash-error"' in page.get_data(as_text=True)
    page = office("/office/organisations", village_id=str(team["far"].id), **FORM)
    assert 'class="flash flash-error"' in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Organisation)) == 0


def test_the_contact_is_erased_and_the_organisation_taken_off_the_list(client, team, office):
    covered = {**FORM, "online_dossier_on": "2026-03-03"}
    office("/office/organisations", village_id=str(team["t01"].id), **covered)
    organisation = only()
    page = office(f"/office/organisations/{organisation.id}/erase-contact").get_data(as_text=True)
    assert "Đã xóa tên và số điện thoại của người liên hệ." in page and "Lê Thị Hoa" not in page
    assert (only().contact_name, only().contact_phone) == (None, None)
    page = office(f"/office/organisations/{organisation.id}/remove").get_data(as_text=True)
    assert "Hợp tác xã Đông Hòa" not in page and only().removed is True
    assert client.get(f"/office/organisations/{organisation.id}").status_code == 404


def test_another_communes_organisation_is_not_found(client, team, office, phone):
    body = {**FORM, "village_id": team["far"].id, "account_on": None, "online_dossier_on": None,
            "online_payment_on": None}
    far = post(phone("stranger"), "/api/v1/organisations", body).get_json()["id"]
    assert client.get(f"/office/organisations/{far}").status_code == 404
    assert office(f"/office/organisations/{far}/remove").status_code == 404
    assert "Hợp tác xã Đông Hòa" not in client.get("/office/organisations").get_data(as_text=True)
    assert db.session.get(Organisation, far).removed is False
