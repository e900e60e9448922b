"""The login page, logout, language and each role's home, in Vietnamese by default."""
import re

import pytest

from tests.conftest import PASSWORD

HOMES = {"volunteer": "/app", "leader": "/leader", "officer": "/office", "admin": "/office"}


TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_from(client, path="/login"):
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def session_token(client):
    """The logged-in session's token (the app shell holds none: it is cached for offline use)."""
    return client.get("/api/v1/session").get_json()["csrf_token"]


def page_login(client, username, password=PASSWORD, **extra):
    token = csrf_from(client)
    return client.post("/login", data={"csrf_token": token, "username": username,
                                       "password": password, **extra})


@pytest.fixture
def users(commune, make_village, make_user):
    village = make_village(commune, "T01", "Thôn Đông")
    return {role: make_user(commune, role, villages=[village], username=role) for role in HOMES}


def test_login_page_is_vietnamese(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Mật khẩu" in html


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_its_own_vietnamese_home(client, users, role):
    response = page_login(client, role)
    assert response.status_code == 302
    assert response.headers["Location"] == HOMES[role]
    page = client.get(HOMES[role])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="vi">' in html and "Đăng xuất" in html


def test_wrong_password_shows_the_same_message_as_unknown_user(client, users):
    wrong = page_login(client, "volunteer", "wrong-password")
    unknown = page_login(client, "nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in wrong.get_data(as_text=True)
    assert "Sai tên đăng nhập hoặc mật khẩu." in unknown.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused(client, users):
    response = client.post("/login", data={"username": "volunteer", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/app").status_code == 302


def test_login_form_is_rate_limited_with_the_api(client, users):
    for _ in range(10):
        assert page_login(client, "volunteer", "wrong-password").status_code == 401
    response = client.post("/api/v1/session", json={"username": "volunteer", "password": PASSWORD})
    assert response.status_code == 429
    assert page_login(client, "volunteer").status_code == 429


def test_next_goes_back_to_the_page_asked_for_but_never_off_site(client, users):
    token = csrf_from(client)
    data = {"csrf_token": token, "username": "leader", "password": PASSWORD}
    assert client.post("/login?next=/app", data=data).headers["Location"] == "/app"
    client.post("/logout", data={"csrf_token": session_token(client)})
    token = csrf_from(client)
    response = client.post("/login?next=//evil.example/x", data={**data, "csrf_token": token})
    assert response.headers["Location"] == "/leader"


def test_volunteer_cannot_open_the_leader_or_office_pages(client, users):
    page_login(client, "volunteer")
    assert client.get("/leader").status_code == 403
    assert client.get("/office").status_code == 403


def test_logout_needs_a_post_with_the_token(client, users):
    page_login(client, "volunteer")
    assert client.post("/logout").status_code == 400
    assert client.get("/app").status_code == 200
    response = client.post("/logout", data={"csrf_token": session_token(client)})
    assert response.status_code == 302
    assert client.get("/app").status_code == 302


def test_language_switch_to_english_is_remembered_for_the_user(client, users):
    page_login(client, "officer")
    token = csrf_from(client, "/office")
    response = client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/office"})
    assert response.headers["Location"] == "/office"
    html = client.get("/office").get_data(as_text=True)
    assert '<html lang="en">' in html and "Log out" in html


def test_anonymous_language_choice_is_kept_in_a_cookie(client):
    token = csrf_from(client)
    client.post("/language", data={"csrf_token": token, "lang": "en"})
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "Password" in html


def test_pages_send_the_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.get_data(as_text=True)


def test_form_errors_on_the_login_page_are_vietnamese(client):
    response = client.post("/login", data={"csrf_token": csrf_from(client), "username": "",
                                           "password": ""})
    html = response.get_data(as_text=True)
    assert "This field is required" not in html and "Please fill in" not in html


def test_requests_racing_after_a_form_login_share_one_csrf_token(client, users):
    """The app shell asks for the session twice at once after the login; whichever cookie the
    browser keeps, the token of either answer must be accepted (a logout once failed with 400)."""
    page_login(client, "volunteer")
    after_login = client.get_cookie("session").value
    first = session_token(client)
    client.set_cookie("session", after_login)
    session_token(client)  # the racing request: its cookie is the one the browser keeps
    response = client.delete("/api/v1/session", headers={"X-CSRFToken": first})
    assert response.status_code == 204
