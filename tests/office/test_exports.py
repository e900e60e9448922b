"""GET /exports/households.csv and .xlsx: Excel-friendly, filtered, defused, audited, scoped."""
import csv
import io

import pytest
from openpyxl import load_workbook

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from tests.phones import new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}


@pytest.fixture
def listed(team, phone):
    covered = new_id()
    phone("officer").push(
        op("household.upsert", covered, {"village_id": team["t01"].id, "head_name": "Nguyễn Văn An",
                                          "code": "HGD-1", "phone": "0912345678", "lat": 21.1, "lon": 105.8}),
        op("member.upsert", new_id(), {"household_id": covered, "full_name": "An", "skills": SKILLED}),
        op("household.upsert", new_id(), {"village_id": team["t02"].id, "head_name": "=cmd|' /C calc'!A0",
                                          "address": "@SUM(1+1)", "note": "+x"}),
    )
    phone("stranger").push(op("household.upsert", new_id(), {"village_id": team["far"].id,
                                                             "head_name": "Hộ xã khác"}))


def read_csv(response):
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_is_utf8_with_a_bom_vietnamese_headers_and_defused_cells(team, phone, listed):
    response = phone("officer").client.get("/exports/households.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Mã hộ", "Thôn", "Họ tên chủ hộ"]
    by_head = {row[2]: row for row in rows[1:]}
    assert set(by_head) == {"Nguyễn Văn An", "'=cmd|' /C calc'!A0"}  # not the other commune's
    an = by_head["Nguyễn Văn An"]
    assert (an[0], an[4], an[8]) == ("HGD-1", "0912345678", "Đã đạt")
    assert by_head["'=cmd|' /C calc'!A0"][3] == "'@SUM(1+1)"


def test_the_list_filters_apply_and_every_export_is_audited(team, phone, listed):
    officer = phone("officer").client
    rows = read_csv(officer.get("/exports/households.csv", query_string={"status": "covered"}))
    assert [row[2] for row in rows[1:]] == ["Nguyễn Văn An"]
    rows = read_csv(officer.get("/exports/households.csv", query_string={"village_id": team["t02"].id}))
    assert len(rows) == 2
    rows = read_csv(officer.get("/exports/households.csv", query_string={"q": "nguyen van"}))
    assert len(rows) == 2
    entries = db.session.query(AuditEntry).filter_by(action="export").order_by(AuditEntry.id).all()
    assert [(e.details["format"], e.details["rows"], e.details["filters"]) for e in entries] == [
        ("csv", 1, {"status": "covered"}), ("csv", 1, {"village_id": team["t02"].id}),
        ("csv", 1, {"search": True})]  # whether a search was made, never the name searched
    assert all(e.user_id == team["officer"].id for e in entries)


def test_the_xlsx_opens_and_keeps_formulas_as_text(team, phone, listed):
    response = phone("officer").client.get("/exports/households.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    cells = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["=cmd|' /C calc'!A0"][2].data_type == "s"
    assert cells["Nguyễn Văn An"][4].value == "0912345678"


def test_only_the_office_exports_and_bad_filters_are_clear_errors(team, phone, listed):
    for name in ("lan", "leader"):
        assert phone(name).client.get("/exports/households.csv").status_code == 403
    officer = phone("officer").client
    assert officer.get("/exports/households.csv?status=lost").status_code == 422
    assert officer.get("/exports/households.xlsx?village_id=abc").status_code == 422
    assert officer.get(f"/exports/households.csv?village_id={team['far'].id}").status_code == 404


@pytest.mark.parametrize("query, field", [
    ({"status": "lost"}, "status"), ({"village_id": "abc"}, "village_id"),
    ({"village_id": "²"}, "village_id"), ({"village_id": 2**40}, "village_id"),
    ({"q": "x" * 201}, "q"), ({"due": "maybe"}, "due"),
])
def test_a_bad_filter_is_the_same_422_on_the_list_and_the_exports(team, phone, query, field):
    officer = phone("officer").client
    listed = officer.get("/api/v1/households", query_string=query)
    assert listed.status_code == 422 and field in listed.get_json()["error"]["fields"]
    message = listed.get_json()["error"]["message"]
    for path in ("/exports/households.csv", "/exports/households.xlsx"):
        exported = officer.get(path, query_string=query)
        assert exported.status_code == 422, path
        assert message in exported.get_data(as_text=True)
    assert db.session.query(AuditEntry).filter_by(action="export").count() == 0  # nothing was exported


def test_a_long_list_streams_every_row_once(team, phone):
    officer = phone("officer")
    for start in range(0, 1200, 400):
        officer.push(*[op("household.upsert", new_id(),
                          {"village_id": team["t01"].id, "head_name": f"Hộ {n:04d}"})
                       for n in range(start, start + 400)])
    response = officer.client.get("/exports/households.csv")
    assert response.is_streamed
    names = [row[2] for row in read_csv(response)[1:]]
    assert sorted(names) == [f"Hộ {n:04d}" for n in range(1200)]


def test_an_admin_reads_writes_and_exports_household_data_of_one_commune_alike(app, client, team, phone,
                                                                                make_user):
    """Household data is served one commune at a time, the user's own, admins too: another
    commune's village is a 404 for a read, a list, an export, as its households are."""
    far_home = new_id()
    phone("stranger").push(op("household.upsert", far_home,
                              {"village_id": team["far"].id, "head_name": "Hộ xa"}))
    make_user(team["commune"], "admin", [], username="root")
    from tests.pages.test_login_pages import page_login
    page_login(client, "root")
    far = team["far"].id
    assert client.get(f"/api/v1/households/{far_home}").status_code == 404
    assert client.get(f"/office/households/{far_home}").status_code == 404
    assert client.get(f"/api/v1/households?village_id={far}").status_code == 404
    assert client.get(f"/office/households?village_id={far}").status_code == 404
    assert client.get(f"/exports/households.csv?village_id={far}").status_code == 404
    assert client.get(f"/exports/households.xlsx?village_id={far}").status_code == 404
    assert client.get(f"/exports/households.csv?village_id={team['t01'].id}").status_code == 200
