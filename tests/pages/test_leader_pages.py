"""The team leader's pages: progress, volunteers, assignments and conflicts, each scoped."""
import re
import uuid

import pytest

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.sync.models import Conflict
from tests.pages.test_login_pages import page_login, session_token
from tests.phones import new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}


@pytest.fixture
def village3(team, make_village):
    """A village of the commune that is not the leader's."""
    return make_village(team["commune"], "T03", "Thôn Ba")


@pytest.fixture
def work(team, phone, village3):
    """Lan covers one household of T01 and visits another; someone covers one in T03."""
    covered, waiting, elsewhere = new_id(), new_id(), new_id()
    phone("lan").push(
        op("household.upsert", covered, {"village_id": team["t01"].id, "head_name": "Hộ đạt"}),
        op("visit.create", new_id(), {"household_id": covered, "outcome": "met"}, minutes=1),
        op("member.upsert", new_id(), {"household_id": covered, "full_name": "An", "skills": SKILLED},
           minutes=2),
        op("household.upsert", waiting, {"village_id": team["t01"].id, "head_name": "Hộ chờ"}),
        op("visit.create", new_id(), {"household_id": waiting, "outcome": "not_home"}, minutes=3),
    )
    phone("officer").push(
        op("household.upsert", elsewhere, {"village_id": village3.id, "head_name": "Hộ thôn Ba"}),
        op("member.upsert", new_id(), {"household_id": elsewhere, "full_name": "Ba", "skills": SKILLED}),
    )
    return {"covered": covered, "waiting": waiting}


