"""The groups' figures above the commune (issue 17): each group's members and those with a portal
account (skill dvc_login) in the province's table (API, page, workbook) equal each commune's own
`groups` of GET /api/v1/stats/coverage; an issued report shows them "by group", on its page and
in its Word file, with the same numbers."""
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from fieldapp.core.vocabulary import GROUPS
from fieldapp.extensions import db
from fieldapp.places import services as places
from fieldapp.plans.models import IssuedReport
from tests.phones import Phone, new_id, op
from tests.province.test_province_reports import Caller

PORTAL = {"dvc_login": True}
# Per commune, its members as (groups, skills): 10001 has 3 youth-union members (2 with an account,
# one of them also an official) and a pupil without; 20002 one association member with one.
PEOPLE = {"10001": [(["youth_union", "official"], PORTAL), (["youth_union"], PORTAL), (["youth_union"], {}),
                    (["student"], {"vneid_level2": True})],
          "20002": [(["association"], PORTAL)],
          "30003": [(["youth_union"], PORTAL)]}


def people(phone, village, members):
    home = new_id()
    ops = [op("household.upsert", home, {"village_id": village.id, "head_name": "Hộ"})]
    ops += [op("member.upsert", new_id(), {"household_id": home, "full_name": "Người",
                                           "groups": dict.fromkeys(groups, True), "skills": skills})
            for groups, skills in members]
    assert {r["status"] for r in phone.push(*ops)} == {"applied"}


@pytest.fixture
def world(app, commune, other_commune, make_village, make_user, make_province):
    """A province of two communes whose members belong to groups; a third commune elsewhere."""
    outside = places.create_commune("30003", "Xã Ngoài Tỉnh")
    province = make_province(communes=[commune, other_commune])
    make_province("98", "Tỉnh Khác", communes=[outside])
    offices = {}
    for place in (commune, other_commune, outside):
        village = make_village(place, "T01")
        volunteer = make_user(place, "volunteer", [village], username=f"lan-{place.code}")
        people(Phone(app, volunteer), village, PEOPLE[place.code])
        offices[place.code] = Caller(app, make_user(place, "officer", username=f"officer-{place.code}"))
    supervisor = Caller(app, make_user(None, "supervisor", username="giamsat", province=province))
    return {"offices": offices, "supervisor": supervisor}


def own_groups(world, code):
    return world["offices"][code].json("/api/v1/stats/coverage")["total"]["groups"]


def test_each_communes_row_carries_its_own_groups_figures(world):
    items = world["supervisor"].json("/api/v1/stats/communes")["items"]
    assert [item["code"] for item in items] == ["20002", "10001"]
    for item in items:
        assert item["groups"] == own_groups(world, item["code"])
    by_code = {item["code"]: item["groups"] for item in items}
    assert by_code["10001"]["youth_union"] == {"members": 3, "portal_account": 2}
    assert by_code["10001"]["student"] == {"members": 1, "portal_account": 0}
    assert by_code["20002"]["association"] == {"members": 1, "portal_account": 1}
    assert by_code["20002"]["youth_union"] == {"members": 0, "portal_account": 0}


def cell(page, code, group, key):
    row = re.search(rf'<tr data-commune="{code}">(.*?)</tr>', page.split('id="communes-groups"')[1], re.S)
    return re.search(rf'data-group="{group}" data-key="{key}">([^<]*)<', row.group(1)).group(1)


def test_the_province_page_shows_each_communes_groups(world):
    page = world["supervisor"].get("/province").get_data(as_text=True)
    assert "Đoàn viên" in page and "Có tài khoản Cổng DVC" in page
    for code in ("10001", "20002"):
        for group, figures in own_groups(world, code).items():
            assert cell(page, code, group, "members") == str(figures["members"])
            assert cell(page, code, group, "portal_account").startswith(f"{figures['portal_account']} · ")
    assert cell(page, "10001", "youth_union", "portal_account") == "2 · 66,7%"
    assert 'data-commune="30003"' not in page


def test_the_workbook_has_each_groups_columns(world):
    response = world["supervisor"].get("/province/communes.xlsx")
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header, rows = values[2], {row[0]: dict(zip(values[2], row, strict=True)) for row in values[3:]}
    assert "Đoàn viên: số người" in header and "Đoàn viên: có tài khoản Cổng DVC" in header
    assert set(rows) == {"10001", "20002"}
    for code, row in rows.items():
        for group, figures in own_groups(world, code).items():
            label = {"official": "Cán bộ, công chức", "youth_union": "Đoàn viên"}.get(group)
            if label:
                assert (row[f"{label}: số người"], row[f"{label}: có tài khoản Cổng DVC"]) == (
                    figures["members"], figures["portal_account"])
    assert rows["10001"]["Đoàn viên: có tài khoản Cổng DVC"] == 2


def value(text):
    text = text.strip()
    if text.endswith("%"):
        return float(text[:-1].replace(".", "").replace(",", "."))
    return int(text.replace(".", ""))


def test_an_issued_report_shows_the_groups_on_its_page_and_in_its_word_file(world):
    office = world["offices"]["10001"]
    body = office.issue("2026-03")
    groups = body["figures"]["groups"]
    assert groups == own_groups(world, "10001")
    document = Document(io.BytesIO(office.get(f"/reports/{body['id']}.docx").get_data()))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nhóm")
    assert [c.text for c in table.rows[0].cells] == ["Nhóm", "Số người", "Có tài khoản Cổng DVC",
                                                     "Có tài khoản Cổng DVC (%)"]
    read = {row.cells[0].text: [value(c.text) for c in row.cells[1:]] for row in table.rows[1:]}
    assert len(read) == len(GROUPS)
    assert read["Đoàn viên"] == [3, 2, 66.7]
    official = groups["official"]
    assert read["Cán bộ, công chức"] == [official["members"], official["portal_account"], 100.0]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "3. Kết quả theo nhóm đối tượng" in headings and "4. Kết quả theo thôn" in headings
    page = office.get(f"/office/reports/{body['id']}").get_data(as_text=True)
    youth = re.search(r'<tr data-group="youth_union">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'data-key="\w+">([^<]*)<', youth) == ["3", "2", "66,7%"]
    # The province reads the same report, the same table.
    seen = world["supervisor"].get(f"/province/reports/{body['id']}").get_data(as_text=True)
    assert youth in seen


def test_a_report_issued_before_the_groups_were_counted_has_no_group_table(world):
    office = world["offices"]["10001"]
    body = office.issue("2026-03")
    report = db.session.get(IssuedReport, body["id"])
    report.figures = {key: value for key, value in report.figures.items() if key != "groups"}
    db.session.commit()
    assert 'id="report-groups"' not in office.get(f"/office/reports/{body['id']}").get_data(as_text=True)
    document = Document(io.BytesIO(office.get(f"/reports/{body['id']}.docx").get_data()))
    assert not [t for t in document.tables if t.rows[0].cells[0].text == "Nhóm"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "3. Kết quả theo thôn" in headings
