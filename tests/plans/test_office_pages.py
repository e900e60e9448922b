"""The office's desk and targets pages: the same records and checks as the API, in forms."""
import pytest

from fieldapp.extensions import db
from fieldapp.plans.models import DeskContact, EnteredIndicator, Target
from tests.conftest import PASSWORD
from tests.pages.test_login_pages import page_login


def test_the_desk_form_records_a_contact_and_counts_today(client, office, team):
    page = office("/office/desk", party="person", services=["dvc_submit", "online_payment"], self_done="1",
                  rated="1")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Đã lưu" in text and "1 lượt được hỗ trợ, 1 lượt tự thực hiện" in text
    contact = db.session.scalars(db.select(DeskContact)).one()
    assert (contact.party, contact.services, contact.self_done, contact.paid_online, contact.rated) == (
        "person", ["dvc_submit", "online_payment"], True, False, True)
    assert contact.commune_id == team["commune"].id


def test_the_desk_form_refuses_what_the_api_refuses(client, office):
    page = office("/office/desk", party="group", services=["cccd"])
    assert page.status_code == 200 and 'class="flash flash-error"' in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(DeskContact)) == 0


def test_the_desk_page_is_the_offices(client, team, phone):
    assert page_login(client, team["leader"].username, PASSWORD).status_code == 302
    assert client.get("/office/desk").status_code == 403


def test_the_targets_page_sets_a_target_and_shows_it_with_its_pace(client, office, team):
    page = office("/office/targets", indicator="covered_pct", village_id=str(team["t01"].id), value="95,5",
                  due_on="2026-12-31")
    assert page.status_code == 200
    target = db.session.scalars(db.select(Target)).one()
    assert (target.village_id, target.value) == (team["t01"].id, 95.5)
    text = page.get_data(as_text=True)
    assert f'id="target-{target.id}"' in text and "95,5" in text and "31/12/2026" in text


def test_the_targets_page_enters_a_months_figure(client, office):
    page = office("/office/targets/figures", month="2026-03", indicator="satisfaction_rate", value="92,4",
                  source="Cổng DVC quốc gia")
    assert page.status_code == 200
    row = db.session.scalars(db.select(EnteredIndicator)).one()
    assert (row.month, row.value, row.source) == ("2026-03", 92.4, "Cổng DVC quốc gia")
    assert "03/2026" in page.get_data(as_text=True) and "92,4%" in page.get_data(as_text=True)


@pytest.mark.parametrize("data", [
    {"indicator": "covered_pct", "value": "nhiều", "due_on": "2026-12-31"},
    {"indicator": "households", "value": "5", "due_on": "2026-12-31"},
    {"indicator": "covered_pct", "value": "5", "due_on": "31/12/2026"},
    {"indicator": "covered_pct", "value": "5", "due_on": "2026-12-31", "village_id": "x"},
])
def test_the_targets_page_refuses_bad_input_with_a_message(client, office, data):
    page = office("/office/targets", **data)
    assert page.status_code == 200 and 'class="flash flash-error"' in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Target)) == 0
