"""The leader's page of organisations on a 360 px phone: reached from the leader's menu, the
villages' organisations with their covered state, filtered by kind, read only; large enough to
tap, no serious accessibility violation."""
from datetime import date

import pytest

from fieldapp.extensions import db
from fieldapp.plans import organisations
from tests.browser.test_organisations_page import clean, phone_screen  # noqa: F401 (a fixture)
from tests.browser.test_plans_pages import log_in

pytestmark = pytest.mark.browser


def test_the_leader_sees_the_villages_organisations_on_a_phone(live_server, team, phone_screen):  # noqa: F811
    day = date(2026, 3, 2)
    for name, kind, village, dossier in (("Công ty TNHH An Phú", "enterprise", "t01", day),
                                         ("Hợp tác xã Đông Hòa", "cooperative", "t02", None)):
        organisations.add_organisation(team["officer"], {
            "name": name, "kind": kind, "village_id": team[village].id, "contact_name": None,
            "contact_phone": None, "account_on": day, "online_dossier_on": dossier,
            "online_payment_on": None}, date(2026, 3, 3))
    db.session.commit()
    page = phone_screen
    log_in(page, live_server, team["leader"])
    page.goto(f"{live_server}/leader")
    page.locator("header summary", has_text="Menu").click()
    page.get_by_role("link", name="Tổ chức, doanh nghiệp").click()
    page.wait_for_url(f"{live_server}/leader/organisations")
    assert page.locator("#organisation-count").inner_text() == "2 tổ chức, doanh nghiệp, 1 đã đạt"
    rows = page.locator("#organisations li")
    assert "Đạt từ ngày 02/03/2026" in rows.first.inner_text()
    assert page.locator("#organisations a").count() == 0  # read only
    clean(page)
    page.select_option("#filter-kind", "cooperative")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**kind=cooperative*")
    assert rows.count() == 1 and "Hợp tác xã Đông Hòa" in rows.first.inner_text()
    assert "Chưa đạt" in rows.first.inner_text()
    clean(page)
