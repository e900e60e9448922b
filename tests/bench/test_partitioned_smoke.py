"""bench/partitioned.py at a tiny size, so that the bench of docs/scale.md does not rot: the
app's report SQL on tables partitioned by commune gives the app's own answers, and a commune's
report reads one partition."""
import os
import re
import secrets
import subprocess
import sys

import pytest

from tests.conftest import ENGINE, PG_ADMIN_URL, ROOT

pytestmark = [pytest.mark.postgres_only,
              pytest.mark.skipif(ENGINE != "postgresql", reason="declarative partitioning is PostgreSQL's")]


def test_the_partitioned_bench_runs_and_agrees_with_the_app():
    database = f"fieldapp_bench_part_{os.getpid()}_{secrets.token_hex(3)}"
    done = subprocess.run(
        [sys.executable, "bench/partitioned.py", "--households", "2000", "--partitions", "4", "--runs", "1",
         "--database", database, "--time-limit", "120"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "FIELDAPP_BENCH_PG_URL": PG_ADMIN_URL},
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "WRONG" not in done.stdout
    assert "the commune's dated report reads 1 of 4 partitions of households" in done.stdout
    lines = re.findall(r"^partitioned stats, (commune|province), ([a-z ]+?)(, counted)?: median \d+ ms.*"
                       r"plain tables: median \d+ ms; target ≤ (100|300) ms: (met|NOT met)$",
                       done.stdout, re.MULTILINE)
    assert {(scope, period, counted) for scope, period, counted, _, _ in lines} == {
        (scope, period, counted) for scope in ("commune", "province")
        for period, counted in (("from the start", ""), ("a month", ""), ("a month", ", counted"),
                                ("a campaign", ""), ("a campaign", ", counted"), ("a year", ""),
                                ("a year", ", counted"))}
    assert "partitioning changed: households: primary key (id) → (commune_id, …)" in done.stdout
