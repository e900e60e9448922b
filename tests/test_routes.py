"""Every route declares who may call it, through the one permissions module."""
from fieldapp.core.permissions import permission_of

UNDECLARED_BY_DESIGN = {"static", "api-docs.openapi_json"}


def test_every_route_declares_its_permission(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in UNDECLARED_BY_DESIGN:
            continue
        view = app.view_functions[rule.endpoint]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if permission_of(view, method) is None:
                missing.append(f"{method} {rule.rule}")
    assert missing == []
