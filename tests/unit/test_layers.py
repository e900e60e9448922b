"""The rooms of fieldapp/ (docs/architecture.md, "Rooms"), read from the code's own imports.

core/ and extensions.py are the ground; the features stand over them in the order of FEATURES,
each importing only from core and from the features below it; the app's wiring (the package's
__init__.py, cli.py, config.py, demo.py, models.py) stands on top. An import that runs the other
way is an upward import: the few that remain are listed in UPWARD with the reason they stay, and
no other may be added. No feature imports another feature's JSON API or pages (`api`, `*_api`,
`views`): a piece two features share moves down, to core or to the lower feature.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "fieldapp"
GROUND = ("core", "extensions")
FEATURES = ("places", "accounts", "households", "sync", "dashboard", "plans", "office", "guides", "pwa")
UPWARD = {
    ("fieldapp.households.merging", "fieldapp.sync.models"):
        "a merged household's open conflicts follow it to the household kept",
    ("fieldapp.households.duplicates", "fieldapp.sync.seq"):
        "a merge holds the commune's write lock, as a push does, so that no push adds a member or "
        "a visit to the household being merged away",
    ("fieldapp.dashboard.reports", "fieldapp.plans.figures"):
        "the report counts the desk's contacts and the sessions, which plans records; plans stands "
        "above the dashboard because its targets are measured against the report",
}


def module_names():
    """{dotted module name: path} for every module of the package."""
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imports_of(name, path, known):
    """The package's modules that module `name` imports, anywhere in it (lazy imports too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # from fieldapp.core import audit imports the module fieldapp.core.audit
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                         for alias in node.names)
    return {target for target in found if target in known}


def floor(name):
    """0 for the ground, 1 + its rank for a feature, the top for the app's wiring."""
    parts = name.split(".")
    room = parts[1] if len(parts) > 1 else ""
    if room in GROUND:
        return 0
    if room in FEATURES:
        return 1 + FEATURES.index(room)
    return len(FEATURES) + 1


def is_face(name):
    """A feature's JSON API or pages: what only the app's wiring may import."""
    last = name.rsplit(".", 1)[-1]
    return last in ("api", "views") or last.endswith("_api")


def arrows():
    known = module_names()
    return {(name, target) for name, path in known.items() for target in imports_of(name, path, known)}


def upward(edges):
    return {(source, target) for source, target in edges if floor(target) > floor(source)}


def faces_reached(edges):
    """Imports of a feature's API or pages from the ground or from another feature."""
    return {(source, target) for source, target in edges
            if is_face(target) and floor(source) <= len(FEATURES) and floor(source) != floor(target)}


def test_the_imports_are_read():
    edges = arrows()
    assert ("fieldapp.sync.services", "fieldapp.households.schemas") in edges  # from-import
    assert ("fieldapp.households.merging", "fieldapp.core.audit") in edges  # from fieldapp.core import audit
    assert ("fieldapp.dashboard.api", "fieldapp.dashboard.reports") in edges


def test_no_feature_imports_another_features_api_or_pages():
    assert faces_reached(arrows()) == set()


def test_only_the_listed_imports_run_upward():
    # A new one fails here: move the shared piece down instead. One that is gone fails too:
    # strike it from UPWARD (and from docs/architecture.md), so the list stays true.
    assert upward(arrows()) == set(UPWARD)
    assert len(UPWARD) <= 3


def test_a_violation_would_be_caught():
    edges = arrows() | {("fieldapp.sync.conflicts_api", "fieldapp.households.api"),
                        ("fieldapp.core.templating", "fieldapp.households.models")}
    assert ("fieldapp.sync.conflicts_api", "fieldapp.households.api") in faces_reached(edges)
    assert ("fieldapp.core.templating", "fieldapp.households.models") in upward(edges)
