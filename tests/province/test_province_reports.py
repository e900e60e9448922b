"""A supervisor reads the issued reports of its province's communes (issue 17 item 7):
GET /api/v1/province/reports (the list), GET /api/v1/province/reports/<id> (the commune's own
body), the Word file and the printable pages. Another province's report does not exist for it;
an admin of a commune reads its own commune's reports only; nothing personal is reached."""
import io
import re

import pytest
from docx import Document

from fieldapp.places import services as places
from tests.conftest import api_login

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXTS = {"difficulties": "Thôn xa, sóng yếu.", "causes": "Thiếu điện thoại.", "proposals": "Hỗ trợ máy."}


class Caller:
    """A logged-in client with its CSRF token."""

    def __init__(self, app, user):
        self.client = app.test_client()
        response = api_login(self.client, user.username)
        assert response.status_code == 200, response.get_json()
        self.token = response.get_json()["csrf_token"]

    def get(self, path, status=200, **query):
        response = self.client.get(path, query_string=query)
        assert response.status_code == status, (path, response.status_code, response.get_data()[:300])
        return response

    def json(self, path, **query):
        return self.get(path, **query).get_json()

    def issue(self, period):
        response = self.client.post("/api/v1/reports", json={"period": period, **TEXTS},
                                    headers={"X-CSRFToken": self.token})
        assert response.status_code == 201, response.get_json()
        return response.get_json()


@pytest.fixture
def world(app, commune, other_commune, make_user, make_province):
    """A province of two communes, a third commune in another province; each office issued
    reports (its commune's 01 and 02 of the year, for March and the first quarter)."""
    outside = places.create_commune("30003", "Xã Ngoài Tỉnh")
    province = make_province(communes=[commune, other_commune])
    make_province("98", "Tỉnh Khác", communes=[outside])
    offices = {c.code: Caller(app, make_user(c, "officer", username=f"officer-{c.code}"))
               for c in (commune, other_commune, outside)}
    reports = {code: [office.issue("2026-03"), office.issue("2026-Q1")] for code, office in offices.items()}
    supervisor = make_user(None, "supervisor", username="giamsat", province=province)
    return {"province": province, "communes": {c.code: c for c in (commune, other_commune, outside)},
            "offices": offices, "reports": reports, "supervisor": Caller(app, supervisor),
            "make_user": make_user}


def ids(items):
    return [item["id"] for item in items]


def test_the_supervisor_lists_its_provinces_issued_reports_newest_first(world):
    items = world["supervisor"].json("/api/v1/province/reports")["items"]
    own = world["reports"]["10001"] + world["reports"]["20002"]
    assert sorted(ids(items)) == sorted(report["id"] for report in own)
    assert ids(items) == sorted(ids(items), reverse=True)  # issued one after another: newest first
    first = next(item for item in items if item["id"] == world["reports"]["20002"][1]["id"])
    report = world["reports"]["20002"][1]
    assert first == {"id": report["id"], "number": report["number"], "period": "2026-Q1", "kind": "quarter",
                     "date_from": report["date_from"], "date_to": report["date_to"],
                     "issued_at": report["issued_at"],
                     "commune": {"id": world["communes"]["20002"].id, "code": "20002", "name": "Xã Bên Cạnh"}}


def test_the_list_is_filtered_by_commune_and_period(world):
    supervisor, communes, reports = world["supervisor"], world["communes"], world["reports"]
    items = supervisor.json("/api/v1/province/reports", commune_id=communes["10001"].id)["items"]
    assert sorted(ids(items)) == sorted(report["id"] for report in reports["10001"])
    items = supervisor.json("/api/v1/province/reports", period="2026-03")["items"]
    assert sorted(ids(items)) == sorted([reports["10001"][0]["id"], reports["20002"][0]["id"]])
    items = supervisor.json("/api/v1/province/reports", period="2026-Q1",
                            commune_id=communes["20002"].id)["items"]
    assert ids(items) == [reports["20002"][1]["id"]]
    assert supervisor.json("/api/v1/province/reports", period="2026-04")["items"] == []
    # Another province's commune has no report for this supervisor.
    assert supervisor.json("/api/v1/province/reports", commune_id=communes["30003"].id)["items"] == []


@pytest.mark.parametrize("query, field", [
    ({"commune_id": "x"}, "commune_id"), ({"commune_id": "-1"}, "commune_id"),
    ({"period": "2026-13"}, "period"), ({"period": "x" * 300}, "period"), ({"period": ""}, "period")])
def test_a_bad_filter_is_a_422_naming_it(world, query, field):
    body = world["supervisor"].get("/api/v1/province/reports", 422, **query).get_json()
    assert field in body["error"]["fields"], body


