"""Phones for the sync and API tests (a pytest plugin of tests/conftest.py): each with its
own cookie jar, session and CSRF token, and the `team` they belong to."""
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import PASSWORD, api_login

T0 = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


def at(minutes=0):
    return (T0 + timedelta(minutes=minutes)).isoformat()


def op(kind, entity_id, data, minutes=0, base_version=None, op_id=None, when=None):
    return {"op_id": str(op_id or uuid.uuid4()), "type": kind, "entity_id": str(entity_id),
            "at": when or at(minutes), "base_version": base_version, "data": data}


def new_id():
    return str(uuid.uuid4())


class Phone:
    def __init__(self, app, user, device_id=None):
        self.client = app.test_client()
        self.user = user
        self.device_id = device_id or f"phone-{user.username}"
        response = api_login(self.client, user.username, PASSWORD)
        assert response.status_code == 200, response.get_json()
        self.token = response.get_json()["csrf_token"]
        self.cursor = None

    def push_raw(self, body, **headers):
        return self.client.post("/api/v1/sync/push", json=body,
                                headers={"X-CSRFToken": self.token, "X-Device-Id": self.device_id, **headers})

    def push(self, *ops, **headers):
        response = self.push_raw({"device_id": self.device_id, "ops": list(ops)}, **headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["results"]

    def pull(self, cursor=None, limit=None):
        query = {"cursor": cursor or ""}
        if limit:
            query["limit"] = limit
        response = self.client.get("/api/v1/sync/pull", query_string=query,
                                   headers={"X-Device-Id": self.device_id})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def pull_all(self, limit=None):
        """Pull from this phone's cursor until `more` is false; return the pages."""
        pages = []
        while True:
            page = self.pull(self.cursor, limit)
            self.cursor = page["cursor"]
            pages.append(page)
            if not page["more"]:
                return pages


@pytest.fixture
def team(commune, other_commune, make_village, make_user):
    t01, t02 = make_village(commune, "T01"), make_village(commune, "T02")
    far = make_village(other_commune, "T01")
    return {
        "commune": commune, "t01": t01, "t02": t02, "far": far,
        "lan": make_user(commune, "volunteer", [t01], username="lan"),
        "tuan": make_user(commune, "volunteer", [t01], username="tuan"),
        "hoa": make_user(commune, "volunteer", [t02], username="hoa"),
        "leader": make_user(commune, "leader", [t01, t02], username="hung"),
        "officer": make_user(commune, "officer", [], username="officer"),
        "stranger": make_user(other_commune, "officer", [], username="stranger"),
    }


@pytest.fixture
def phone(app, team):
    return lambda name, **kw: Phone(app, team[name], **kw)
