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


def test_every_page_route_is_in_the_accessibility_list(app):
    """A new page gets checked by axe-core (tests/browser/test_accessibility.py) once listed."""
    import re

    from tests.browser.pages import NOT_PAGES, PAGES

    def shape(path):
        return re.sub(r"<[^>]+>|\{[^}]+\}", "*", re.split(r"[#?]", path)[0])

    listed = {shape(path) for _, path in PAGES}
    missing = [rule.rule for rule in app.url_map.iter_rules()
               if "GET" in rule.methods and not rule.rule.startswith("/api/")
               and rule.endpoint not in NOT_PAGES and shape(rule.rule) not in listed]
    assert missing == []
