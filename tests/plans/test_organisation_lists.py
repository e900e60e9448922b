"""The lists of organisations (issue 17): the office's page filtered by kind and village and paged
(no silent cap), with its counts; the leader's read-only page of their villages' organisations
with their covered state, linked from the leader's menu; the API's `kind` filter."""
import re
from datetime import date

import pytest

from fieldapp.extensions import db
from fieldapp.plans import organisations
from tests.conftest import PASSWORD
from tests.pages.test_login_pages import page_login

DAY = date(2026, 3, 2)


def record(officer, village, name, kind="enterprise", covered=False):
    organisations.add_organisation(officer, {
        "name": name, "kind": kind, "village_id": village.id, "contact_name": "Trần Văn Nam",
        "contact_phone": "0912345678", "account_on": DAY, "online_dossier_on": DAY if covered else None,
        "online_payment_on": None}, date(2026, 3, 3))


@pytest.fixture
def many(team):
    """T01: 55 enterprises (every fifth covered) and 3 cooperatives (one covered); T02: 4
    household businesses (two covered); another commune: one enterprise."""
    officer = team["officer"]
    for n in range(55):
        record(officer, team["t01"], f"Công ty {n:02d}", covered=n % 5 == 0)
    for n in range(3):
        record(officer, team["t01"], f"HTX {n}", "cooperative", covered=n == 0)
    for n in range(4):
        record(officer, team["t02"], f"Hộ kinh doanh {n}", "household_business", covered=n < 2)
    record(team["stranger"], team["far"], "Công ty Xa")
    db.session.commit()
    return team


def browser(client, user):
    assert page_login(client, user.username, PASSWORD).status_code == 302
    return client


def names(page):
    return re.findall(r'<li class="row" id="organisation-\d+">\s*(?:<a[^>]*>)?<strong>([^<]*)</strong>', page)


def count(page):
    return re.search(r'id="organisation-count">([^<]*)<', page).group(1)


def test_the_office_pages_through_every_organisation_with_the_count(client, many):
    office = browser(client, many["officer"])
    first = office.get("/office/organisations").get_data(as_text=True)
    assert count(first) == "62 tổ chức, doanh nghiệp, 14 đã đạt"
    assert len(names(first)) == 50 and "Trang 1 / 2" in first
    assert 'rel="next" href="/office/organisations?page=2"' in first
    second = office.get("/office/organisations?page=2").get_data(as_text=True)
    assert len(names(second)) == 12 and 'rel="prev"' in second and 'rel="next"' not in second
    every = names(first) + names(second)
    assert len(set(every)) == 62 and "Công ty Xa" not in every


def test_the_office_filters_by_kind_and_village(client, many):
    office = browser(client, many["officer"])
    page = office.get("/office/organisations", query_string={"kind": "cooperative"}).get_data(as_text=True)
    assert names(page) == ["HTX 0", "HTX 1", "HTX 2"] and count(page) == "3 tổ chức, doanh nghiệp, 1 đã đạt"
    assert '<option value="cooperative" selected>' in page and "Trang" not in page
    query = {"kind": "household_business", "village_id": many["t02"].id}
    page = office.get("/office/organisations", query_string=query).get_data(as_text=True)
    assert names(page) == [f"Hộ kinh doanh {n}" for n in range(4)]
    query = {"kind": "household_business", "village_id": many["t01"].id}
    page = office.get("/office/organisations", query_string=query).get_data(as_text=True)
    assert names(page) == [] and "Chưa có tổ chức, doanh nghiệp nào." in page
    # Two pages of enterprises: the next page keeps the filter.
    page = office.get("/office/organisations", query_string={"kind": "enterprise"}).get_data(as_text=True)
    assert 'href="/office/organisations?kind=enterprise&amp;page=2"' in page


@pytest.mark.parametrize("query", [{"kind": "bank"}, {"page": "x"}, {"page": "0"}, {"page": "99999999999"},
                                   {"village_id": "abc"}, {"kind": ["enterprise", "agency"]}])
def test_a_bad_filter_on_the_page_is_no_filter_not_a_500(client, many, query):
    response = browser(client, many["officer"]).get("/office/organisations", query_string=query)
    assert response.status_code == 200
    assert len(names(response.get_data(as_text=True))) == 50


def test_a_page_past_the_last_says_so_and_leads_back(client, many):
    page = browser(client, many["officer"]).get("/office/organisations?page=7").get_data(as_text=True)
    assert names(page) == [] and "Không có tổ chức, doanh nghiệp nào ở trang này." in page
    assert 'rel="prev" href="/office/organisations?page=2"' in page


def test_another_communes_village_is_not_a_filter_for_the_office(client, many):
    response = browser(client, many["officer"]).get("/office/organisations",
                                                    query_string={"village_id": many["far"].id})
    assert response.status_code == 404


def test_the_leader_reads_their_villages_organisations_with_their_covered_state(app, client, many,
                                                                                make_user):
    east = make_user(many["commune"], "leader", [many["t01"]], username="binh")
    leader = browser(client, east)
    menu = leader.get("/leader").get_data(as_text=True)
    assert 'href="/leader/organisations"' in menu
    page = leader.get("/leader/organisations", query_string={"kind": "cooperative"}).get_data(as_text=True)
    assert names(page) == ["HTX 0", "HTX 1", "HTX 2"]
    assert "Đạt từ ngày 02/03/2026" in page and "Chưa đạt" in page
    assert "/office/organisations/" not in page  # read only: nothing to open or change
    assert "Trần Văn Nam" not in page and "0912345678" not in page  # no contact person here
    page = leader.get("/leader/organisations").get_data(as_text=True)
    assert count(page) == "58 tổ chức, doanh nghiệp, 12 đã đạt"  # T01's only
    assert "Hộ kinh doanh 0" not in page
    assert 'rel="next" href="/leader/organisations?page=2"' in page
    assert leader.get("/leader/organisations", query_string={"village_id": many["t02"].id}).status_code == 403


def test_a_leader_of_every_village_sees_them_all(client, many):
    page = browser(client, many["leader"]).get("/leader/organisations?page=2").get_data(as_text=True)
    assert count(page) == "62 tổ chức, doanh nghiệp, 14 đã đạt"
    assert "Hộ kinh doanh 3" in page


@pytest.mark.parametrize("who", ["lan", "supervisor"])
def test_volunteers_and_supervisors_have_no_organisations_page(client, many, make_user, make_province, who):
    if who == "supervisor":
        province = make_province(communes=[many["commune"]])
        user = make_user(None, "supervisor", username="giamsat", province=province)
    else:
        user = many["lan"]
    assert browser(client, user).get("/leader/organisations").status_code == 403


def test_the_api_filters_by_kind(many, phone):
    response = phone("leader").client.get("/api/v1/organisations", query_string={"kind": "cooperative"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["total"], [o["name"] for o in body["items"]]) == (3, ["HTX 0", "HTX 1", "HTX 2"])
    response = phone("leader").client.get("/api/v1/organisations", query_string={"kind": "bank"})
    assert response.status_code == 422 and "kind" in response.get_json()["error"]["fields"]


def test_the_office_still_adds_from_the_paged_page(client, many, office):
    blank = dict.fromkeys(("contact_name", "contact_phone", "account_on", "online_dossier_on",
                           "online_payment_on"), "")
    page = office("/office/organisations", village_id=str(many["t02"].id), name="HTX Mới", kind="cooperative",
                  **blank)
    assert "Đã lưu tổ chức, doanh nghiệp." in page.get_data(as_text=True)
