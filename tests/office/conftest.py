"""Fixtures of the office pages' tests."""
import pytest


@pytest.fixture
def office(client, team, login):
    """The officer's browser, in English; returns a poster that adds the CSRF token."""
    token = login(team["officer"])
    client.set_cookie("lang", "en")

    def post(path, **data):
        return client.post(path, data={"csrf_token": token, **data})

    post.token = token  # for requests the poster does not make (file uploads)
    return post
