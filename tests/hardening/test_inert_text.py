"""Text that looks like HTML or a spreadsheet formula stays text on every page and in every
download; every page carries the browser security headers."""
import csv
import io
import re
import secrets

import pytest
from openpyxl import load_workbook

from fieldapp.core.permissions import permission_of
from fieldapp.core.spreadsheet import XLSX
from fieldapp.dashboard.campaigns import create_campaign
from fieldapp.extensions import db
from fieldapp.office.models import ImportUpload
from fieldapp.places import services as places
from fieldapp.plans.models import Organisation
from fieldapp.sync.models import Conflict
from tests.conftest import api_login
from tests.hardening.routes import declared_routes
from tests.phones import new_id, op

SCRIPT = '<script>alert("x")</script>'
FORMULA = "=cmd|' /C calc'!A0"
HOSTILE = f"{SCRIPT}{FORMULA}"


@pytest.fixture
def hostile(app, team, phone, make_user):
    """Every kind of record, each with text a browser or a spreadsheet could run."""
    village = places.save_village(team["commune"], "T09", FORMULA + SCRIPT)
    db.session.commit()
    volunteer = make_user(team["commune"], "volunteer", [village], username="hostile")
    volunteer.full_name = HOSTILE
    db.session.commit()
    household = new_id()
    officer = phone("officer")
    officer.push(
        op("household.upsert", household, {"village_id": team["t01"].id, "head_name": FORMULA + SCRIPT,
                                           "address": HOSTILE, "note": HOSTILE, "code": "+HGD"}),
        op("member.upsert", new_id(), {"household_id": household, "full_name": HOSTILE, "note": HOSTILE}),
        op("visit.create", new_id(), {"household_id": household, "outcome": "met", "topics": [],
                                      "people_guided": 1, "barriers": ["no_signal"], "note": HOSTILE}),
    )
    for who, note in (("lan", "@" + SCRIPT), ("tuan", "-" + SCRIPT)):  # one kept, one a conflict
        phone(who).push(op("household.upsert", household, {"note": note}, minutes=5, base_version=1))
    assert db.session.query(Conflict).count() == 1
    campaign = create_campaign(team["officer"], HOSTILE, "2026-03-01", "2026-03-05", [village.id])
    report = {"accepted": 0, "rejected": 1, "warnings": 0, "repaired": 0, "unchanged": 0,
              "rows": [{"row": 1, "status": "rejected", "messages": [HOSTILE]}]}
    upload = ImportUpload(id=secrets.token_urlsafe(32), commune_id=team["commune"].id,
                          user_id=team["officer"].id, filename=HOSTILE + ".csv", rows=[], report=report)
    db.session.add(upload)
    db.session.commit()
    conflict = db.session.query(Conflict).one()
    organisation = Organisation(commune_id=team["commune"].id, village_id=team["t01"].id,
                                name=FORMULA + SCRIPT, kind="other", contact_name=HOSTILE)
    db.session.add(organisation)
    province = places.create_province("99", HOSTILE, portal_name=HOSTILE)
    team["commune"].province_id = province.id
    make_user(None, "supervisor", username="giamsat", province=province)
    db.session.commit()
    issued = officer.client.post("/api/v1/reports", json={"period": "2026-03", "difficulties": HOSTILE,
                                                          "causes": HOSTILE, "proposals": HOSTILE},
                                 headers={"X-CSRFToken": officer.token})
    assert issued.status_code == 201, issued.get_json()
    return {"report_id": issued.get_json()["id"], "village_id": village.id, "household_id": household,
            "conflict_id": conflict.id, "organisation_id": organisation.id,
            "campaign_id": campaign.id, "user_id": volunteer.id, "token": upload.id,
            "barrier": "no_signal", "slug": "kich-hoat-muc-2"}


def cells(response):
    if response.mimetype == "text/csv":
        text = response.get_data().decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    book = load_workbook(io.BytesIO(response.get_data()))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), "a formula in the workbook"
            found += [cell.value for cell in row if isinstance(cell.value, str)]
    return found


def test_no_page_or_download_runs_what_users_typed(app, team, phone, hostile):
    officer = phone("officer").client
    supervisor = app.test_client()  # the province's pages, called as its supervisor
    assert api_login(supervisor, "giamsat").status_code == 200
    pages = shown = downloads = 0
    for rule, method in declared_routes(officer.application):
        if method != "GET" or rule.endpoint in ("pwa.service_worker",):
            continue
        url = rule.build({name: hostile[name] for name in rule.arguments}, append_unknown=False)[1]
        province = permission_of(app.view_functions[rule.endpoint], method) == "province"
        response = (supervisor if province else officer).get(url)
        assert response.status_code < 400 or rule.endpoint == "accounts.login", (url, response.status_code)
        if response.mimetype == "text/html":
            pages += 1
            html = response.get_data(as_text=True)
            assert SCRIPT not in html, url
            shown += "&lt;script&gt;alert" in html
            headers = response.headers
            script_src = re.search(r"script-src ([^;]*)", headers["Content-Security-Policy"]).group(1)
            assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, url
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], url
            assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"], url
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"an inline script on {url}"
        elif response.mimetype in ("text/csv", XLSX):
            typed = [cell for cell in cells(response) if "alert" in cell]
            downloads += bool(typed)
            if response.mimetype == "text/csv":  # an XLSX holds it as a text cell (checked in cells)
                assert not [cell for cell in typed if cell[0] in "=+-@"], url
        response.close()
    # Pages seen, pages showing the hostile text (as text), downloads holding it.
    assert pages >= 20 and shown >= 8 and downloads >= 4, (pages, shown, downloads)


def test_pages_over_https_ask_for_https_only(team, phone):
    officer = phone("officer").client
    assert "Strict-Transport-Security" not in officer.get("/office").headers
    secure = officer.get("/office", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
