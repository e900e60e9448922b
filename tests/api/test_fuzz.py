"""Schemathesis against the app's own OpenAPI document, logged in: whatever a phone or a script
sends, valid or not, the server answers without a server error and as its document describes."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.conftest import PASSWORD, api_login

# Requests the schema allows but the server refuses, with a documented 422: a file that is not
# a household list or a phone's saved file, a period that ends before it starts.
SEMANTIC_422 = {"/api/v1/imports/households", "/api/v1/stats/coverage", "/api/v1/sync/rescue",
                # the plans' writes: ids must be of the caller's commune, days within 2000–2099,
                # text not blank once trimmed, a time not in the future (docs/plans.md)
                "/api/v1/desk", "/api/v1/sessions", "/api/v1/indicators", "/api/v1/targets",
                "/api/v1/help-points", "/api/v1/organisations",
                # an issued report's period: a month, quarter, half year or year begun by today
                "/api/v1/reports"}
EXAMPLES = 25  # per operation and mode: bounded, so that `make test` stays short


class Officer:
    """A logged-in client; logged in again after a generated logout or login."""

    def __init__(self, app):
        self.client = app.test_client()
        self.log_in()

    def log_in(self):
        response = api_login(self.client, "fuzz", PASSWORD)
        assert response.status_code == 200, response.get_json()
        self.token = response.get_json()["csrf_token"]

    def call(self, case):
        excluded = [positive_data_acceptance] if case.path in SEMANTIC_422 else []
        try:
            case.call_and_validate(session=self.client, excluded_checks=excluded,
                                   headers={"X-CSRFToken": self.token, "Accept-Encoding": "identity"})
        finally:
            if case.path == "/api/v1/session" and case.method in ("POST", "DELETE"):
                self.log_in()


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": False}  # the test logs in again after every generated login


@pytest.fixture
def officer(app, commune, make_village, make_user):
    t01 = make_village(commune, "T01")
    make_user(commune, "officer", [t01], username="fuzz")
    return Officer(app)


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_every_generated_request_as_documented(app, officer, mode):
    failures = []
    for operation in operations(app):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            officer.call(case)

        try:
            check()
        except Unsatisfiable:
            pass  # nothing to make invalid (no parameters, no body)
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 — gather them all
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert not failures, "\n\n".join(failures)
