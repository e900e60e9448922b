"""/office/users: the commune office creates accounts, changes roles and villages, resets
passwords and deactivates accounts; officers manage volunteers and leaders of their commune."""
import re

import pytest
from sqlalchemy import select

from fieldapp.accounts.models import User
from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from tests.conftest import PASSWORD, api_login

NEW_PASSWORD = re.compile(r'<code id="new-password">([^<]+)</code>')


def user_named(username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def entries(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


def test_the_list_shows_the_communes_users_and_not_another_communes(client, team, office):
    page = client.get("/office/users").get_data(as_text=True)
    assert f'id="user-{team["lan"].id}"' in page and f'id="user-{team["leader"].id}"' in page
    assert f'id="user-{team["stranger"].id}"' not in page
    assert f'href="/office/users/{team["lan"].id}"' in page
    assert f'href="/office/users/{team["officer"].id}"' not in page  # not one's own account


def test_an_officer_creates_a_volunteer_who_can_then_log_in(client, team, office):
    response = office("/office/users/new", username="Minh.Tran", full_name="Trần Minh", role="volunteer",
                      village=str(team["t02"].id), password="tre-xanh-2026")
    assert response.status_code == 302
    minh = user_named("minh.tran")
    assert (minh.role, minh.commune_id, minh.village_ids, minh.active) == (
        "volunteer", team["commune"].id, [team["t02"].id], True)
    assert api_login(client.application.test_client(), "minh.tran", "tre-xanh-2026").status_code == 200
    [created] = entries("user_created")
    assert (created.user_id, created.target_id, created.details) == (
        team["officer"].id, str(minh.id), {"role": "volunteer"})
    [assigned] = entries("assignment_changed")
    assert assigned.details == {"village_ids": [team["t02"].id]}


def test_a_generated_password_is_shown_once_and_not_kept_in_the_cookie(client, team, office):
    response = office("/office/users/new", username="ha", role="leader")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = NEW_PASSWORD.search(response.get_data(as_text=True)).group(1)
    assert all(password not in cookie.value for cookie in client._cookies.values())
    assert api_login(client.application.test_client(), "ha", password).status_code == 200
    assert password not in str([e.details for e in db.session.scalars(select(AuditEntry))])


@pytest.mark.parametrize("data, message", [
    ({"username": "x", "role": "volunteer"}, "A username has 2 to 80 characters"),
    ({"username": "lan", "role": "volunteer"}, "The username lan is already taken."),
    ({"username": "moi", "role": "volunteer", "password": "123"}, "at least 8 characters"),
    ({"username": "moi", "role": "chief"}, "Unknown role chief."),
    ({"username": "moi", "role": "volunteer", "village": "999999"}, "Choose the villages from the list."),
    ({"username": "moi", "role": "volunteer", "village": "abc"}, "Choose the villages from the list."),
])
def test_bad_input_on_the_create_form_is_a_clear_message(client, team, office, data, message):
    response = office("/office/users/new", **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert user_named("moi") is None and user_named("x") is None


def test_a_village_of_another_commune_cannot_be_assigned(client, team, office):
    response = office("/office/users/new", username="moi", role="volunteer", village=str(team["far"].id))
    assert "Choose the villages from the list." in response.get_data(as_text=True)
    assert user_named("moi") is None


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_an_officer_cannot_create_an_officer_or_admin(client, team, office, role):
    assert office("/office/users/new", username="boss", role=role).status_code == 403
    assert user_named("boss") is None


def test_an_admin_creates_an_officer(client, team, login, make_user):
    admin = make_user(team["commune"], "admin", username="root")
    token = login(admin)
    response = client.post("/office/users/new", data={"csrf_token": token, "username": "officer2",
                                                      "role": "officer", "password": "can-bo-xa-2026"})
    assert response.status_code == 302 and user_named("officer2").role == "officer"


@pytest.mark.parametrize("name", ["lan", "leader"])
def test_volunteers_and_leaders_cannot_open_the_users_pages(client, team, login, name):
    login(team[name])
    assert client.get("/office/users").status_code == 403
    assert client.get("/office/users/new").status_code == 403
    assert client.get(f"/office/users/{team['tuan'].id}").status_code == 403


def test_another_communes_user_is_not_found(client, team, office):
    stranger = team["stranger"].id
    assert client.get(f"/office/users/{stranger}").status_code == 404
    assert office(f"/office/users/{stranger}/password").status_code == 404
    assert office(f"/office/users/{stranger}/deactivate").status_code == 404
    assert user_named("stranger").active
    assert client.get("/office/users/99999").status_code == 404
    assert client.get("/office/users/99999999999").status_code == 404


def test_an_officer_cannot_touch_an_officers_account(client, team, office, make_user):
    colleague = make_user(team["commune"], "officer", username="colleague")
    assert client.get(f"/office/users/{colleague.id}").status_code == 403
    assert office(f"/office/users/{colleague.id}/deactivate").status_code == 403
    assert user_named("colleague").active


def test_nobody_deactivates_themselves(client, team, office):
    response = office(f"/office/users/{team['officer'].id}/deactivate")
    assert response.status_code == 403
    assert "You cannot change your own account here." in response.get_data(as_text=True)
    assert user_named("officer").active


def test_editing_changes_name_role_and_villages_and_audits_it(client, team, office):
    lan = team["lan"]
    scope_before = lan.scope_version
    response = office(f"/office/users/{lan.id}", full_name="Nguyễn Thị Lan", role="leader",
                      village=[str(team["t01"].id), str(team["t02"].id)])
    assert response.status_code == 302
    lan = user_named("lan")
    assert (lan.full_name, lan.role, lan.village_ids) == ("Nguyễn Thị Lan", "leader",
                                                          [team["t01"].id, team["t02"].id])
    assert lan.scope_version == scope_before + 1  # the villages changed: the phone resets
    [changed] = entries("role_changed")
    assert changed.details == {"old_role": "volunteer", "new_role": "leader"}
    assert entries("user_changed")[0].details == {"fields": ["full_name"]}
    assert entries("assignment_changed")[0].target_id == str(lan.id)
    assert "Lan" not in str([e.details for e in db.session.scalars(select(AuditEntry))])


def test_an_officer_cannot_promote_a_volunteer_to_officer(client, team, office):
    assert office(f"/office/users/{team['lan'].id}", role="officer").status_code == 403
    assert user_named("lan").role == "volunteer"


def test_a_password_reset_ends_the_users_session_and_the_new_password_works(client, team, office, phone):
    lan_phone = phone("lan")
    response = office(f"/office/users/{team['lan'].id}/password")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = NEW_PASSWORD.search(response.get_data(as_text=True)).group(1)
    assert lan_phone.client.get("/api/v1/session").status_code == 401
    assert api_login(lan_phone.client, "lan", PASSWORD).status_code == 401
    assert api_login(lan_phone.client, "lan", password).status_code == 200
    [entry] = entries("password_reset")
    assert (entry.user_id, entry.target_id, entry.details) == (
        team["officer"].id, str(team["lan"].id), {"role": "volunteer"})


def test_a_deactivated_users_session_gets_403_and_login_fails(client, team, office, phone):
    lan_phone = phone("lan")
    assert office(f"/office/users/{team['lan'].id}/deactivate").status_code == 302
    pull = lan_phone.client.get("/api/v1/sync/pull")
    assert pull.status_code == 403
    assert pull.get_json()["error"]["code"] == "account_deactivated"
    assert api_login(client.application.test_client(), "lan").status_code == 401
    assert not user_named("lan").active
    [entry] = entries("user_deactivated")
    assert (entry.target_id, entry.details) == (str(team["lan"].id), {"role": "volunteer"})


def test_a_reactivated_user_logs_in_again(client, team, office):
    lan = team["lan"].id
    office(f"/office/users/{lan}/deactivate")
    assert office(f"/office/users/{lan}/reactivate").status_code == 302
    assert api_login(client.application.test_client(), "lan").status_code == 200
    assert [e.target_id for e in entries("user_reactivated")] == [str(lan)]


def test_reactivating_never_brings_the_old_sessions_back(client, team, office):
    """The page says the sessions ended at deactivation: the session cookie and the remember-me
    cookie of before stay dead after the account comes back."""
    old = client.application.test_client()
    assert api_login(old, "lan").status_code == 200
    remembered = old.get_cookie("remember_token").value
    forgetful = client.application.test_client()  # a browser restart: the remember-me cookie alone
    forgetful.set_cookie("remember_token", remembered)
    lan = team["lan"].id
    office(f"/office/users/{lan}/deactivate")
    assert old.get("/api/v1/session").status_code == 403
    office(f"/office/users/{lan}/reactivate")
    assert old.get("/api/v1/session").status_code == 401
    assert old.get("/api/v1/sync/pull").status_code == 401
    assert forgetful.get("/api/v1/session").status_code == 401
    assert api_login(client.application.test_client(), "lan").status_code == 200


def test_the_edit_page_shows_the_accounts_values(client, team, office):
    page = client.get(f"/office/users/{team['lan'].id}").get_data(as_text=True)
    assert 'id="account-username">lan<' in page
    assert f'value="{team["t01"].id}" checked' in page and f'value="{team["t02"].id}" checked' not in page
    assert '<option value="volunteer" selected>' in page
    assert '<option value="officer"' not in page


def test_an_admin_chooses_the_commune_to_manage(client, team, login, make_user):
    token = login(make_user(team["commune"], "admin", username="root"))
    far = team["stranger"].commune_id
    page = client.get("/office/users", query_string={"commune_id": far}).get_data(as_text=True)
    assert f'id="user-{team["stranger"].id}"' in page and f'id="user-{team["lan"].id}"' not in page
    response = client.post("/office/users/new", data={"csrf_token": token, "commune_id": far,
                                                      "username": "officer3", "role": "officer"})
    assert response.status_code == 200
    assert user_named("officer3").commune_id == far
    assert client.get("/office/users", query_string={"commune_id": "x"}).status_code == 404


def test_an_officer_cannot_choose_another_commune(client, team, office):
    far = team["stranger"].commune_id
    page = client.get("/office/users", query_string={"commune_id": far}).get_data(as_text=True)
    assert f'id="user-{team["lan"].id}"' in page and f'id="user-{team["stranger"].id}"' not in page
    office("/office/users/new", commune_id=str(far), username="moi", role="volunteer")
    assert user_named("moi").commune_id == team["commune"].id


@pytest.mark.parametrize("path", ["/office/users", "/office/users/new", "/office/users/{lan}",
                                  "/office/villages", "/office/villages/new", "/office/villages/{t01}",
                                  "/office/consent"])
def test_the_office_pages_open_in_vietnamese_for_an_admin(client, team, login, make_user, path):
    login(make_user(team["commune"], "admin", username="root"))
    response = client.get(path.format(lan=team["lan"].id, t01=team["t01"].id))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="vi">' in page and 'class="subnav"' in page


def test_a_guessable_password_is_refused_with_a_message(client, team, office):
    # Not the username, but the full name without its accents and a year.
    response = office("/office/users/new", username="minhtv", full_name="Trần Văn Minh", role="volunteer",
                      village=str(team["t02"].id), password="tranvanminh2026")
    assert response.status_code in (200, 422)
    assert "This password is too easy to guess" in response.get_data(as_text=True)
    assert user_named("minhtv") is None
