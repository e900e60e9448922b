"""The error shape of API.md on /api/ paths; Vietnamese HTML pages elsewhere."""
import pytest

from fieldapp.extensions import db


@pytest.fixture
def team(commune, other_commune, make_village, make_user):
    own = make_village(commune, "T01")
    return {
        "own": own,
        "other_village": make_village(commune, "T02"),
        "other_commune": make_village(other_commune, "T09"),
        "volunteer": make_user(commune, "volunteer", villages=[own], username="lan"),
    }


def error_of(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) <= {"code", "message", "fields"} and error["message"]
    return error


def test_malformed_json_is_400(client):
    response = client.post("/api/v1/session", data="{not json", content_type="application/json")
    assert error_of(response, 400)["code"] == "bad_request"


def test_not_logged_in_is_401(client):
    assert error_of(client.get("/api/v1/villages"), 401)["code"] == "unauthorized"


def test_another_teams_village_is_403(client, team, login):
    login(team["volunteer"])
    response = client.get(f"/api/v1/villages/{team['other_village'].id}")
    assert error_of(response, 403)["code"] == "forbidden"


def test_another_communes_village_is_404(client, team, login):
    login(team["volunteer"])
    response = client.get(f"/api/v1/villages/{team['other_commune'].id}")
    assert error_of(response, 404)["code"] == "not_found"


def test_unknown_api_path_is_404_json(client):
    assert error_of(client.get("/api/v1/no-such-thing"), 404)["code"] == "not_found"


def test_wrong_method_is_405_json(client):
    assert error_of(client.put("/api/v1/villages"), 405)["code"] == "method_not_allowed"


def test_invalid_fields_are_422_with_field_messages(client):
    response = client.post("/api/v1/session", json={"username": "lan", "cccd": "001099012345"})
    error = error_of(response, 422)
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"password", "cccd"}


@pytest.mark.parametrize("body", [[], "text", 42, None, {"username": 5, "password": []}])
def test_odd_json_bodies_are_client_errors_not_500(client, body):
    response = client.post("/api/v1/session", json=body)
    assert response.status_code in (400, 422)
    assert "error" in response.get_json()


def test_own_village_is_200(client, team, login):
    login(team["volunteer"])
    response = client.get(f"/api/v1/villages/{team['own'].id}")
    assert response.status_code == 200
    assert response.get_json()["code"] == "T01"
    assert [v["code"] for v in client.get("/api/v1/villages").get_json()] == ["T01"]


def test_error_messages_are_vietnamese_by_default_and_english_on_request(client):
    vi = client.get("/api/v1/villages").get_json()["error"]["message"]
    en = client.get("/api/v1/villages", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert en.get_json()["error"]["message"] == "Please log in."
    assert vi != "Please log in." and "đăng nhập" in vi.lower()


def test_server_error_is_json_without_details(app, client, team, login, monkeypatch):
    login(team["volunteer"])

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail Nguyễn Văn An")

    monkeypatch.setattr(db.session, "scalars", broken)
    response = client.get("/api/v1/villages")
    error = error_of(response, 500)
    assert "Nguyễn" not in response.get_data(as_text=True)
    assert error["code"] == "server_error"


def test_html_pages_get_a_vietnamese_error_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '<html lang="vi">' in response.get_data(as_text=True)


def test_html_page_without_login_redirects_to_login(client):
    response = client.get("/leader")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_wrong_method_on_a_page_is_a_405_page_not_a_500(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert response.mimetype == "text/html" and "POST" in response.headers["Allow"]


def test_json_nested_too_deep_is_400(client):
    response = client.post("/api/v1/session", data="[" * 100000, content_type="application/json")
    assert error_of(response, 400)["code"] == "bad_request"


@pytest.mark.parametrize("village_id", ["2147483648", "9223372036854775808", "0", "-1"])
def test_ids_out_of_range_are_404_on_every_engine(client, team, login, village_id):
    login(team["volunteer"])
    assert error_of(client.get(f"/api/v1/villages/{village_id}"), 404)["code"] == "not_found"


@pytest.mark.parametrize("username", ["lan\x00", "\ud800lan", "l\u200ban"])
def test_unstorable_characters_in_a_login_are_a_failed_login_not_a_500(client, team, username):
    response = client.post("/api/v1/session", json={"username": username, "password": "x\ud800"})
    assert error_of(response, 401)["code"] == "invalid_credentials"


def test_400_for_bad_json_has_no_fields_list(client):
    response = client.post("/api/v1/session", data="{not json", content_type="application/json")
    assert "fields" not in error_of(response, 400)


def test_422_field_messages_are_vietnamese_by_default(client):
    response = client.post("/api/v1/session", json={"username": "lan"})
    assert error_of(response, 422)["fields"]["password"] == ["Thiếu dữ liệu cho trường bắt buộc."]
