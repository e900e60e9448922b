"""The database out of reach (PostgreSQL restarting, a SQLite file gone): a 503 that says it is
temporary, with Retry-After, so that phones and proxies retry; never a 500, and never the
database's own message, which can quote a statement and its values."""
import logging

import pytest
from sqlalchemy.engine import make_url

from fieldapp import create_app
from tests.conftest import Client, settings


@pytest.fixture
def unreachable(database_url, tmp_path):
    """The same settings with a database that does not answer: the same engine, nothing there."""
    if database_url.startswith("postgresql"):
        url = make_url(database_url).set(port=9).render_as_string(hide_password=False)  # nobody listens
    else:
        url = f"sqlite:///{tmp_path / 'no-such-folder' / 'fieldapp.db'}"
    broken = create_app(settings(url))
    broken.test_client_class = Client
    return broken


@pytest.fixture
def logged_in_elsewhere(app, commune, make_user, login, client):
    """A volunteer's session cookie, made while the database answered."""
    login(make_user(commune, "volunteer", username="lan"))
    return client.get_cookie("session").value


def test_an_api_request_with_the_database_down_is_a_503_to_retry(unreachable, logged_in_elsewhere, caplog):
    client = unreachable.test_client()
    client.set_cookie("session", logged_in_elsewhere)
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/villages")
    assert response.status_code == 503
    assert response.mimetype == "application/json"
    assert response.headers["Retry-After"].isdigit()
    assert response.get_json()["error"]["code"] == "service_unavailable"
    assert "SELECT" not in response.get_data(as_text=True)
    assert "SELECT" not in caplog.text  # the statement stays out of the log too
    assert "OperationalError" in caplog.text


def test_a_page_with_the_database_down_says_so_in_vietnamese(unreachable, logged_in_elsewhere):
    client = unreachable.test_client()
    client.set_cookie("session", logged_in_elsewhere)
    response = client.get("/app")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert response.headers["Retry-After"].isdigit()
    assert "tạm thời" in response.get_data(as_text=True)
