"""A desk contact for an organisation may name the organisation's record (issue 17):
`organisation_id` in POST /api/v1/desk, of the user's commune (another commune's, a removed one or
an unknown id is 422 on the field, with one message); a link only, which changes none of the
organisation's steps nor the organisations' figures; the desk's form offers the commune's
organisations to pick."""
import re

import pytest

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.plans.models import DeskContact, Organisation
from tests.plans.helpers import post

HELPED_AT = "2026-03-05T09:30:00+07:00"
UNKNOWN = "Tổ chức, doanh nghiệp này không có trong xã của bạn."


def desk(device, **fields):
    body = {"helped_at": HELPED_AT, "party": "organisation", "services": ["dvc_submit"], "self_done": True,
            "paid_online": True, "rated": True, **fields}
    return post(device, "/api/v1/desk", body)


def organisation(device, village, name="Công ty TNHH An Phú", **steps):
    response = post(device, "/api/v1/organisations", {"name": name, "kind": "enterprise",
                                                      "village_id": village.id, **steps})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def stats(device):
    response = device.client.get("/api/v1/stats/coverage")
    assert response.status_code == 200
    return response.get_json()["total"]


def test_a_contact_names_its_organisation_and_invents_no_coverage(team, phone):
    officer = phone("officer")
    an_phu = organisation(officer, team["t01"], account_on="2026-03-01")
    before = stats(officer)
    response = desk(officer, organisation_id=an_phu["id"])
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["organisation_id"], body["party"], body["member_id"]) == (an_phu["id"], "organisation", None)
    assert db.session.get(DeskContact, body["id"]).organisation_id == an_phu["id"]
    # Filed and paid online at the desk, by themselves: still only linked, the steps as they were.
    row = db.session.scalars(db.select(Organisation).execution_options(populate_existing=True)).one()
    assert (str(row.account_on), row.online_dossier_on, row.online_payment_on) == ("2026-03-01", None, None)
    after = stats(officer)
    assert (after["organisations"], after["organisations_covered"]) == (
        before["organisations"], before["organisations_covered"]) == (1, 0)
    assert after["desk_contacts"] == before["desk_contacts"] + 1
    entry = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action == "desk_contact_recorded")).one()
    assert entry.details["organisation_id"] == an_phu["id"]
    assert "An Phú" not in repr(entry.details)


def test_without_an_organisation_the_contact_is_as_before(team, phone):
    response = desk(phone("officer"))
    assert response.status_code == 201 and response.get_json()["organisation_id"] is None


def refused(response):
    assert response.status_code == 422, response.get_json()
    return response.get_json()["error"]["fields"]["organisation_id"]


def test_another_communes_or_a_removed_or_unknown_organisation_is_422_alike(team, phone):
    officer = phone("officer")
    far = organisation(phone("stranger"), team["far"], name="Công ty Xa")
    gone = organisation(officer, team["t01"], name="HTX Cũ")
    assert officer.client.delete(f"/api/v1/organisations/{gone['id']}",
                                 headers={"X-CSRFToken": officer.token}).status_code == 204
    messages = [refused(desk(officer, organisation_id=oid)) for oid in (far["id"], gone["id"], 2_000_000)]
    assert messages == [[UNKNOWN]] * 3
    assert db.session.scalar(db.select(db.func.count()).select_from(DeskContact)) == 0


@pytest.mark.parametrize("value", ["abc", 0, -1, 2**31, True, 1.5, [1]])
def test_an_organisation_id_that_is_no_id_is_422(team, phone, value):
    refused(desk(phone("officer"), organisation_id=value))


def test_a_person_helped_names_no_organisation(team, phone):
    officer = phone("officer")
    an_phu = organisation(officer, team["t01"])
    assert refused(desk(officer, party="person", organisation_id=an_phu["id"])) == [
        "Chỉ khi hỗ trợ tổ chức, doanh nghiệp mới chọn được tổ chức, doanh nghiệp."]


def test_the_desk_form_offers_the_communes_organisations_and_links_the_picked_one(client, team, office,
                                                                                  phone):
    officer = phone("officer")
    an_phu = organisation(officer, team["t01"])
    organisation(officer, team["t02"], name="HTX Tây")
    organisation(phone("stranger"), team["far"], name="Công ty Xa")
    page = client.get("/office/desk").get_data(as_text=True)
    offered = re.findall(r'<option value="(\d+)">([^<]*)</option>', page.split('id="desk-organisation"')[1])
    assert [name for _id, name in offered] == ["Công ty TNHH An Phú", "HTX Tây"]
    assert f'<optgroup label="{team["t01"].name}">' in page
    page = office("/office/desk", party="organisation", services="dvc_submit", self_done="1",
                  organisation_id=str(an_phu["id"])).get_data(as_text=True)
    assert "Đã lưu." in page
    assert db.session.scalars(db.select(DeskContact)).one().organisation_id == an_phu["id"]
    today = page.split('id="desk-today"')[1]
    assert "Công ty TNHH An Phú" in today


def test_the_desk_form_refuses_what_the_api_refuses(client, team, office, phone):
    far = organisation(phone("stranger"), team["far"], name="Công ty Xa")
    page = office("/office/desk", party="organisation", services="dvc_submit",
                  organisation_id=str(far["id"])).get_data(as_text=True)
    assert 'class="flash flash-error"' in page and UNKNOWN in page
    page = office("/office/desk", party="organisation", organisation_id="x").get_data(as_text=True)
    assert 'class="flash flash-error"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(DeskContact)) == 0
