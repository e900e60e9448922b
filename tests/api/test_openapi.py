def test_openapi_document_describes_the_api_with_its_error_shape(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/session", "/api/v1/villages", "/api/v1/villages/{village_id}"} <= set(spec["paths"])
    login = spec["paths"]["/api/v1/session"]["post"]
    assert login["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Login")
    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"error"}


def _openapi_path(rule):
    import re

    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_every_api_route_is_documented_with_its_schemas(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs."):
            continue
        path = spec["paths"].get(_openapi_path(rule.rule))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operation = (path or {}).get(method.lower())
            if operation is None:
                missing.append(f"{method} {rule.rule}: not documented")
                continue
            ok = next((r for code, r in operation["responses"].items() if code.startswith("2")), None)
            if ok is None or (ok.get("description") != "No Content" and "content" not in ok):
                missing.append(f"{method} {rule.rule}: no response schema")
            if method in ("POST", "PUT", "PATCH") and "requestBody" not in operation:
                missing.append(f"{method} {rule.rule}: no request schema")
    assert missing == []
