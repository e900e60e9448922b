"""A supervisor's account is made and changed from the command line only: the office's account
pages and API refuse it (403, never a 500 for an account without a commune)."""
import pytest

from tests.conftest import api_login


@pytest.fixture
def accounts(app, commune, make_user, make_province):
    province = make_province(communes=[commune])
    return {"admin": make_user(commune, "admin", username="quantri"),
            "supervisor": make_user(None, "supervisor", username="giamsat", province=province)}


def test_an_admin_cannot_change_a_supervisor_from_the_office(client, accounts):
    response = api_login(client, "quantri")
    token = response.get_json()["csrf_token"]
    supervisor = accounts["supervisor"].id
    assert client.get(f"/office/users/{supervisor}").status_code == 403
    for action in ("deactivate", "password"):
        response = client.post(f"/office/users/{supervisor}/{action}", data={"csrf_token": token})
        assert response.status_code == 403, action
    for action in ("deactivate", "reactivate"):
        response = client.post(f"/api/v1/users/{supervisor}/{action}", json={},
                               headers={"X-CSRFToken": token})
        assert response.status_code == 403
    assert client.get(f"/api/v1/users/{supervisor}/devices").status_code == 403


def test_a_supervisor_logs_out(client, accounts):
    token = api_login(client, "giamsat").get_json()["csrf_token"]
    assert client.get("/api/v1/session").status_code == 200
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/api/v1/session").status_code == 401
