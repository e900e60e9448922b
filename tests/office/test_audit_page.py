"""/office/audit: the audit log page for the office, filtered, paginated and scoped by commune;
and its CSV."""
import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from tests.phones import new_id, op

ENTRY = re.compile(r'<tr id="entry-(\d+)" data-action="([a-z_]+)">')
T0 = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội


def add(action, user=None, commune=None, at=T0, **details):
    """An entry written directly, at a chosen time; `commune` None with no user: no commune."""
    entry = AuditEntry(action=action, user_id=user.id if user else None, details=details, at=at,
                       commune_id=commune.id if commune else getattr(user, "commune_id", None))
    db.session.add(entry)
    db.session.commit()
    return entry.id


@pytest.fixture
def officer(client, team, login):
    """The commune's officer, logged in, reading English; their own login entry is removed."""
    login(team["officer"])
    client.set_cookie("lang", "en")
    db.session.execute(AuditEntry.__table__.delete())
    db.session.commit()
    return client


def shown(response):
    """[(entry id, action)] of the rows on the page, in order."""
    assert response.status_code == 200, response.status_code
    return [(int(id_), action) for id_, action in ENTRY.findall(response.get_data(as_text=True))]


def ids(response):
    return [id_ for id_, _action in shown(response)]


def test_the_office_reads_its_communes_log_newest_first_with_labels_and_details(officer, team):
    older = add("login", team["lan"], at=T0)
    export = add("export", team["officer"], at=T0 + timedelta(hours=1), format="csv", rows=3,
                 filters={"status": "covered"})
    response = officer.get("/office/audit")
    assert shown(response) == [(export, "export"), (older, "login")]
    html = response.get_data(as_text=True)
    assert "Exported a list" in html and "Logged in" in html
    assert "Filters: Status=covered; Format: csv; Rows: 3" in html
    assert "05/03/2026 11:00" in html  # local time (UTC+7)
    assert f"{team['lan'].full_name} (lan)" in html


def test_the_user_and_action_filters_narrow_the_log(officer, team):
    lan_login = add("login", team["lan"])
    add("login", team["hoa"])
    lan_logout = add("logout", team["lan"], at=T0 + timedelta(minutes=5))
    assert ids(officer.get(f"/office/audit?user_id={team['lan'].id}")) == [lan_logout, lan_login]
    assert ids(officer.get("/office/audit?action=logout")) == [lan_logout]
    assert ids(officer.get(f"/office/audit?action=login&user_id={team['lan'].id}")) == [lan_login]
    page = officer.get(f"/office/audit?user_id={team['hoa'].id}").get_data(as_text=True)
    assert f'<option value="{team["hoa"].id}" selected>' in page


def test_dates_are_local_days_both_included(officer, team):
    # 16:59 UTC on 4 March is 23:59 on 4 March in Hà Nội; 17:00 UTC is midnight of 5 March.
    late_on_4th = add("login", team["lan"], at=datetime(2026, 3, 4, 16, 59, tzinfo=UTC))
    start_of_5th = add("login", team["lan"], at=datetime(2026, 3, 4, 17, 0, tzinfo=UTC))
    end_of_5th = add("login", team["lan"], at=datetime(2026, 3, 5, 16, 59, tzinfo=UTC))
    add("login", team["lan"], at=datetime(2026, 3, 5, 17, 0, tzinfo=UTC))
    assert ids(officer.get("/office/audit?date_to=2026-03-04")) == [late_on_4th]
    assert ids(officer.get("/office/audit?date_from=2026-03-05&date_to=2026-03-05")) == [
        end_of_5th, start_of_5th]


def test_an_officer_never_sees_another_communes_entries_nor_unknown_names(officer, team, make_user):
    ours = add("export", team["officer"])
    add("export", team["stranger"])
    add("login_failed")  # an unknown username: no commune
    assert ids(officer.get("/office/audit")) == [ours]
    assert ids(officer.get(f"/office/audit?user_id={team['stranger'].id}")) == [ours]  # filter refused
    page = officer.get(f"/office/audit?user_id={team['stranger'].id}").get_data(as_text=True)
    assert "Unknown user: showing every user." in page
    assert team["stranger"].username not in page


