"""Fixtures of the plans' tests."""
import pytest

from tests.conftest import PASSWORD
from tests.pages.test_login_pages import page_login
from tests.plans.reporting import desk, hold, work


@pytest.fixture
def march(team, phone):
    """March's work in the commune: three households visited (two covered), a desk contact and
    two sessions; the officer's phone."""
    lan, hoa, officer = phone("lan"), phone("hoa"), phone("officer")
    work(lan, team["t01"], 3)
    work(lan, team["t01"], 4)
    work(hoa, team["t02"], 5, covered=False)
    desk(officer)
    desk(officer, party="organisation", self_done=False)
    hold(officer, village=team["t01"])
    hold(officer, held_on="2026-03-20", attendance=40)
    return officer


@pytest.fixture
def office(client, team):
    """The officer's browser (Vietnamese, the default); returns a poster with the CSRF token."""
    assert page_login(client, team["officer"].username, PASSWORD).status_code == 302
    page = client.get("/office/desk").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    def post(path, **data):
        return client.post(path, data={"csrf_token": token, **data}, follow_redirects=True)

    return post
