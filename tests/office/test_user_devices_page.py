"""The user's page at /office/users/<id> lists the account's phones, and the office revokes a
lost one there (confirm step, CSRF) without disabling the account."""
from sqlalchemy import select

from fieldapp.accounts.models import Device
from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db


def revoked_at(device_id):
    db.session.expire_all()
    return db.session.scalar(select(Device.revoked_at).where(Device.device_id == device_id))


def test_the_page_lists_the_phones_and_revokes_one_after_confirming(client, team, office, phone):
    lost, kept = phone("lan", device_id="lost-phone"), phone("lan", device_id="kept-phone")
    lost.pull()
    kept.client.get("/api/v1/sync/pull", headers={"X-Device-Id": "kept-phone", "X-App-Version": "0a1b2c"})
    page = client.get(f"/office/users/{team['lan'].id}").get_data(as_text=True)
    assert "<code>lost-phone</code>" in page and "<code>kept-phone</code>" in page and "0a1b2c" in page
    revoke = f"/office/users/{team['lan'].id}/devices/lost-phone/revoke"
    assert f'action="{revoke}"' in page

    unconfirmed = office(revoke)
    assert unconfirmed.status_code == 302 and revoked_at("lost-phone") is None
    assert "Tick the box" in client.get(f"/office/users/{team['lan'].id}").get_data(as_text=True)

    assert office(revoke, confirm="yes").status_code == 302
    assert revoked_at("lost-phone") is not None and revoked_at("kept-phone") is None
    page = client.get(f"/office/users/{team['lan'].id}").get_data(as_text=True)
    assert "The phone was revoked" in page and "Revoked on" in page and f'action="{revoke}"' not in page
    answer = lost.client.get("/api/v1/sync/pull", headers={"X-Device-Id": "lost-phone"})
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (403, "device_revoked")
    assert kept.pull()["cursor"]
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "device_revoked")).all()
    assert (entry.user_id, entry.target_id) == (team["officer"].id, str(team["lan"].id))


def test_revoking_needs_the_csrf_token_and_the_right_commune(client, team, office, phone):
    phone("stranger", device_id="far-phone").pull()
    phone("lan", device_id="lost-phone").pull()
    assert client.post(f"/office/users/{team['lan'].id}/devices/lost-phone/revoke",
                       data={"confirm": "yes"}).status_code == 400
    assert office(f"/office/users/{team['stranger'].id}/devices/far-phone/revoke",
                  confirm="yes").status_code == 404
    assert office(f"/office/users/{team['lan'].id}/devices/no-such-phone/revoke",
                  confirm="yes").status_code == 404
    assert revoked_at("lost-phone") is None and revoked_at("far-phone") is None


def test_an_account_without_phones_says_so(client, team, office):
    page = client.get(f"/office/users/{team['hoa'].id}").get_data(as_text=True)
    assert "No phone has synced with this account yet." in page


def test_the_phones_are_shown_in_vietnamese_by_default(client, team, office, phone):
    phone("lan", device_id="lost-phone").pull()
    client.set_cookie("lang", "vi")
    page = client.get(f"/office/users/{team['lan'].id}").get_data(as_text=True)
    assert "Thu hồi máy này" in page and "Đồng bộ lần đầu" in page
    office(f"/office/users/{team['lan'].id}/devices/lost-phone/revoke", confirm="yes")
    assert "Đã thu hồi máy" in client.get(f"/office/users/{team['lan'].id}").get_data(as_text=True)
    audit = client.get("/office/audit").get_data(as_text=True)
    assert "Thu hồi máy của người dùng" in audit
