"""Every GET route of the URL map, as an officer and as an admin, with hostile values in each of
the query parameters it reads and in each argument of its path: a 4xx or a page that leaves the
value out, never a 5xx.

The query parameters of a route are those it reads when called (recorded from the request's
argument dictionary), plus those its OpenAPI operation declares."""
import re
from urllib.parse import quote

import pytest
from werkzeug.datastructures import ImmutableMultiDict

from tests.conftest import PASSWORD, api_login
from tests.hardening.routes import Records, declared_routes

HOSTILE = ["99999999999999999999", "²", "١٢٣", "-1", "1e3", "a\x00b", "x" * 10_000, "99999-01-01"]
PATH_HOSTILE = ["99999999999999999999", "²", "١٢٣", "-1", "x" * 10_000, "a\x00b"]


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def world(app, commune, other_commune, make_village, make_user):
    own, other = make_village(commune, "T01"), make_village(commune, "T02")
    far = make_village(other_commune, "T01")
    users = {role: make_user(commune, role, [], username=f"hostile-{role}") for role in ("officer", "admin")}
    users["far_officer"] = make_user(other_commune, "officer", username="hostile-far")
    return {"villages": {"own": own, "other": other, "far": far}, "users": users}


@pytest.fixture
def read_names(monkeypatch):
    """The names looked up in any argument dictionary while the flag is on."""
    names, on = set(), [False]
    for method in ("get", "getlist", "__getitem__", "__contains__"):
        original = getattr(ImmutableMultiDict, method)

        def spy(self, key, *args, _original=original, **kwargs):
            if on[0] and isinstance(key, str):
                names.add(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(ImmutableMultiDict, method, spy)
    return names, on


def declared_query(spec, rule):
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
    operation = spec.get("paths", {}).get(path, {}).get("get", {})
    return {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}


def fetch(client, url, query=None):
    response = client.get(url, query_string=query)
    response.get_data()  # a streamed file runs to its end
    response.close()
    return response


def test_hostile_query_and_path_values_never_make_a_server_error(app, world, make_user, read_names):
    names, on = read_names
    records = Records(world, make_user)
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    failures = []
    for role in ("officer", "admin"):
        client = app.test_client()
        assert api_login(client, world["users"][role].username, PASSWORD).status_code == 200
        for rule, method in declared_routes(app):
            if method != "GET":
                continue
            arguments = {name: records.argument(name, "own") for name in rule.arguments}
            url = rule.build(arguments, append_unknown=False)[1]
            names.clear()
            on[0] = True
            fetch(client, url)
            on[0] = False
            params = (set(names) | declared_query(spec, rule)) - {"csrf_token"}
            for name in sorted(params):
                for value in HOSTILE:
                    status = fetch(client, url, {name: value}).status_code
                    if status >= 500:
                        failures.append(f"{role} GET {rule.rule}?{name}={value[:30]!r}: {status}")
            for name in rule.arguments:
                for value in PATH_HOSTILE:
                    hostile = re.sub(rf"<(?:[^:>]+:)?{name}>", quote(value, safe=""), rule.rule)
                    for other, given in arguments.items():
                        hostile = re.sub(rf"<(?:[^:>]+:)?{other}>", str(given), hostile)
                    status = fetch(client, hostile).status_code
                    if status >= 500:
                        failures.append(f"{role} GET {rule.rule} with {name}={value[:30]!r}: {status}")
    assert failures == [], "\n".join(failures)
