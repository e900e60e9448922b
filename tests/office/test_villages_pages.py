"""/office/villages: the office creates, edits and imports villages; phones get the changes."""
import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.places.models import Village


def village_coded(commune, code):
    db.session.expire_all()
    return db.session.scalar(select(Village).where(Village.commune_id == commune.id, Village.code == code))


def entries(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


def upload(data, filename):
    return (io.BytesIO(data), filename)


def test_the_list_shows_the_communes_villages_only(client, team, office):
    page = client.get("/office/villages").get_data(as_text=True)
    assert f'id="village-{team["t01"].id}"' in page and f'id="village-{team["t02"].id}"' in page
    assert f'id="village-{team["far"].id}"' not in page


def test_a_created_village_reaches_the_phone_of_a_volunteer_assigned_to_it(client, team, office, phone):
    response = office("/office/villages/new", code="T03", name="Thôn  Ba ", lat="21,05", lon="105.8",
                      planned_households="320")
    assert response.status_code == 302
    village = village_coded(team["commune"], "T03")
    assert (village.name, village.lat, village.lon, village.planned_households) == (
        "Thôn Ba", 21.05, 105.8, 320)
    office(f"/office/users/{team['hoa'].id}", full_name="", role="volunteer",
           village=[str(team["t02"].id), str(village.id)])
    pulled = {v["code"]: v for page in phone("hoa").pull_all() for v in page["villages"]}
    assert pulled["T03"] == {"id": village.id, "code": "T03", "name": "Thôn Ba", "lat": 21.05,
                             "lon": 105.8, "planned_households": 320}
    [entry] = entries("village_created")
    assert (entry.target_id, entry.details) == (str(village.id), {"code": "T03"})


def test_an_edited_village_comes_in_the_next_pull(client, team, office, phone):
    lan = phone("lan")
    lan.pull_all()
    response = office(f"/office/villages/{team['t01'].id}", code="T01", name="Thôn Đông", lat="21.1",
                      lon="105.9", planned_households="")
    assert response.status_code == 302
    [village] = [v for page in lan.pull_all() for v in page["villages"]]
    assert (village["id"], village["name"], village["lat"], village["lon"]) == (
        team["t01"].id, "Thôn Đông", 21.1, 105.9)
    [entry] = entries("village_changed")
    assert entry.details == {"fields": ["name", "lat", "lon"]}


@pytest.mark.parametrize("data, message", [
    ({"code": "", "name": "Thôn Ba"}, "A village needs a code and a name."),
    ({"code": "T02", "name": "Thôn Hai"}, "The commune already has a village with the code T02."),
    ({"code": "T03", "name": "Thôn Ba", "lat": "abc", "lon": "105"}, "The latitude is a number"),
    ({"code": "T03", "name": "Thôn Ba", "lat": "21", "lon": "999"}, "The longitude is a number"),
    ({"code": "T03", "name": "Thôn Ba", "lat": "21"}, "Give both the latitude and the longitude"),
    ({"code": "T03", "name": "Thôn Ba", "lat": "nan", "lon": "nan"}, "The latitude is a number"),
    ({"code": "T03", "name": "Thôn Ba", "planned_households": "12.5"}, "whole number from 0 to 100000"),
    ({"code": "T03", "name": "Thôn Ba", "planned_households": "99999999999999999999"}, "whole number"),
    ({"code": "T" * 21, "name": "Thôn Ba"}, "at most 20 characters"),
])
def test_bad_input_on_the_village_form_is_a_clear_message(client, team, office, data, message):
    response = office("/office/villages/new", **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert village_coded(team["commune"], "T03") is None


def test_a_code_taken_by_another_village_is_refused_on_edit(client, team, office):
    response = office(f"/office/villages/{team['t01'].id}", code="T02", name="Thôn Một")
    assert "The commune already has a village with the code T02." in response.get_data(as_text=True)
    assert village_coded(team["commune"], "T01").name == "Thôn T01"


def test_another_communes_village_is_not_found(client, team, office):
    far = team["far"]
    assert client.get(f"/office/villages/{far.id}").status_code == 404
    assert office(f"/office/villages/{far.id}", code="X", name="Chiếm").status_code == 404
    db.session.expire_all()
    assert db.session.get(Village, far.id).name == "Thôn T01"
    assert client.get("/office/villages/4294967296").status_code == 404


@pytest.mark.parametrize("name", ["lan", "leader"])
def test_volunteers_and_leaders_cannot_open_the_villages_pages(client, team, login, name):
    login(team[name])
    assert client.get("/office/villages").status_code == 403
    assert client.get(f"/office/villages/{team['t01'].id}").status_code == 403


def test_a_csv_import_saves_villages_and_reports_the_refused_rows(client, team, office):
    csv = ("Mã thôn,Tên thôn,Vĩ độ,Kinh độ\n"
           "T03,Thôn Ba,21.2,105.7\n,Không mã,,\nT03,Lặp lại,,\nT02,Thôn Hai Mới,,\n")
    response = client.post("/office/villages/import", data={
        "csrf_token": office.token, "file": upload(csv.encode(), "thon.csv")})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "2 villages saved." in page
    assert re.findall(r'data-row="(\d+)"', page) == ["2", "3"]
    assert "Row 3: The code T03 appears twice in the file." in page
    assert village_coded(team["commune"], "T03").lat == 21.2
    assert village_coded(team["commune"], "T02").name == "Thôn Hai Mới"
    [entry] = entries("villages_imported")
    assert entry.details == {"saved": 2, "refused": 2}


def test_an_xlsx_import_works_too(client, team, office):
    book = Workbook()
    book.active.append(["Mã thôn", "Tên thôn"])
    book.active.append(["T04", "Thôn Bốn"])
    data = io.BytesIO()
    book.save(data)
    response = client.post("/office/villages/import", data={
        "csrf_token": office.token, "file": upload(data.getvalue(), "thon.xlsx")})
    assert "1 villages saved." in response.get_data(as_text=True)
    assert village_coded(team["commune"], "T04").name == "Thôn Bốn"


@pytest.mark.parametrize("data, filename, status, message", [
    (b"", None, 400, "Choose a CSV or Excel (XLSX) file."),
    (b"Ten,So\nA,1\n", "x.csv", 422, "The file needs the columns"),
    (b"PK\x03\x04 not really", "x.xlsx", 422, "The file is not a readable XLSX workbook."),
    (b"\n\n", "x.csv", 422, "The file is empty."),
])
def test_an_unreadable_import_is_a_clear_message(client, team, office, data, filename, status, message):
    form = {"csrf_token": office.token}
    if filename:
        form["file"] = upload(data, filename)
    response = client.post("/office/villages/import", data=form)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert entries("villages_imported") == []


def test_a_csv_cell_over_128_kib_is_a_clear_message(client, team, office):
    data = ("Mã thôn,Tên thôn\nT05,\"" + "x" * 200_000 + "\"\n").encode()
    response = client.post("/office/villages/import", data={
        "csrf_token": office.token, "file": upload(data, "thon.csv")})
    assert response.status_code == 422
    assert entries("villages_imported") == []
    assert "128 KiB" in response.get_data(as_text=True)
