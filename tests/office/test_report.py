"""The commune's monthly or quarterly report: a printable page and an XLSX, officers only."""
import io
import re

from openpyxl import load_workbook

from tests.pages.test_login_pages import page_login
from tests.phones import new_id, op

SKILLED = {"vneid_level2": True, "vneid_login": True, "dvc_login": True, "dvc_submit": True}


def push_some(team, phone):
    home = new_id()
    phone("lan").push(
        op("household.upsert", home, {"village_id": team["t01"].id, "head_name": "Hộ một"}),
        op("member.upsert", new_id(), {"household_id": home, "full_name": "An", "skills": SKILLED}),
        op("household.upsert", new_id(), {"village_id": team["t01"].id, "head_name": "Hộ hai"}),
    )


def test_the_report_page_names_the_commune_and_the_period_with_a_total(client, team, phone):
    push_some(team, phone)
    page_login(client, "officer")
    query = "period=custom&date_from=2026-03-01&date_to=2026-03-31"
    page = re.sub(r"\s+", " ", client.get(f"/office/report?{query}").get_data(as_text=True))
    assert team["commune"].name in page and "01/03/2026 – 31/03/2026" in page
    assert re.search(r"<tfoot>.*Tổng.*<td>2</td>.*</tfoot>", page)


def test_the_report_downloads_as_xlsx_with_vietnamese_labels(client, team, phone):
    push_some(team, phone)
    page_login(client, "officer")
    response = client.get("/office/report.xlsx?period=all")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0].startswith(team["commune"].name)
    assert rows[2][:3] == ["Thôn", "Tổng số hộ", "Số hộ đã đến hướng dẫn"]
    total = next(row for row in rows if row[0] == "Tổng")
    assert total[1] == 2 and total[3] == 1 and total[4] == 50.0


def test_only_the_office_opens_the_report(app, team):
    for name in ("lan", "hung"):
        client = app.test_client()
        page_login(client, name)
        assert client.get("/office/report").status_code == 403
        assert client.get("/office/report.xlsx").status_code == 403


def test_the_xlsx_counts_guidance_visits_apart_from_knocks(client, team, phone):
    home = new_id()
    phone("lan").push(
        op("household.upsert", home, {"village_id": team["t01"].id, "head_name": "Hộ một"}),
        op("visit.create", new_id(), {"household_id": home, "outcome": "not_home"}, minutes=1),
        op("visit.create", new_id(), {"household_id": home, "outcome": "met"}, minutes=2),
    )
    page_login(client, "officer")
    sheet = load_workbook(io.BytesIO(client.get("/office/report.xlsx?period=all").get_data())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header, total = rows[2], next(row for row in rows if row[0] == "Tổng")
    assert total[header.index("Số lượt hướng dẫn")] == 1
    assert total[header.index("Số lượt đến hộ (kể cả vắng nhà, từ chối)")] == 2