def test_an_admin_sees_every_commune_and_failed_logins_of_unknown_names(client, team, login, make_user):
    admin = make_user(team["commune"], "admin", username="admin")
    ours, theirs = add("export", team["officer"]), add("export", team["stranger"])
    unknown = add("login_failed")
    login(admin)
    client.set_cookie("lang", "en")
    response = client.get("/office/audit?action=export")
    assert sorted(ids(response)) == sorted([ours, theirs])
    response = client.get("/office/audit?action=login_failed")
    assert ids(response) == [unknown]
    assert "Unknown username" in response.get_data(as_text=True)
    assert ids(client.get(f"/office/audit?user_id={team['stranger'].id}")) == [theirs]


@pytest.mark.parametrize("name", ["leader", "lan"])
def test_leaders_and_volunteers_cannot_read_the_log(client, team, login, name):
    login(team[name])
    assert client.get("/office/audit").status_code == 403
    assert client.get("/office/audit/entries.csv").status_code == 403


def test_anonymous_visitors_are_not_let_in(client, team):
    assert client.get("/office/audit").status_code in (302, 401)


@pytest.mark.parametrize("query, message", [
    ("date_from=2026-13-01", "The date “2026-13-01” could not be read"),
    ("date_to=yesterday", "The date “yesterday” could not be read"),
    ("date_to=9999-12-31", "The date “9999-12-31” could not be read"),
    ("date_from=0001-01-01", "The date “0001-01-01” could not be read"),
    ("date_from=2026-03-06&date_to=2026-03-01", "The period ends before it starts."),
    ("user_id=abc", "Unknown user: showing every user."),
    ("user_id=99999999999999999999", "Unknown user: showing every user."),
    ("action=drop_tables", "Unknown action: showing every action."),
    ("page=0", "Unknown page: showing the first page."),
    ("page=-3", "Unknown page: showing the first page."),
])
def test_an_unreadable_filter_is_a_message_on_the_page(officer, team, query, message):
    entry = add("login", team["lan"])
    response = officer.get(f"/office/audit?{query}")
    assert ids(response) == [entry]
    assert message in response.get_data(as_text=True)


def test_a_typed_filter_is_shown_escaped(officer, team):
    response = officer.get("/office/audit?date_from=<script>alert(1)</script>")
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_details_are_escaped_text(officer, team):
    add("import", team["officer"], filename="<b>danh-sach</b>.csv", accepted=2)
    html = officer.get("/office/audit").get_data(as_text=True)
    assert "<b>danh-sach</b>" not in html
    assert "Accepted: 2; File: &lt;b&gt;danh-sach&lt;/b&gt;.csv" in html


def test_the_log_is_paginated_by_fifty_and_page_links_keep_the_filters(officer, team):
    db.session.add_all([AuditEntry(action="export", user_id=team["officer"].id, commune_id=team["commune"].id,
                                   at=T0 + timedelta(minutes=n), details={"rows": n}) for n in range(120)])
    db.session.add_all([AuditEntry(action="login", user_id=team["lan"].id, commune_id=team["commune"].id,
                                   at=T0 + timedelta(minutes=n)) for n in range(10)])
    db.session.commit()
    newest_first = db.session.scalars(select(AuditEntry.id).where(AuditEntry.action == "export")
                                      .order_by(AuditEntry.at.desc())).all()
    first = officer.get("/office/audit?action=export")
    assert ids(first) == newest_first[:50]
    html = first.get_data(as_text=True)
    assert "Entries: 120" in html and "Page 1 of 3" in html
    older = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "action=export" in older and "page=2" in older
    assert ids(officer.get(older)) == newest_first[50:100]
    assert ids(officer.get("/office/audit?action=export&page=3")) == newest_first[100:]
    assert ids(officer.get("/office/audit?action=export&page=9")) == newest_first[100:]  # the last page


