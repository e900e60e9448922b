"""The repository keeps its own copies of the shared test data, so a clone alone runs the suite.
Where the shared folder lies beside the clone (a developer's machine, CI), the copies must still
be the same files; elsewhere there is nothing to compare and the test skips."""
import os
from pathlib import Path

import pytest

from tests.conftest import COMMUNE_GENERATOR, DATA, ROOT

SHARED_DATA = Path(os.environ.get("FIELDAPP_SHARED_DIR", ROOT.parent.joinpath("shared"))) / "data"

COPIES = {
    "coverage_vectors.json": DATA / "coverage_vectors.json",
    "make_commune.py": COMMUNE_GENERATOR,
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_matches_the_shared_original(name):
    original = SHARED_DATA / name
    if not original.exists():
        pytest.skip(f"no shared folder beside the clone ({original})")
    assert COPIES[name].read_bytes() == original.read_bytes(), (
        f"{COPIES[name].relative_to(ROOT)} differs from {original}: copy the new version in")
