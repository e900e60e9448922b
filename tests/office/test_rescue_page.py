"""/office/rescue: the office takes in a phone's saved file, without script."""
import io

from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.households.models import Visit
from tests.phones import new_id, op
from tests.sync.test_rescue import saved_file, work


def post_file(client, token, data):
    return client.post("/office/rescue", data={"csrf_token": token, "file": (io.BytesIO(data), "lan.json")},
                       content_type="multipart/form-data")


def test_the_page_is_in_the_office_navigation(client, office):
    page = client.get("/office").get_data(as_text=True)
    assert 'href="/office/rescue"' in page
    form = client.get("/office/rescue").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="csrf_token"' in form


def test_the_result_shows_the_summary_and_the_refused_changes_in_vietnamese(client, team, login):
    token = login(team["officer"])  # no language chosen: Vietnamese
    outside = op("visit.create", new_id(), {"household_id": new_id(), "outcome": "met"})
    response = post_file(client, token, saved_file("lan", work(team["t01"]) + [outside]))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Đã nhận tệp" in page and "lan" in page
    assert '<div class="choice" data-count="applied"><dt>Đã ghi</dt><dd class="value">2</dd>' in page
    assert '<div class="choice" data-count="rejected"><dt>Từ chối</dt><dd class="value">1</dd>' in page
    assert "Ghi lượt đến hộ" in page  # the refused change's kind, row 3 of the file
    assert db.session.scalars(select(Visit)).one().volunteer_id == team["lan"].id
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "saved_file_taken_in")).one()
    assert entry.user_id == team["officer"].id
    audit_page = client.get("/office/audit").get_data(as_text=True)
    assert "Nhận tệp lưu từ điện thoại" in audit_page


def test_a_bad_file_is_refused_on_the_page(client, team, office):
    response = post_file(client, office.token, b"not json")
    assert response.status_code == 422
    assert "not a file saved by the app" in response.get_data(as_text=True)
    other = post_file(client, office.token, saved_file("stranger", work(team["t01"])))
    assert other.status_code == 422 and "not a user of your commune" in other.get_data(as_text=True)


def test_a_file_without_its_csrf_token_is_refused(client, team, office):
    response = client.post("/office/rescue", data={"file": (io.BytesIO(saved_file("lan", work(team["t01"]))),
                                                            "lan.json")}, content_type="multipart/form-data")
    assert response.status_code in (400, 403)
    assert not db.session.scalars(select(Visit)).all()
