"""A user's phones (X-Device-Id on every pull and push), revoking a lost one, and the JSON twins
of the office's deactivate and reactivate buttons (API.md, "Phones and saved files")."""
import pytest
from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from tests.conftest import api_login
from tests.phones import new_id, op


@pytest.fixture
def office(phone):
    """The officer's API client: post(path) with the CSRF token, get(path)."""
    officer = phone("officer")

    class Office:
        client = officer.client

        @staticmethod
        def get(path):
            return officer.client.get(path)

        @staticmethod
        def post(path, **kw):
            return officer.client.post(path, headers={"X-CSRFToken": officer.token}, **kw)

    return Office


def household(team):
    return op("household.upsert", new_id(), {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An"})


def devices_of(office, user):
    response = office.get(f"/api/v1/users/{user.id}/devices")
    assert response.status_code == 200, response.get_json()
    return {item["device_id"]: item for item in response.get_json()["items"]}


def test_every_pull_and_push_is_counted_on_the_phone_that_made_it(team, phone, office):
    lan = phone("lan", device_id="lan-a")
    change = household(team)
    lan.push(change, household(team), **{"X-App-Version": "abc123"})
    lan.push(change)  # a repeat: not a change applied again
    lan.pull()
    phone("lan", device_id="lan-b").pull()
    devices = devices_of(office, team["lan"])
    assert set(devices) == {"lan-a", "lan-b"}
    a = devices["lan-a"]
    assert set(a) == {"device_id", "first_seen_at", "last_seen_at", "app_version", "ops_pushed", "revoked_at"}
    assert (a["ops_pushed"], a["app_version"], a["revoked_at"]) == (2, "abc123", None)
    assert a["first_seen_at"] <= a["last_seen_at"]
    assert devices["lan-b"]["ops_pushed"] == 0


def test_the_app_version_header_is_kept(team, phone, office):
    lan = phone("lan")
    response = lan.client.get("/api/v1/sync/pull", headers={"X-Device-Id": "lan-x", "X-App-Version": "v2"})
    assert response.status_code == 200
    assert devices_of(office, team["lan"])["lan-x"]["app_version"] == "v2"


def test_a_revoked_phone_gets_403_and_the_users_other_phone_goes_on(team, phone, office):
    lost, kept = phone("lan", device_id="lost"), phone("lan", device_id="kept")
    lost.pull()
    kept.pull()
    response = office.post(f"/api/v1/users/{team['lan'].id}/devices/lost/revoke")
    assert response.status_code == 200
    assert response.get_json()["device_id"] == "lost" and response.get_json()["revoked_at"]

    pull = lost.client.get("/api/v1/sync/pull", headers={"X-Device-Id": "lost"})
    push = lost.push_raw({"device_id": "lost", "ops": [household(team)]})
    for answer in (pull, push):
        assert answer.status_code == 403
        assert answer.get_json()["error"]["code"] == "device_revoked"
    assert kept.push(household(team))[0]["status"] == "applied"
    assert len(kept.pull()["households"]) == 1  # the refused push applied nothing
    # Wiped, the lost phone forgets its id; the session it keeps still names the revoked phone.
    again = lost.client.get("/api/v1/sync/pull", headers={"X-Device-Id": "a-new-id"})
    assert again.get_json()["error"]["code"] == "device_revoked"


def test_revoking_is_audited_and_shown_in_the_audit_vocabulary(client, team, phone, office):
    phone("lan", device_id="lost").pull()
    office.post(f"/api/v1/users/{team['lan'].id}/devices/lost/revoke")
    office.post(f"/api/v1/users/{team['lan'].id}/devices/lost/revoke")  # once is enough
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "device_revoked")).all()
    assert [(e.user_id, e.target_id, e.details) for e in entries] == [
        (team["officer"].id, str(team["lan"].id), {"device_id": "lost"})]
    office.client.set_cookie("lang", "en")
    page = office.get("/office/audit?action=device_revoked").get_data(as_text=True)
    assert "Revoked a user&#39;s phone" in page or "Revoked a user's phone" in page


def test_the_json_twins_of_deactivate_and_reactivate(team, phone, office):
    lan = phone("lan")
    response = office.post(f"/api/v1/users/{team['lan'].id}/deactivate")
    assert response.status_code == 200
    assert (response.get_json()["id"], response.get_json()["active"]) == (team["lan"].id, False)
    for answer in (lan.client.get("/api/v1/sync/pull", headers={"X-Device-Id": lan.device_id}),
                   lan.push_raw({"device_id": lan.device_id, "ops": [household(team)]})):
        assert answer.status_code == 403
        assert answer.get_json()["error"]["code"] == "account_deactivated"
    assert phone("tuan").push(household(team))[0]["status"] == "applied"  # others go on
    response = office.post(f"/api/v1/users/{team['lan'].id}/reactivate")
    assert (response.status_code, response.get_json()["active"]) == (200, True)
    actions = db.session.scalars(select(AuditEntry.action)
                                 .where(AuditEntry.target_id == str(team["lan"].id))).all()
    assert "user_deactivated" in actions and "user_reactivated" in actions


def test_changes_need_the_csrf_token(team, phone, office):
    response = office.client.post(f"/api/v1/users/{team['lan'].id}/deactivate")
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "csrf_failed")


@pytest.mark.parametrize("path", ["devices", "devices/lost/revoke", "deactivate", "reactivate"])
def test_outside_the_officers_commune_or_unknown_is_404(team, phone, office, path):
    phone("stranger", device_id="lost").pull()
    call = office.get if path == "devices" else office.post
    assert call(f"/api/v1/users/{team['stranger'].id}/{path}").status_code == 404
    assert call(f"/api/v1/users/987654/{path}").status_code == 404
    assert call(f"/api/v1/users/99999999999999999999/{path}").status_code == 404


def test_an_unknown_phone_is_404(team, office):
    response = office.post(f"/api/v1/users/{team['lan'].id}/devices/never-seen/revoke")
    assert (response.status_code, response.get_json()["error"]["code"]) == (404, "not_found")


@pytest.mark.parametrize("who", ["lan", "leader"])
def test_volunteers_and_leaders_get_403(team, phone, who):
    caller = phone(who)
    phone("tuan", device_id="t").pull()
    for method, path in [("get", "devices"), ("post", "devices/t/revoke"), ("post", "deactivate")]:
        response = getattr(caller.client, method)(f"/api/v1/users/{team['tuan'].id}/{path}",
                                                   headers={"X-CSRFToken": caller.token})
        assert response.status_code == 403, path


def test_an_admin_of_any_commune_may(app, team, phone, make_user):
    root = make_user(team["stranger"].commune, "admin", username="root")
    client = app.test_client()
    token = api_login(client, root.username).get_json()["csrf_token"]
    phone("lan", device_id="lost").pull()
    assert client.get(f"/api/v1/users/{team['lan'].id}/devices").status_code == 200
    response = client.post(f"/api/v1/users/{team['lan'].id}/devices/lost/revoke",
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200


@pytest.mark.parametrize("headers", [{"X-Device-Id": "x" * 101}, {"X-Device-Id": "a b"},
                                     {"X-Device-Id": "ok", "X-App-Version": "v" * 41}])
def test_an_unreadable_header_is_422_not_500(team, phone, headers):
    response = phone("lan").client.get("/api/v1/sync/pull", headers=headers)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [next(k for k in reversed(headers))]
