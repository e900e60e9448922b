"""Each audited action writes its entry when done through the public surface (pages and API).

Already proved elsewhere, and not repeated here: failed API logins (tests/api/test_session.py),
CSV exports (tests/office/test_exports.py) and conflict resolutions, by the API
(tests/api/test_conflicts_api.py) and by the page (tests/pages/test_leader_pages.py).
"""
import io

import pytest
from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from tests.conftest import PASSWORD, api_login
from tests.pages.test_login_pages import page_login, session_token


def entries(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


@pytest.mark.parametrize("surface", ["api", "page"])
def test_a_login_is_audited(client, team, surface):
    response = (api_login(client, "lan") if surface == "api" else page_login(client, "lan"))
    assert response.status_code in (200, 302)
    [entry] = entries("login")
    assert (entry.user_id, entry.commune_id) == (team["lan"].id, team["commune"].id)


def test_a_failed_login_on_the_page_is_audited_without_the_typed_name(client, team):
    assert page_login(client, "lan", "not-the-password").status_code == 401
    assert page_login(client, "no-such-person", PASSWORD).status_code == 401
    known, unknown = entries("login_failed")
    assert (known.user_id, known.commune_id) == (team["lan"].id, team["commune"].id)
    assert (unknown.user_id, unknown.commune_id) == (None, None)
    assert "no-such-person" not in str(unknown.details)
    assert entries("login") == []


def test_a_logout_by_the_api_is_audited(client, team, login):
    token = login(team["lan"])
    assert client.delete("/api/v1/session", headers={"X-CSRFToken": token}).status_code == 204
    [entry] = entries("logout")
    assert (entry.user_id, entry.commune_id) == (team["lan"].id, team["commune"].id)


def test_a_logout_from_the_page_is_audited(client, team):
    page_login(client, "hung")
    token = session_token(client)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    [entry] = entries("logout")
    assert entry.user_id == team["leader"].id


def test_an_excel_export_is_audited(client, team, login):
    login(team["officer"])
    response = client.get("/exports/households.xlsx", query_string={"status": "unvisited"})
    assert response.status_code == 200
    [entry] = entries("export")
    assert (entry.user_id, entry.commune_id) == (team["officer"].id, team["commune"].id)
    assert entry.details == {"format": "xlsx", "filters": {"status": "unvisited"}, "rows": 0}


def upload(client, token, text, dry_run=False):
    data = {"file": (io.BytesIO(text.encode("utf-8-sig")), "danh-sach.csv")}
    return client.post("/api/v1/imports/households" + ("?dry_run=true" if dry_run else ""), data=data,
                       headers={"X-CSRFToken": token}, content_type="multipart/form-data")


def test_an_import_through_the_api_is_audited_with_its_counts(client, team, login):
    token = login(team["officer"])
    text = ("Mã hộ,Thôn,Họ tên chủ hộ,Số điện thoại\n"
            f"H1,{team['t01'].name},Nguyễn Văn An,0912345678\n"
            f"H2,Thôn Không Có,Trần Thị Bình,\n")
    assert upload(client, token, text, dry_run=True).status_code == 200
    assert entries("import") == []  # a preview writes nothing, so there is nothing to log
    response = upload(client, token, text)
    assert response.status_code == 200, response.get_json()
    [entry] = entries("import")
    assert (entry.user_id, entry.commune_id) == (team["officer"].id, team["commune"].id)
    assert entry.details == {"filename": "danh-sach.csv", "accepted": 1, "rejected": 1, "warnings": 0,
                             "repaired": 0, "unchanged": 0, "erased": 0}
    assert "Nguyễn" not in str(entry.details)


def test_a_leaders_assignment_change_is_audited_per_volunteer(client, team):
    page_login(client, "hung")
    token = session_token(client)
    volunteers = [str(team["lan"].id), str(team["hoa"].id)]
    response = client.post(f"/leader/assignments/{team['t02'].id}",
                           data={"csrf_token": token, "volunteer": volunteers})
    assert response.status_code == 302
    [entry] = entries("assignment_changed")  # hoa already had T02: only lan changed
    assert (entry.user_id, entry.commune_id) == (team["leader"].id, team["commune"].id)
    assert (entry.target_type, entry.target_id) == ("user", str(team["lan"].id))
    assert entry.details == {"village_ids": sorted([team["t01"].id, team["t02"].id])}


def test_a_campaign_made_on_the_page_is_audited(client, team):
    page_login(client, "hung")
    token = session_token(client)
    response = client.post("/leader/campaigns", data={
        "csrf_token": token, "name": "Đợt cao điểm 24–28/02", "starts_on": "2026-02-24",
        "ends_on": "2026-02-28", "village": [team["t01"].id]})
    assert response.status_code == 302
    [entry] = entries("campaign_created")
    assert (entry.user_id, entry.commune_id, entry.target_type) == (
        team["leader"].id, team["commune"].id, "campaign")
    assert entry.details == {"village_ids": [team["t01"].id]}
