"""POST /api/v1/indicators: the month's figures from the portals' evaluation system."""
import pytest

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.plans.models import EnteredIndicator
from tests.plans.helpers import post


def enter(device, **fields):
    body = {"month": "2026-03", "indicator": "online_dossier_rate", "value": 87.5,
            "source": "Hệ thống đánh giá của Cổng DVC tỉnh", **fields}
    return post(device, "/api/v1/indicators", body)


def test_an_officer_enters_a_months_figure(team, phone):
    response = enter(phone("officer"))
    assert response.status_code == 201, response.get_json()
    assert response.get_json() == {"month": "2026-03", "indicator": "online_dossier_rate", "value": 87.5,
                                   "source": "Hệ thống đánh giá của Cổng DVC tỉnh", "replaced": None}


def test_entering_a_month_again_replaces_its_value_and_is_audited(team, phone):
    officer = phone("officer")
    assert enter(officer, value=80).status_code == 201
    assert enter(officer, month="2026-04", value=85).status_code == 201
    again = enter(officer, value=82.5, source="Báo cáo tháng 3")
    assert again.status_code == 201 and again.get_json()["replaced"] == 80
    rows = db.session.scalars(db.select(EnteredIndicator).order_by(EnteredIndicator.month)).all()
    assert [(r.month, r.value, r.source) for r in rows] == [
        ("2026-03", 82.5, "Báo cáo tháng 3"), ("2026-04", 85, "Hệ thống đánh giá của Cổng DVC tỉnh")]
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "indicator_entered")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.details["month"], e.details["value"], e.details["replaced"]) for e in entries] == [
        ("2026-03", 80, None), ("2026-04", 85, None), ("2026-03", 82.5, 80)]


def test_each_commune_keeps_its_own_figures(team, phone):
    assert enter(phone("officer"), value=70).status_code == 201
    assert enter(phone("stranger"), value=90).get_json()["replaced"] is None
    assert sorted(r.value for r in db.session.scalars(db.select(EnteredIndicator))) == [70, 90]


@pytest.mark.parametrize("who", ["lan", "leader"])
def test_only_the_office_enters_figures(team, phone, who):
    assert enter(phone(who)).status_code == 403


@pytest.mark.parametrize("fields, field", [
    ({"month": "2026-13"}, "month"),
    ({"month": "03/2026"}, "month"),
    ({"month": "2026-3"}, "month"),
    ({"indicator": "covered_pct"}, "indicator"),  # counted by the app, not entered
    ({"value": 101}, "value"),
    ({"value": -1}, "value"),
    ({"value": "NaN"}, "value"),
    ({"source": ""}, "source"),
    ({"source": None}, "source"),
])
def test_bad_input_is_422_with_the_field(team, phone, fields, field):
    response = enter(phone("officer"), **fields)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
