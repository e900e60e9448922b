"""POST/GET/DELETE /api/v1/session as API.md says."""
import pytest

from fieldapp.accounts.services import set_password
from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from tests.conftest import PASSWORD, api_login


@pytest.fixture
def volunteer(commune, make_village, make_user):
    return make_user(commune, "volunteer", villages=[make_village(commune, "T01")], username="lan")


def test_login_answers_user_and_csrf_token(client, volunteer):
    response = api_login(client, "lan")
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"] == {
        "id": volunteer.id, "username": "lan", "full_name": volunteer.full_name,
        "role": "volunteer", "commune_id": volunteer.commune_id,
        "village_ids": volunteer.village_ids, "locale": None, "province_id": None,
    }
    assert len(body["csrf_token"]) > 20


def test_login_username_is_case_and_space_insensitive(client, volunteer):
    assert api_login(client, "  LAN ").status_code == 200


def test_get_session_answers_the_same_body_once_logged_in(client, volunteer, login):
    login(volunteer)
    response = client.get("/api/v1/session")
    assert response.status_code == 200
    assert response.get_json()["user"]["username"] == "lan"


def test_get_session_without_login_is_401_json(client):
    response = client.get("/api/v1/session")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_unknown_user_and_wrong_password_get_the_same_answer(client, volunteer):
    wrong_password = api_login(client, "lan", "not-the-password")
    unknown_user = api_login(client, "nobody", PASSWORD)
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.get_json() == unknown_user.get_json()
    assert wrong_password.get_json()["error"]["code"] == "invalid_credentials"


def test_failed_logins_are_audited_without_the_typed_name(client, volunteer):
    api_login(client, "lan", "not-the-password")
    api_login(client, "nobody-at-all", "whatever")
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "login_failed")).all()
    assert [e.user_id for e in entries] == [volunteer.id, None]
    assert all("nobody" not in str(e.details) for e in entries)


def test_deactivated_user_cannot_log_in(client, volunteer):
    volunteer.active = False
    db.session.commit()
    assert api_login(client, "lan").status_code == 401


PER_MINUTE = 10  # FIELDAPP_LOGIN_LIMIT's default: 10 per minute per address and name


def test_repeated_failures_are_answered_429_even_with_the_right_password(client, volunteer):
    statuses = [api_login(client, "lan", f"wrong-{i}").status_code for i in range(PER_MINUTE)]
    assert statuses == [401] * PER_MINUTE
    response = api_login(client, "lan")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in response.headers


def test_the_limit_is_per_name_so_a_colleague_can_still_log_in(client, volunteer, make_user):
    make_user(volunteer.commune, "volunteer", username="hoa")
    for i in range(PER_MINUTE + 1):
        api_login(client, "lan", f"wrong-{i}")
    assert api_login(client, "hoa").status_code == 200


def test_parallel_guesses_cannot_slip_past_the_limit(app, volunteer):
    from concurrent.futures import ThreadPoolExecutor

    def guess(i):
        return api_login(app.test_client(), "lan", f"wrong-{i}").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(guess, range(3 * PER_MINUTE)))
    assert statuses.count(401) <= PER_MINUTE
    assert statuses.count(429) >= 2 * PER_MINUTE


def test_logout_needs_the_csrf_token(client, volunteer, login):
    login(volunteer)
    response = client.delete("/api/v1/session")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert client.get("/api/v1/session").status_code == 200


def test_logout_ends_the_session(client, volunteer, login):
    token = login(volunteer)
    assert client.delete("/api/v1/session", headers={"X-CSRFToken": token}).status_code == 204
    assert client.get("/api/v1/session").status_code == 401


def test_a_csrf_token_from_before_login_is_not_valid_after_it(client, volunteer):
    import re

    page = client.get("/login").get_data(as_text=True)
    before = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)
    api_login(client, "lan")
    response = client.delete("/api/v1/session", headers={"X-CSRFToken": before})
    assert response.status_code == 400
    assert client.get("/api/v1/session").status_code == 200


def test_remembered_session_keeps_its_csrf_token_across_a_browser_restart(app, client, volunteer):
    token = api_login(client, "lan").get_json()["csrf_token"]
    restarted = app.test_client()  # a browser restart keeps only the cookies that have an expiry
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None and cookie.expires is not None:
            restarted.set_cookie(cookie.key, cookie.value)
    assert restarted.delete("/api/v1/session", headers={"X-CSRFToken": token}).status_code == 204


def test_remember_me_cookie_is_set_httponly_and_lax(client, volunteer):
    response = api_login(client, "lan")
    cookies = {c.split("=")[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert "remember_token" in cookies
    assert "HttpOnly" in cookies["remember_token"] and "SameSite=Lax" in cookies["remember_token"]


def test_password_change_ends_existing_sessions(client, volunteer, login):
    login(volunteer)
    set_password(volunteer, "another-long-password")
    db.session.commit()
    assert client.get("/api/v1/session").status_code == 401


def test_login_messages_follow_accept_language(client, volunteer):
    vi = api_login(client, "lan", "wrong").get_json()["error"]["message"]
    en = api_login(client, "lan", "wrong", **{"Accept-Language": "en"}).get_json()["error"]["message"]
    assert en == "Wrong username or password."
    assert vi == "Sai tên đăng nhập hoặc mật khẩu."


def test_a_session_cookie_kept_from_before_logout_opens_nothing(client, volunteer, login):
    token = login(volunteer)
    old_cookie = client.get_cookie("session").value
    client.delete("/api/v1/session", headers={"X-CSRFToken": token})
    client.set_cookie("session", old_cookie)  # as a late response would write it back
    assert client.get("/api/v1/session").status_code == 401


def test_session_carries_what_the_phone_needs_offline(client, app, commune, volunteer):
    body = api_login(client, "lan").get_json()
    assert body["commune"] == {"id": commune.id, "code": commune.code, "name": commune.name,
                               "hotline": commune.hotline}
    assert body["coverage_rule"] == list(app.config["FIELDAPP_COVERAGE_RULE"])
    assert body["consent_notice"]["version"] == 0
    assert "VNeID" in body["consent_notice"]["text"]


def test_the_newest_published_consent_notice_is_the_one_shown(client, commune, volunteer):
    from fieldapp.places.consent import publish_notice

    publish_notice(commune.id, "Thông báo cũ")
    publish_notice(commune.id, "  Thông báo   mới của xã  ")
    db.session.commit()
    notice = api_login(client, "lan").get_json()["consent_notice"]
    assert notice == {"version": 2, "text": "Thông báo mới của xã"}