def test_no_name_pushed_in_a_household_reaches_the_log(officer, team, phone):
    """Details carry ids and counts: the page shows nothing a volunteer typed about a household."""
    household = new_id()
    lan, tuan = phone("lan"), phone("tuan")
    lan.push(op("household.upsert", household, {"village_id": team["t01"].id, "phone": "0912345678",
                                                "head_name": "Nguyễn Thị Bí Mật", "address": "Xóm Bí Ẩn"}))
    lan.push(op("household.upsert", household, {"head_name": "Nguyễn Thị Bí Mật Một"}, minutes=5,
                base_version=1))
    tuan.push(op("household.upsert", household, {"head_name": "Nguyễn Thị Bí Mật Hai"}, minutes=3,
                 base_version=1))
    leader = phone("leader")
    [conflict] = leader.client.get("/api/v1/conflicts").get_json()["items"]
    assert leader.client.post(f"/api/v1/conflicts/{conflict['id']}/resolve", json={"keep": "lost"},
                              headers={"X-CSRFToken": leader.token}).status_code == 200
    assert officer.get("/exports/households.csv").status_code == 200
    page = officer.get("/office/audit")
    assert {action for _id, action in shown(page)} >= {"login", "conflict_resolved", "export"}
    csv_text = officer.get("/office/audit/entries.csv").get_data(as_text=True)
    for text in (page.get_data(as_text=True), csv_text):
        for secret in ("Bí Mật", "bi mat", "0912345678", "Bí Ẩn", "bi an"):
            assert secret.lower() not in text.lower()


def test_the_csv_is_the_filtered_log_for_excel_and_is_itself_audited(officer, team):
    add("import", team["officer"], filename="=HYPERLINK(x).csv", accepted=2)
    add("login", team["lan"])
    response = officer.get("/office/audit/entries.csv?action=import")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Thời gian", "Người thực hiện", "Thao tác", "Mã thao tác", "Đối tượng", "Chi tiết"]
    assert [(row[0], row[3], row[5]) for row in rows[1:]] == [
        ("05/03/2026 10:00", "import", "Nhận: 2; Tệp: =HYPERLINK(x).csv")]
    exported = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export"))
    assert exported.details == {"format": "csv", "list": "audit_log", "filters": {"action": "import"},
                                "rows": 1}
    assert exported.user_id == team["officer"].id


def test_a_name_starting_like_a_formula_is_defused_in_the_csv(officer, team):
    team["lan"].full_name = "=cmd|' /C calc'!A0"
    db.session.commit()
    add("login", team["lan"])
    rows = list(csv.reader(io.StringIO(officer.get("/office/audit/entries.csv").get_data(as_text=True))))
    assert rows[1][1] == "'=cmd|' /C calc'!A0 (lan)"


def test_an_unreadable_filter_of_the_csv_is_a_400(officer, team):
    assert officer.get("/office/audit/entries.csv?date_from=05/03/2026").status_code == 400


def test_every_action_the_code_writes_has_a_label():
    from pathlib import Path

    from fieldapp.office.audit_log import ACTIONS

    root = Path(__file__).resolve().parents[2] / "fieldapp"
    written = set()
    for source in root.rglob("*.py"):
        calls = re.findall(r'record\(\s*("[a-z_]+"(?:\s+if\s+\w+\s+else\s+"[a-z_]+")?)', source.read_text())
        for call in calls:
            written.update(re.findall(r'"([a-z_]+)"', call))
    assert "user_changed" in written and "user_deactivated" in written  # the scan finds them
    assert written - set(ACTIONS) == set()


def test_actions_and_details_read_in_the_users_language(officer, team):
    add("user_changed", team["officer"], fields=["full_name"])
    add("export", team["officer"], format="csv", rows=3, filters={"status": "covered"}, search=True)
    officer.set_cookie("lang", "vi")
    html = officer.get("/office/audit").get_data(as_text=True)
    assert "Sửa thông tin người dùng" in html
    assert "Số dòng: 3" in html and "Định dạng: csv" in html and "Tìm kiếm: có" in html
    assert "rows:" not in html and "format:" not in html
    officer.set_cookie("lang", "en")
    html = officer.get("/office/audit").get_data(as_text=True)
    assert "Changed a user" in html and "Rows: 3" in html and "Search: yes" in html
