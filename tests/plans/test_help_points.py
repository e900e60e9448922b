"""Help points: added by the office, listed for the commune, printed on the leaflets."""
import pytest

from fieldapp.extensions import db
from fieldapp.plans.models import HelpPoint
from tests.conftest import PASSWORD
from tests.pages.test_login_pages import page_login
from tests.plans.helpers import post

POST_OFFICE = {"kind": "post_office", "name": "Bưu điện xã", "address": "Thôn Đông, xã Thử Nghiệm",
               "hours": "Thứ Hai – Thứ Sáu, 7:30–17:00"}


def test_the_office_adds_a_help_point_and_the_commune_lists_it(team, phone):
    response = post(phone("officer"), "/api/v1/help-points", POST_OFFICE)
    assert response.status_code == 201, response.get_json()
    assert response.get_json() | {"id": None} == {**POST_OFFICE, "id": None}
    listed = phone("lan").client.get("/api/v1/help-points").get_json()["items"]
    assert [item["name"] for item in listed] == ["Bưu điện xã"]
    assert phone("stranger").client.get("/api/v1/help-points").get_json()["items"] == []


@pytest.mark.parametrize("who", ["lan", "leader"])
def test_only_the_office_adds_help_points(team, phone, who):
    assert post(phone(who), "/api/v1/help-points", POST_OFFICE).status_code == 403


@pytest.mark.parametrize("fields, field", [
    ({"kind": "bank"}, "kind"), ({"name": ""}, "name"), ({"address": None}, "address"),
    ({"hours": "x" * 201}, "hours"), ({"bank_account": "123"}, "bank_account"),
])
def test_bad_input_is_422_with_the_field(team, phone, fields, field):
    response = post(phone("officer"), "/api/v1/help-points", {**POST_OFFICE, **fields})
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


@pytest.fixture
def office_page(client, team):
    assert page_login(client, team["officer"].username, PASSWORD).status_code == 302
    page = client.get("/office/help-points").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return lambda path, **data: client.post(path, data={"csrf_token": token, **data}, follow_redirects=True)


def test_the_page_adds_a_point_the_leaflet_prints_it_and_removing_takes_it_off(client, team, office_page):
    page = office_page("/office/help-points", **POST_OFFICE)
    assert page.status_code == 200 and "Đã lưu điểm hỗ trợ" in page.get_data(as_text=True)
    point = db.session.scalars(db.select(HelpPoint)).one()
    leaflet = client.get("/guides/cai-dat-vneid/leaflet").get_data(as_text=True)
    assert "Bưu điện xã" in leaflet and "Thứ Hai – Thứ Sáu, 7:30–17:00" in leaflet
    assert office_page(f"/office/help-points/{point.id}/remove").status_code == 200
    assert "Bưu điện xã" not in client.get("/guides/cai-dat-vneid/leaflet").get_data(as_text=True)
    assert db.session.get(HelpPoint, point.id, populate_existing=True).removed is True


def test_another_communes_help_point_cannot_be_removed(client, team, office_page, phone):
    far = post(phone("stranger"), "/api/v1/help-points", POST_OFFICE).get_json()["id"]
    assert office_page(f"/office/help-points/{far}/remove").status_code == 404
    assert db.session.get(HelpPoint, far).removed is False


def test_the_page_refuses_bad_input_with_a_message(client, team, office_page):
    page = office_page("/office/help-points", **{**POST_OFFICE, "kind": "bank"})
    assert 'class="flash flash-error"' in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(HelpPoint)) == 0
