"""Every route of the URL map, called as anonymous, volunteer, leader, officer, admin and a
province's supervisor, on a record of the caller's own village, another village of the commune
and another commune: who is let in must be what the table below declares. A route missing from
the table fails the test. The supervisor (of the province holding the commune) is let in to no
route of the ladder: no household, member, visit or other personal data.

"Let in" means the permission checks passed: any answer but 401, 403, 404 or a redirect to the
login page (a 400 or 422 for the empty body sent is fine). Nothing may answer 5xx."""
import re

import pytest

from tests.conftest import PASSWORD, api_login
from tests.hardening.routes import Records, declared_routes

ROLES = ("volunteer", "leader", "officer", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
CALLERS = (*ROLES, "supervisor")
SCOPES = ("own", "other", "far")  # the caller's village, another village, another commune
TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')

# (endpoint, method) -> (least role, or "public", "signed_in" (any account, the supervisor's
# too), "province" (supervisor and admin only); whose records it reaches):
#   None: no record in the URL; "village": records of the caller's villages (officers and
#   admins: of the whole commune); "commune": any record of the caller's commune; "province": a
#   record of the supervisor's province's communes (an admin: of its own commune).
# Another commune's records are out of reach, but for an admin on the routes of ADMIN_ANYWHERE:
# DOMAIN.md lets an admin see the whole deployment, and villages and accounts are theirs to run.
DECLARED = {
    ("accounts.index", "GET"): ("public", None),
    ("accounts.login", "GET"): ("public", None),
    ("accounts.login", "POST"): ("public", None),
    ("accounts.set_language", "POST"): ("public", None),
    ("accounts.logout", "POST"): ("signed_in", None),
    ("session.Session", "POST"): ("public", None),
    ("session.Session", "GET"): ("signed_in", None),
    ("session.Session", "DELETE"): ("signed_in", None),
    ("pwa.service_worker", "GET"): ("public", None),
    ("pwa.app_shell", "GET"): ("volunteer", None),
    ("villages.list_villages", "GET"): ("volunteer", None),
    ("villages.get_village", "GET"): ("volunteer", "village"),
    ("households.list_households", "GET"): ("volunteer", None),
    ("households.get_household", "GET"): ("volunteer", "village"),
    ("households.duplicates", "GET"): ("leader", None),
    ("households.merge_household", "POST"): ("leader", "village"),
    ("sync.pull", "GET"): ("volunteer", None),
    ("sync.push", "POST"): ("volunteer", None),
    ("stats.coverage", "GET"): ("volunteer", None),
    ("stats.coverage_map", "GET"): ("volunteer", None),
    ("stats.barriers", "GET"): ("volunteer", None),
    ("conflicts.list_conflicts", "GET"): ("leader", None),
    ("conflicts.resolve", "POST"): ("leader", "village"),
    ("dashboard.index", "GET"): ("leader", None),
    ("dashboard.coverage_map", "GET"): ("leader", None),
    ("dashboard.volunteers", "GET"): ("leader", None),
    ("dashboard.barriers", "GET"): ("leader", None),
    ("dashboard.blocked", "GET"): ("leader", None),
    ("dashboard.assignments", "GET"): ("leader", None),
    ("dashboard.assign", "POST"): ("leader", "village"),
    ("dashboard.campaigns", "GET"): ("leader", None),
    ("dashboard.campaigns", "POST"): ("leader", None),
    ("dashboard.campaign", "GET"): ("leader", "village"),
    ("dashboard.campaign_xlsx", "GET"): ("leader", "village"),
    ("dashboard.conflicts", "GET"): ("leader", None),
    ("dashboard.resolve_conflict", "POST"): ("leader", "village"),
    ("dashboard.duplicates", "GET"): ("leader", None),
    ("dashboard.merge_duplicate", "GET"): ("leader", "village"),
    ("dashboard.merge_duplicate", "POST"): ("leader", "village"),
    ("imports.households", "POST"): ("officer", None),
    ("rescue.rescue_file", "POST"): ("officer", None),
    ("exports.households_csv", "GET"): ("officer", None),
    ("exports.households_xlsx", "GET"): ("officer", None),
    ("office.index", "GET"): ("officer", None),
    ("office.report", "GET"): ("officer", None),
    ("office.report_xlsx", "GET"): ("officer", None),
    ("office_audit.index", "GET"): ("officer", None),
    ("office_audit.entries_csv", "GET"): ("officer", None),
    ("office_consent.index", "GET"): ("officer", None),
    ("office_consent.index", "POST"): ("officer", None),
    ("office_households.index", "GET"): ("officer", None),
    ("office_households.show", "GET"): ("officer", "commune"),
    ("office_households.data", "GET"): ("officer", "commune"),
    ("office_households.erase", "POST"): ("officer", "commune"),
    ("office_import.start", "GET"): ("officer", None),
    ("office_import.start", "POST"): ("officer", None),
    ("office_import.show", "GET"): ("officer", "commune"),
    ("office_import.commit", "POST"): ("officer", "commune"),
    ("office_import.report_xlsx", "GET"): ("officer", "commune"),
    ("office_rescue.start", "GET"): ("officer", None),
    ("office_rescue.start", "POST"): ("officer", None),
    ("office_users.index", "GET"): ("officer", None),
    ("office_users.new", "GET"): ("officer", None),
    ("office_users.new", "POST"): ("officer", None),
    ("office_users.edit", "GET"): ("officer", "commune"),
    ("office_users.edit", "POST"): ("officer", "commune"),
    ("office_users.deactivate", "POST"): ("officer", "commune"),
    ("office_users.reactivate", "POST"): ("officer", "commune"),
    ("office_users.reset_password", "POST"): ("officer", "commune"),
    ("office_users.revoke_device", "POST"): ("officer", "commune"),
    ("office_villages.index", "GET"): ("officer", None),
    ("office_villages.new", "GET"): ("officer", None),
    ("office_villages.new", "POST"): ("officer", None),
    ("office_villages.import_file", "POST"): ("officer", None),
    ("office_villages.edit", "GET"): ("officer", "commune"),
    ("office_villages.edit", "POST"): ("officer", "commune"),
    ("guides.index", "GET"): ("public", None),
    ("guides.bundle", "GET"): ("public", None),
    ("guides.public_guide", "GET"): ("public", None),
    ("guides.qr", "GET"): ("public", None),
    ("guides.leaflet", "GET"): ("officer", None),
    ("users.list_devices", "GET"): ("officer", "commune"),
    ("users.revoke_device", "POST"): ("officer", "commune"),
    ("users.deactivate", "POST"): ("officer", "commune"),
    ("users.reactivate", "POST"): ("officer", "commune"),
    ("plans.desk_contact", "POST"): ("officer", None),
    ("plans.session", "POST"): ("officer", None),
    ("plans.indicator", "POST"): ("officer", None),
    ("plans.set_target", "POST"): ("officer", None),
    ("plans.list_targets", "GET"): ("leader", None),
    ("office_desk.desk", "GET"): ("officer", None),
    ("office_desk.desk", "POST"): ("officer", None),
    ("office_targets.index", "GET"): ("officer", None),
    ("office_targets.index", "POST"): ("officer", None),
    ("office_targets.enter_figure", "POST"): ("officer", None),
    ("plans.add_help_point", "POST"): ("officer", None),
    ("plans.list_help_points", "GET"): ("volunteer", None),
    ("office_help_points.help_points", "GET"): ("officer", None),
    ("office_help_points.help_points", "POST"): ("officer", None),
    ("office_help_points.remove", "POST"): ("officer", "commune"),
    ("reports.issue", "POST"): ("officer", None),
    ("reports.list_reports", "GET"): ("officer", None),
    ("reports.get_report", "GET"): ("officer", "commune"),
    ("office_reports.index", "GET"): ("officer", None),
    ("office_reports.index", "POST"): ("officer", None),
    ("office_reports.show", "GET"): ("officer", "commune"),
    ("office_reports.docx", "GET"): ("officer", "commune"),
    ("organisations.add", "POST"): ("officer", None),
    ("organisations.list_organisations", "GET"): ("leader", None),
    ("organisations.change", "PATCH"): ("officer", "commune"),
    ("organisations.remove", "DELETE"): ("officer", "commune"),
    ("organisations.erase_contact", "POST"): ("officer", "commune"),
    ("office_organisations.index", "GET"): ("officer", None),
    ("office_organisations.index", "POST"): ("officer", None),
    ("office_organisations.edit", "GET"): ("officer", "commune"),
    ("office_organisations.edit", "POST"): ("officer", "commune"),
    ("office_organisations.remove", "POST"): ("officer", "commune"),
    ("office_organisations.erase_contact", "POST"): ("officer", "commune"),
    ("leader_organisations.leader_index", "GET"): ("leader", None),
    ("province_stats.communes", "GET"): ("province", None),
    ("province.index", "GET"): ("province", None),
    ("province.communes_xlsx", "GET"): ("province", None),
    ("province_reports.list_reports", "GET"): ("province", None),
    ("province_reports.get_report", "GET"): ("province", "province"),
    ("province.reports", "GET"): ("province", None),
    ("province.report", "GET"): ("province", "province"),
    ("province.report_docx", "GET"): ("province", "province"),
}

ADMIN_ANYWHERE = {
    ("villages.get_village", "GET"), ("dashboard.assign", "POST"),
    ("office_villages.edit", "GET"), ("office_villages.edit", "POST"),
    ("office_users.edit", "GET"), ("office_users.edit", "POST"), ("office_users.deactivate", "POST"),
    ("office_users.reactivate", "POST"), ("office_users.reset_password", "POST"),
    ("users.list_devices", "GET"), ("users.revoke_device", "POST"), ("users.deactivate", "POST"),
    ("users.reactivate", "POST"), ("office_users.revoke_device", "POST"),
}
# What a request that passed the checks would send, so that it reaches the record check.
# A merge names a household unknown to the server: the scope is checked before that is found.
BODIES = {("conflicts.resolve", "POST"): {"keep": "kept"},
          ("dashboard.resolve_conflict", "POST"): {"keep": "kept"},
          ("households.merge_household", "POST"): {"into": "0f0e0d0c-0b0a-4909-8807-060504030201"},
          ("dashboard.merge_duplicate", "POST"): {"into": "0f0e0d0c-0b0a-4909-8807-060504030201"},
          ("organisations.change", "PATCH"): {"name": "HTX Mới"}}


def expected(route, role, scope):
    least, reach = DECLARED[route]
    if least == "public":
        return True
    if role is None:
        return False
    if least == "signed_in":
        return True
    if least == "province":
        return role in ("supervisor", "admin") and (reach is None or scope != "far")
    if role == "supervisor" or RANK[role] < RANK[least]:
        return False
    if reach is None or scope == "own":
        return True
    if scope == "far":
        return role == "admin" and route in ADMIN_ANYWHERE
    return reach == "commune" or RANK[role] >= RANK["officer"]


def test_every_route_is_in_the_table(app):
    routes = {(rule.endpoint, method) for rule, method in declared_routes(app)}
    assert sorted(routes - set(DECLARED)) == [], "declare who may call these routes"
    assert sorted(set(DECLARED) - routes) == [], "these routes are gone: drop them from the table"


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": False}  # hundreds of logins


@pytest.fixture
def world(app, commune, other_commune, make_village, make_user, make_province):
    own, other = make_village(commune, "T01"), make_village(commune, "T02")
    far = make_village(other_commune, "T01")
    province = make_province(communes=[commune])
    users = {role: make_user(commune, role, [own] if role in ("volunteer", "leader") else [],
                             username=f"matrix-{role}") for role in ROLES}
    users["supervisor"] = make_user(None, "supervisor", username="matrix-supervisor", province=province)
    users["far_officer"] = make_user(other_commune, "officer", username="matrix-far")
    return {"villages": {"own": own, "other": other, "far": far}, "users": users}


def call(app, rule, method, role, url, users, body):
    client = app.test_client()
    if role is None:
        token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    else:
        response = api_login(client, users[role].username, PASSWORD)
        assert response.status_code == 200
        token = response.get_json()["csrf_token"]
    headers = {"X-CSRFToken": token}
    if method == "GET":
        response = client.get(url, headers=headers)
    elif rule.startswith("/api/"):
        response = client.open(url, method=method, json=body, headers=headers)
    else:
        response = client.open(url, method=method, data={"csrf_token": token, **body}, headers=headers)
    response.get_data()  # a streamed export runs to its end, in this request's context
    response.close()
    return response


def let_in(response, role):
    if response.status_code in (401, 403, 404):
        return False
    # Pages send an anonymous caller to the login page instead of a 401.
    to_login = response.status_code in (301, 302, 303) and "/login" in response.location
    return role is not None or not to_login


def test_each_role_reaches_only_what_the_table_declares(app, world, make_user):
    records = Records(world, make_user)
    wrong = []
    for rule, method in declared_routes(app):
        route = (rule.endpoint, method)
        arguments = list(rule.arguments)
        scopes = SCOPES if set(arguments) - {"barrier", "slug"} else ("own",)
        for role in (None, *CALLERS):
            for scope in scopes:
                url = rule.build({name: records.argument(name, scope) for name in arguments},
                                 append_unknown=False)[1]
                response = call(app, rule.rule, method, role, url, world["users"], BODIES.get(route, {}))
                assert response.status_code < 500, f"{method} {url} as {role}: {response.status_code}"
                if DECLARED[route][0] != "public" and let_in(response, role) != expected(route, role, scope):
                    wanted = "in" if expected(route, role, scope) else "out"
                    wrong.append(f"{method} {rule.rule} as {role or 'anonymous'} on {scope}: "
                                 f"{response.status_code}, expected {wanted}")
    assert wrong == [], "\n".join(wrong)