def text_of(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_progress_shows_the_leaders_villages_with_a_total_row(client, team, work):
    page_login(client, "hung")
    page = text_of(client.get("/leader?period=all"))
    assert "Thôn T01" in page or team["t01"].name in page
    assert "Thôn Ba" not in page  # not the leader's village
    assert "Hộ đã đạt: 50,0% (1 / 2 hộ)" in page
    assert re.search(r"<tfoot>.*Tổng.*</tfoot>", page)


def test_an_officer_sees_every_village_of_the_commune(client, team, work):
    page_login(client, "officer")
    page = text_of(client.get("/leader?period=all"))
    assert "Thôn Ba" in page and "Hộ đã đạt: 66,7% (2 / 3 hộ)" in page


def test_a_volunteer_cannot_open_the_leader_pages(client, team):
    page_login(client, "lan")
    for path in ("/leader", "/leader/volunteers", "/leader/assignments", "/leader/conflicts"):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize("query", [
    "period=custom&date_from=31/02/2026", "period=custom&date_from=2026-03-10&date_to=2026-03-01",
    "period=decade", "period=custom&date_to=%00", "period=custom&date_to=9999-12-31"])
def test_an_unreadable_period_is_a_message_not_an_error(client, team, query):
    page_login(client, "hung")
    response = client.get(f"/leader?{query}")
    assert response.status_code == 200
    assert 'role="alert"' in response.get_data(as_text=True)


def test_the_ranking_credits_who_covered_and_counts_visits(client, team, work):
    page_login(client, "hung")
    page = text_of(client.get("/leader/volunteers?period=all"))
    rows = re.findall(r"<tr> <td>(\d+)</td> <th scope=\"row\" class=\"key\">([^<]+)</th> <td>(\d+)</td>"
                      r" <td>(\d+)</td> <td>(\d+)</td>", page)
    # Lan met one household and found the other's door closed: one guidance visit, two knocks.
    assert rows == [("1", team["lan"].full_name or "lan", "1", "1", "2")]


def test_a_leader_assigns_a_volunteer_and_the_phone_is_told_to_reset(client, team, phone, village3):
    hoa = phone("hoa")
    hoa.pull_all()
    page_login(client, "hung")
    token = session_token(client)
    volunteers = [str(team[name].id) for name in ("lan", "tuan", "hoa")]
    response = client.post(f"/leader/assignments/{team['t01'].id}",
                           data={"csrf_token": token, "volunteer": volunteers})
    assert response.status_code == 302
    db.session.expire_all()
    assert team["hoa"].village_ids == sorted([team["t01"].id, team["t02"].id])  # T02 kept
    assert hoa.pull(hoa.cursor)["reset"] is True
    assert client.post(f"/leader/assignments/{village3.id}", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/leader/assignments/{team['far'].id}", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/leader/assignments/{team['t01'].id}").status_code == 400  # no CSRF token


def test_resolving_a_conflict_from_the_page_changes_the_household_and_is_audited(client, team, phone):
    household = new_id()
    phone("lan").push(op("household.upsert", household, {"village_id": team["t01"].id, "head_name": "Hộ",
                                                          "phone": "0912000000"}))
    phone("lan").push(op("household.upsert", household, {"phone": "0912000001"}, minutes=5, base_version=1))
    phone("tuan").push(op("household.upsert", household, {"phone": "0912000002"}, minutes=3, base_version=1))
    [conflict] = db.session.query(Conflict).all()
    page_login(client, "hung")
    page = text_of(client.get("/leader/conflicts"))
    assert "0912000001" in page and "0912000002" in page and "Số điện thoại" in page
    token = session_token(client)
    response = client.post(f"/leader/conflicts/{conflict.id}", data={"csrf_token": token, "keep": "lost"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Household, uuid.UUID(household)).phone == "0912000002"
    assert db.session.get(Conflict, conflict.id).resolution == "lost"
    assert db.session.query(AuditEntry).filter_by(action="conflict_resolved").count() == 1
    again = client.post(f"/leader/conflicts/{conflict.id}", data={"csrf_token": token, "keep": "kept"},
                        follow_redirects=True)
    assert "đã được xử lý" in again.get_data(as_text=True)
    assert "Không có xung đột nào cần xem xét." in text_of(client.get("/leader/conflicts"))


def test_every_leader_page_opens_in_vietnamese(client, team, work):
    page_login(client, "hung")
    for path in ("/leader", "/leader/volunteers", "/leader/assignments", "/leader/conflicts"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="vi">' in response.get_data(as_text=True)


def test_a_campaign_lists_what_is_left_to_cover_on_a_page_and_in_excel(app, client, team, phone, work,
                                                                        village3):
    from io import BytesIO

    from openpyxl import load_workbook

    phone("lan").push(op("household.upsert", new_id(), {"village_id": team["t01"].id,
                                                          "head_name": "=HYPERLINK(\"http://x\")"}))
    page_login(client, "hung")
    token = session_token(client)
    refused = client.post("/leader/campaigns", data={"csrf_token": token, "name": "Đợt 1",
                                                     "starts_on": "2026-02-28", "ends_on": "2026-02-24",
                                                     "village": [team["t01"].id]})
    assert "Đợt vận động kết thúc trước khi bắt đầu." in text_of(refused)
    response = client.post("/leader/campaigns", data={
        "csrf_token": token, "name": "Đợt cao điểm 24–28/02", "starts_on": "2026-02-24",
        "ends_on": "2026-02-28", "village": [team["t01"].id, village3.id]})  # thôn Ba: not the leader's
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "Đợt cao điểm 24–28/02" in page and "Hộ chờ" in page and "Hộ đạt" not in page
    assert "Thôn Ba" not in page
    xlsx = client.get(response.headers["Location"] + ".xlsx")
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(xlsx.get_data())).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    names = {row[2] for row in cells[3:]}
    assert names == {"Hộ chờ", "=HYPERLINK(\"http://x\")"}
    # A "not home" without a date is due 2 days after the visit (DOMAIN.md), on the page and in Excel.
    waiting = next(row for row in cells[3:] if row[2] == "Hộ chờ")
    assert waiting[6] == "07/03/2026"
    assert re.search(r"Hộ chờ</th>.*?<td>07/03</td>", page)
    formula = next(row[2] for row in sheet.iter_rows(min_row=4) if str(row[2].value).startswith("="))
    assert formula.data_type == "s"  # text, never a formula
    volunteer = app.test_client()
    page_login(volunteer, "lan")
    assert volunteer.get(response.headers["Location"]).status_code == 403


def test_the_weekly_trend_counts_households_covered_by_each_weeks_end(client, team, work):
    page_login(client, "hung")
    page = text_of(client.get("/leader?period=custom&date_from=2026-02-01&date_to=2026-03-08"))
    weeks = re.search(r'<caption class="muted">[^<]*</caption> <tr>(.*?)</tr> <tr>(.*?)</tr>', page)
    days = re.findall(r"<th scope=\"col\">([\d/]+)</th>", weeks.group(1))
    values = re.findall(r"<td>([\d,]+%)</td>", weeks.group(2))
    assert len(days) == len(values) == 12
    # Covered on 5 March (the phones' time), one household of two: the week ending Sunday 8 March.
    assert (days[-1], values[-1]) == ("08/03", "50,0%")
    assert (days[-2], values[-2]) == ("01/03", "0,0%")


def test_the_weekly_trend_stops_at_the_current_week(client, team, work):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    page_login(client, "hung")
    today = datetime.now(ZoneInfo(client.application.config["BABEL_DEFAULT_TIMEZONE"])).date()
    later = today + timedelta(days=90)
    page = text_of(client.get(f"/leader?period=custom&date_from=2026-01-01&date_to={later.isoformat()}"))
    weeks = re.search(r'<caption class="muted">[^<]*</caption> <tr>(.*?)</tr>', page)
    days = re.findall(r"<th scope=\"col\">([\d/]+)</th>", weeks.group(1))
    sunday = today + timedelta(days=6 - today.weekday())
    assert days[-1] == sunday.strftime("%d/%m")


def test_the_map_loads_markerclusters_stylesheets_from_the_app(client, team):
    page_login(client, "hung")
    page = client.get("/leader/map").get_data(as_text=True)
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    for name in ("MarkerCluster.css", "MarkerCluster.Default.css"):
        [href] = [s for s in sheets if s.split("?")[0].endswith("/leaflet.markercluster/" + name)]
        assert href.startswith("/static/")  # served by the app (CSP 'self'), no CDN
        served = client.get(href)
        assert served.status_code == 200 and served.mimetype == "text/css"
        assert "cluster" in served.get_data(as_text=True)


def test_an_admin_assigns_the_volunteers_of_the_villages_own_commune(client, team, make_user, other_commune):
    make_user(team["commune"], "admin", [], username="root")
    far_volunteer = make_user(other_commune, "volunteer", [], username="xa")
    page_login(client, "root")
    token = session_token(client)
    # Ids of both communes ticked (a crafted form): each user only ever gets their commune's villages.
    ticked = [str(team["lan"].id), str(far_volunteer.id)]
    response = client.post(f"/leader/assignments/{team['far'].id}",
                           data={"csrf_token": token, "volunteer": ticked})
    assert response.status_code == 302
    db.session.expire_all()
    assert far_volunteer.village_ids == [team["far"].id]
    assert team["lan"].village_ids == [team["t01"].id]
