"""/office/consent: the office publishes versions of the consent notice; phones get the newest."""
import pytest
from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.places.consent import MAX_LENGTH
from fieldapp.places.models import ConsentNotice

NOTICE = "Tổ công nghệ số ghi họ tên và kỹ năng số của các thành viên hộ. Ông bà có đồng ý không?"


def notices(commune):
    db.session.expire_all()
    return db.session.scalars(select(ConsentNotice).where(ConsentNotice.commune_id == commune.id)
                              .order_by(ConsentNotice.version)).all()


def test_the_page_shows_the_built_in_notice_as_version_0(client, team, office):
    page = client.get("/office/consent").get_data(as_text=True)
    assert 'id="current-notice" data-version="0"' in page
    assert "In use: version 0" in page and "No version published yet" in page


def test_a_published_notice_reaches_the_volunteers_session(client, team, office, phone):
    assert office("/office/consent", text=f"  {NOTICE} ").status_code == 302
    body = phone("lan").client.get("/api/v1/session").get_json()
    assert body["consent_notice"] == {"version": 1, "text": NOTICE}
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "consent_notice_published"))
    assert (entry.user_id, entry.commune_id, entry.details) == (
        team["officer"].id, team["commune"].id, {"version": 1})


def test_each_publication_is_a_new_version_and_the_history_keeps_them(client, team, office):
    office("/office/consent", text="Bản thứ nhất.")
    office("/office/consent", text=NOTICE)
    assert [(n.version, n.text, n.created_by_id) for n in notices(team["commune"])] == [
        (1, "Bản thứ nhất.", team["officer"].id), (2, NOTICE, team["officer"].id)]
    page = client.get("/office/consent").get_data(as_text=True)
    assert 'data-version="2"' in page and 'id="notice-1"' in page and 'id="notice-2"' in page


def test_another_communes_notice_is_its_own(client, team, office, phone):
    office("/office/consent", text=NOTICE)
    assert notices(team["far"].commune) == []
    assert phone("stranger").client.get("/api/v1/session").get_json()["consent_notice"]["version"] == 0


@pytest.mark.parametrize("text", ["", "   ", "x" * (MAX_LENGTH + 1)])
def test_an_empty_or_too_long_notice_is_a_clear_message(client, team, office, text):
    response = office("/office/consent", text=text)
    assert response.status_code == 200
    assert f"The notice needs a text of 1 to {MAX_LENGTH} characters." in response.get_data(as_text=True)
    assert notices(team["commune"]) == []


@pytest.mark.parametrize("name", ["lan", "leader"])
def test_volunteers_and_leaders_cannot_open_the_consent_page(client, team, login, name):
    token = login(team[name])
    assert client.get("/office/consent").status_code == 403
    assert client.post("/office/consent", data={"csrf_token": token, "text": NOTICE}).status_code == 403
    assert notices(team["commune"]) == []
