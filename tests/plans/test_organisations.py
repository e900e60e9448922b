"""Organisations and businesses: recorded by the office with their steps, read by leaders in
their villages, counted in the coverage report (issue 17 item 2)."""
from datetime import date, timedelta

import pytest

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.plans.models import Organisation
from tests.phones import Phone
from tests.plans.helpers import post

AN_PHU = {"name": "Công ty TNHH An Phú", "kind": "enterprise", "contact_name": "Trần Văn Nam",
          "contact_phone": "0912345678", "account_on": "2026-03-02", "online_dossier_on": None}


def add(device, village, **fields):
    response = post(device, "/api/v1/organisations", {**AN_PHU, "village_id": village.id, **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def patch(device, organisation_id, body):
    return device.client.patch(f"/api/v1/organisations/{organisation_id}", json=body,
                               headers={"X-CSRFToken": device.token})


def delete(device, organisation_id):
    return device.client.delete(f"/api/v1/organisations/{organisation_id}",
                                headers={"X-CSRFToken": device.token})


def listed(device, **query):
    response = device.client.get("/api/v1/organisations", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_office_records_an_organisation_and_its_steps(team, phone):
    body = add(phone("officer"), team["t01"])
    assert body | {"id": None} == {
        "id": None, "village_id": team["t01"].id, "name": "Công ty TNHH An Phú", "kind": "enterprise",
        "contact_name": "Trần Văn Nam", "contact_phone": "0912345678", "account_on": "2026-03-02",
        "online_dossier_on": None, "online_payment_on": None, "covered_on": None}
    changed = patch(phone("officer"), body["id"], {"online_dossier_on": "2026-03-05"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["covered_on"] == "2026-03-05"
    assert changed.get_json()["contact_name"] == "Trần Văn Nam"  # what was not sent stays


def test_leaders_read_their_villages_and_only_the_office_writes(app, team, phone, make_user):
    officer = phone("officer")
    east, west = add(officer, team["t01"], name="HTX Đông"), add(officer, team["t02"], name="HTX Tây")
    assert [o["name"] for o in listed(phone("leader"))["items"]] == ["HTX Đông", "HTX Tây"]
    one = Phone(app, make_user(team["commune"], "leader", [team["t01"]], username="binh"))
    assert [o["name"] for o in listed(one)["items"]] == ["HTX Đông"]
    other_village = {"village_id": team["t02"].id}
    assert one.client.get("/api/v1/organisations", query_string=other_village).status_code == 403
    assert phone("lan").client.get("/api/v1/organisations").status_code == 403
    body = {**AN_PHU, "village_id": team["t01"].id}
    assert post(phone("leader"), "/api/v1/organisations", body).status_code == 403
    assert patch(phone("leader"), east["id"], {"name": "X"}).status_code == 403
    assert delete(phone("leader"), west["id"]).status_code == 403


def test_another_communes_organisation_does_not_exist_for_the_office(team, phone):
    far = add(phone("stranger"), team["far"])
    officer = phone("officer")
    assert patch(officer, far["id"], {"name": "Đổi tên"}).status_code == 404
    assert delete(officer, far["id"]).status_code == 404
    assert listed(officer)["items"] == []
    assert officer.client.get("/api/v1/organisations",
                              query_string={"village_id": team["far"].id}).status_code == 404
    refused = post(officer, "/api/v1/organisations", {**AN_PHU, "village_id": team["far"].id})
    assert refused.status_code == 422 and "village_id" in refused.get_json()["error"]["fields"]
    assert db.session.get(Organisation, far["id"]).name == "Công ty TNHH An Phú"


TOMORROW = (date.today() + timedelta(days=2)).isoformat()


@pytest.mark.parametrize("fields, field", [
    ({"kind": "bank"}, "kind"), ({"name": ""}, "name"), ({"name": None}, "name"),
    ({"contact_phone": "12"}, "contact_phone"), ({"account_on": "02/03/2026"}, "account_on"),
    ({"online_dossier_on": TOMORROW}, "online_dossier_on"), ({"tax_code": "0101234567"}, "tax_code"),
    ({"contact_name": "CCCD 001234567890"}, "contact_name"), ({"village_id": "x"}, "village_id"),
    ({"village_id": 10**12}, "village_id"),
])
def test_bad_input_is_422_with_the_field(team, phone, fields, field):
    body = {**AN_PHU, "village_id": team["t01"].id, **fields}
    response = post(phone("officer"), "/api/v1/organisations", body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("body, field", [
    ({"name": None}, "name"), ({"kind": None}, "kind"), ({"village_id": None}, "village_id"),
    ({"account_on": TOMORROW}, "account_on"), ({"removed": True}, "removed"), ({}, None),
])
def test_a_bad_change_is_422_and_changes_nothing(team, phone, body, field):
    organisation = add(phone("officer"), team["t01"])
    response = patch(phone("officer"), organisation["id"], body)
    assert response.status_code == 422, response.get_json()
    assert field is None or field in response.get_json()["error"]["fields"]
    row = db.session.get(Organisation, organisation["id"], populate_existing=True)
    assert (row.name, row.kind, row.account_on) == ("Công ty TNHH An Phú", "enterprise", date(2026, 3, 2))


def test_changes_and_removal_are_audited_without_the_contact(team, phone):
    officer = phone("officer")
    organisation = add(officer, team["t01"])
    assert patch(officer, organisation["id"], {"contact_phone": "0987654321", "name": "Công ty TNHH An Phú",
                                                "online_payment_on": "2026-03-04"}).status_code == 200
    assert delete(officer, organisation["id"]).status_code == 204
    assert listed(officer)["total"] == 0
    assert delete(officer, organisation["id"]).status_code == 404  # removed: no longer there
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.target_type == "organisation")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.action, e.details.get("fields")) for e in entries] == [
        ("organisation_added", None), ("organisation_changed", ["contact_phone", "online_payment_on"]),
        ("organisation_removed", None)]
    logged = repr([e.details for e in entries])
    assert "0987654321" not in logged and "Trần Văn Nam" not in logged and "An Phú" not in logged


def test_the_list_is_paginated(team, phone):
    officer = phone("officer")
    for name in ("A", "B", "C"):
        add(officer, team["t01"], name=f"HTX {name}")
    page = listed(officer, page=2, per_page=2)
    assert (page["total"], page["page"], page["per_page"]) == (3, 2, 2)
    assert [o["name"] for o in page["items"]] == ["HTX C"]
    assert officer.client.get("/api/v1/organisations", query_string={"per_page": 0}).status_code == 422


# --- the figures: equal to a count made by hand -------------------------------------------------

def stats(device, **query):
    response = device.client.get("/api/v1/stats/coverage", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def pair(indicators):
    return indicators["organisations"], indicators["organisations_covered"]


@pytest.fixture
def recorded(team, phone):
    """T01: covered on 5 March, covered on 2 April, account only, covered but removed;
    T02: covered on 31 March; another commune's, covered."""
    officer = phone("officer")
    add(officer, team["t01"], account_on="2026-03-01", online_dossier_on="2026-03-05")
    add(officer, team["t01"], account_on="2026-03-20", online_dossier_on="2026-04-02")
    add(officer, team["t01"], account_on="2026-03-01", online_payment_on="2026-03-02")
    gone = add(officer, team["t01"], account_on="2026-03-01", online_dossier_on="2026-03-01")
    assert delete(officer, gone["id"]).status_code == 204
    add(officer, team["t02"], account_on="2026-03-31", online_dossier_on="2026-03-31")
    add(phone("stranger"), team["far"], account_on="2026-03-01", online_dossier_on="2026-03-01")
    return officer


def test_the_report_counts_organisations_and_those_covered_by_the_periods_end(team, phone, recorded):
    march = stats(recorded, date_from="2026-03-01", date_to="2026-03-31")
    by_village = {v["village_id"]: pair(v) for v in march["villages"]}
    assert by_village == {team["t01"].id: (3, 1), team["t02"].id: (1, 1)}
    assert pair(march["total"]) == (4, 2)
    assert pair(stats(recorded)["total"]) == (4, 3)  # from the start: covered by now
    assert pair(stats(recorded, date_to="2026-03-04")["total"]) == (4, 0)
    assert pair(stats(phone("leader"), village_id=team["t02"].id)["total"]) == (1, 1)
    assert pair(stats(phone("lan"))["total"]) == (3, 2)  # her village, T01


def test_the_sql_rule_and_the_rows_rule_agree(team, recorded, app):
    """What the report counts is what plans/organisations.covered_on says of each row."""
    from fieldapp.plans.organisations import covered_on

    rows = db.session.scalars(db.select(Organisation).where(
        Organisation.commune_id == team["commune"].id, Organisation.removed.is_(False))).all()
    for last in ("2026-03-04", "2026-03-05", "2026-03-31", "2026-04-02"):
        day = date.fromisoformat(last)
        by_hand = sum(1 for row in rows if covered_on(row) is not None and covered_on(row) <= day)
        assert pair(stats(recorded, date_to=last)["total"]) == (len(rows), by_hand), last


# --- the contact person's personal data -------------------------------------------------------

def test_the_contact_is_erased_on_request_and_the_organisation_stays_counted(team, phone):
    officer = phone("officer")
    organisation = add(officer, team["t01"], online_dossier_on="2026-03-03")
    erase = f"/api/v1/organisations/{organisation['id']}/erase-contact"
    assert post(phone("stranger"), erase, {}).status_code == 404
    assert post(phone("leader"), erase, {}).status_code == 403
    response = post(officer, erase, {})
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["contact_name"], response.get_json()["contact_phone"]) == (None, None)
    assert response.get_json()["covered_on"] == "2026-03-03"
    assert pair(stats(officer)["total"]) == (1, 1)
    row = db.session.get(Organisation, organisation["id"], populate_existing=True)
    assert row.erased_at is not None and row.name == "Công ty TNHH An Phú"
    entry = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action == "organisation_contact_erased")).one()
    assert (entry.user_id, entry.target_id, entry.details) == (team["officer"].id, str(row.id), {})


def test_purge_erases_the_contacts_of_organisations_untouched_since_the_date(team, phone, runner):
    from datetime import UTC, datetime

    officer = phone("officer")
    old, fresh = add(officer, team["t01"], online_dossier_on="2026-03-03"), add(officer, team["t02"])
    db.session.get(Organisation, old["id"]).updated_at = datetime(2024, 1, 1, tzinfo=UTC)
    db.session.commit()
    dry = runner.invoke(args=["purge", "--before", "2025-01-01", "--dry-run"])
    assert "the contact persons of 1 organisations" in dry.output
    assert runner.invoke(args=["purge", "--before", "2025-01-01"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Organisation, old["id"]).contact_name is None
    assert db.session.get(Organisation, old["id"]).contact_phone is None
    assert db.session.get(Organisation, fresh["id"]).contact_name == "Trần Văn Nam"
    assert pair(stats(officer)["total"]) == (2, 1)
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "purge")).one()
    assert (entry.details["organisations"], entry.details["households"]) == (1, 0)


def test_an_issued_report_carries_the_organisations_of_its_period(team, recorded):
    from tests.plans.reporting import issue

    response = issue(recorded, "2026-03")
    assert response.status_code == 201, response.get_json()
    figures = response.get_json()["figures"]
    march = stats(recorded, date_from="2026-03-01", date_to="2026-03-31")["total"]
    assert pair(figures) == pair(march) == (4, 2)
    assert {v["village_id"]: pair(v) for v in figures["villages"]} == {team["t01"].id: (3, 1),
                                                                       team["t02"].id: (1, 1)}
