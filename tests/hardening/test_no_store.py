"""Pages and files with personal data are never kept by a browser or a proxy: every office and
leader page, every export and the household access download send `Cache-Control: no-store`,
like the API."""
from tests.pages.test_login_pages import page_login
from tests.phones import new_id, op

PRIVATE = ("/office", "/leader", "/exports", "/api/")


def test_every_office_leader_and_export_get_route_says_no_store(app, client, team, phone, make_user):
    home = new_id()
    phone("lan").push(op("household.upsert", home, {"village_id": team["t01"].id, "head_name": "Hộ một"}))
    make_user(team["commune"], "admin", [], username="root")
    page_login(client, "root")
    urls = [rule.rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments and rule.rule.startswith(PRIVATE)]
    urls += [f"/office/households/{home}", f"/office/households/{home}/data.json"]
    assert "/exports/households.csv" in urls and "/leader" in urls and "/office/report.xlsx" in urls
    wrong = []
    for url in urls:
        response = client.get(url)
        response.get_data()
        if response.status_code < 400 and response.headers.get("Cache-Control") != "no-store":
            wrong.append(f"{url}: {response.status_code} {response.headers.get('Cache-Control')}")
    assert wrong == []
    assert client.get(f"/office/households/{home}/data.json").status_code == 200  # was reached
