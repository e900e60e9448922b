"""The repository keeps its own copies of the shared test data and of the shared benchmark floor,
so a clone alone runs the suite and the benchmarks. Where the shared folder lies beside the clone
(a developer's machine, CI), the copies must still be the same files; elsewhere there is nothing
to compare and the test skips."""
import os
from pathlib import Path

import pytest

from tests.conftest import COMMUNE_GENERATOR, DATA, ROOT

SHARED = Path(os.environ.get("FIELDAPP_SHARED_DIR", ROOT.parent.joinpath("shared")))

COPIES = {  # the path under the shared folder: the repository's copy
    "data/coverage_vectors.json": DATA / "coverage_vectors.json",
    "data/make_commune.py": COMMUNE_GENERATOR,
    # the storage floor that bench/sync_ingest.py measures push against (issue 18)
    "bench/floor.py": ROOT / "bench" / "floor.py",
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_matches_the_shared_original(name):
    original = SHARED / name
    if not original.exists():
        pytest.skip(f"no shared folder beside the clone ({original})")
    assert COPIES[name].read_bytes() == original.read_bytes(), (
        f"{COPIES[name].relative_to(ROOT)} differs from {original}: copy the new version in")