def test_a_report_reads_as_the_communes_own(world):
    for code in ("10001", "20002"):
        for report in world["reports"][code]:
            own = world["offices"][code].json(f"/api/v1/reports/{report['id']}")
            assert world["supervisor"].json(f"/api/v1/province/reports/{report['id']}") == own == report


def test_another_provinces_report_does_not_exist_for_the_supervisor(world):
    supervisor = world["supervisor"]
    for report in world["reports"]["30003"]:
        supervisor.get(f"/api/v1/province/reports/{report['id']}", 404)
        supervisor.get(f"/province/reports/{report['id']}", 404)
        supervisor.get(f"/province/reports/{report['id']}.docx", 404)
    supervisor.get("/api/v1/province/reports/999999", 404)


def test_an_admin_reads_its_own_communes_reports_only(app, world):
    admin = Caller(app, world["make_user"](world["communes"]["10001"], "admin", username="quantri"))
    items = admin.json("/api/v1/province/reports")["items"]
    assert sorted(ids(items)) == sorted(report["id"] for report in world["reports"]["10001"])
    for report in world["reports"]["20002"] + world["reports"]["30003"]:
        admin.get(f"/api/v1/province/reports/{report['id']}", 404)
        admin.get(f"/api/v1/reports/{report['id']}", 404)
        admin.get(f"/province/reports/{report['id']}", 404)
    mine = world["reports"]["10001"][0]
    assert admin.json(f"/api/v1/province/reports/{mine['id']}") == mine


def test_the_supervisor_reaches_no_office_route_nor_personal_data(world):
    supervisor, report = world["supervisor"], world["reports"]["10001"][0]
    for path in ("/api/v1/reports", f"/api/v1/reports/{report['id']}", f"/office/reports/{report['id']}",
                 f"/reports/{report['id']}.docx", "/office/reports", "/api/v1/households",
                 "/office/households"):
        assert supervisor.client.get(path).status_code in (403, 404), path


@pytest.mark.parametrize("role", ["volunteer", "leader", "officer"])
def test_the_communes_users_do_not_read_the_provinces_reports(app, world, role):
    caller = Caller(app, world["make_user"](world["communes"]["10001"], role, username=f"u-{role}"))
    report = world["reports"]["10001"][0]
    for path in ("/api/v1/province/reports", f"/api/v1/province/reports/{report['id']}", "/province/reports",
                 f"/province/reports/{report['id']}", f"/province/reports/{report['id']}.docx"):
        assert caller.client.get(path).status_code == 403, path


def document_text(data):
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [paragraph.text for paragraph in document.paragraphs] + cells


def test_the_word_file_is_the_communes_own(world):
    report = world["reports"]["20002"][0]
    response = world["supervisor"].get(f"/province/reports/{report['id']}.docx")
    assert response.mimetype == DOCX
    assert "bao-cao-01-BC-" in response.headers["Content-Disposition"]
    own = world["offices"]["20002"].get(f"/reports/{report['id']}.docx")
    assert document_text(response.get_data()) == document_text(own.get_data())
    assert any(report["number"] in text for text in document_text(response.get_data()))


def page_text(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_pages_list_and_print_the_reports(world):
    supervisor, reports = world["supervisor"], world["reports"]
    assert 'href="/province/reports"' in page_text(supervisor.get("/province"))
    listed = page_text(supervisor.get("/province/reports"))
    for report in reports["10001"] + reports["20002"]:
        assert f'href="/province/reports/{report["id"]}"' in listed
    assert "Xã Bên Cạnh" in listed and "quý I/2026" in listed and "Xã Ngoài Tỉnh" not in listed
    filtered = page_text(supervisor.get("/province/reports", commune_id=world["communes"]["20002"].id,
                                        period="2026-03"))
    assert f'href="/province/reports/{reports["20002"][0]["id"]}"' in filtered
    assert f'href="/province/reports/{reports["10001"][0]["id"]}"' not in filtered
    every = page_text(supervisor.get("/province/reports", commune_id="", period=""))  # the form's "all"
    assert 'role="alert"' not in every and all(f'href="/province/reports/{r["id"]}"' in every
                                               for r in reports["10001"] + reports["20002"])
    report = reports["10001"][1]
    page = page_text(supervisor.get(f"/province/reports/{report['id']}"))
    assert f"Số {report['number']}" in page or report["number"] in page
    assert f'href="/province/reports/{report["id"]}.docx"' in page and 'href="/province/reports"' in page
    assert "Thôn xa, sóng yếu." in page and "Hỗ trợ máy." in page
    assert "/office/" not in page and "/reports/" + str(report["id"]) + ".docx" not in page.replace(
        f"/province/reports/{report['id']}.docx", "")


def test_a_bad_filter_on_the_page_is_said_not_a_500(world):
    page = page_text(world["supervisor"].get("/province/reports", 200, period="2026-13"))
    assert 'role="alert"' in page
    assert page_text(world["supervisor"].get("/province/reports", 200, commune_id="x"))
