"""The writes a flush or a commit makes besides the caller's own (the commune's `seq` and the
summaries' stale mark) are switched on by create_app, in one named place, never by an import."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from sqlalchemy import event
from sqlalchemy.orm import Session

import fieldapp.models  # every model, as Alembic and the bench import them
from fieldapp import create_app
from fieldapp.sync import seq
from fieldapp.dashboard import summary

hooks = [*seq.WRITE_HOOKS, *summary.WRITE_HOOKS]
print(sorted({name for name, _ in hooks}))
print(sum(event.contains(Session, name, hook) for name, hook in hooks), end=" ")
create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
print(sum(event.contains(Session, name, hook) for name, hook in hooks), len(hooks))
"""


def test_write_hooks_are_registered_by_create_app_not_by_import():
    # A fresh interpreter: in this one, the test app has registered them already.
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=120)
    names, counts = done.stdout.splitlines()
    assert names == "['after_flush', 'after_rollback', 'before_commit', 'before_flush']"
    before, after, total = counts.split()
    assert (before, after) == ("0", total)
