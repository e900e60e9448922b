"""`flask backup PATH`: SQLite's online backup, taken while the app writes, and restored by
opening the app on a copy of it. On PostgreSQL the command points at pg_dump instead."""
import shutil
import sqlite3
import threading
import uuid

import pytest
from sqlalchemy import select, text

from fieldapp import create_app
from fieldapp.extensions import db
from fieldapp.households.models import Household
from tests.conftest import ENGINE, settings
from tests.phones import Phone, new_id, op

sqlite_only = pytest.mark.skipif(ENGINE != "sqlite", reason="flask backup copies SQLite databases")


def households(team, n, prefix, village_id=None):
    village_id = village_id or team["t01"].id
    return [op("household.upsert", new_id(), {"village_id": village_id, "head_name": f"{prefix} {i}",
                                               "phone": f"09123{i:05d}", "address": f"Số {i}, {prefix}"})
            for i in range(n)]


def live_households():
    db.session.expire_all()
    return {str(h.id): (h.head_name, h.phone, h.address, h.version)
            for h in db.session.scalars(select(Household))}


def restore(backup, tmp_path, user):
    """Copy the backup to a new path, open the app on it, and read the households back, through
    the database and through the API as the user."""
    restored = tmp_path / "restored" / "fieldapp.db"
    restored.parent.mkdir()
    shutil.copy(backup, restored)
    app = create_app(settings(f"sqlite:///{restored}"))
    with app.app_context():
        try:
            rows = {str(h.id): (h.head_name, h.phone, h.address, h.version)
                    for h in db.session.scalars(select(Household))}
            migrated_to = db.session.scalar(text("SELECT version_num FROM alembic_version"))
            phone = Phone(app, user, device_id="after-restore")
            response = phone.client.get("/api/v1/households", query_string={"per_page": 200})
            assert response.status_code == 200, response.get_json()
            listed = {h["id"] for h in response.get_json()["items"]}
        finally:
            db.session.remove()
            db.engine.dispose()
    return rows, listed, migrated_to


def alembic_version():
    return db.session.scalar(text("SELECT version_num FROM alembic_version"))


@sqlite_only
def test_a_backup_taken_during_an_open_write_holds_what_was_committed_before_it(
        app, runner, team, phone, tmp_path):
    lan = phone("lan")
    written = households(team, 30, "Nguyễn Văn")
    assert {r["status"] for r in lan.push(*written)} == {"applied"}
    before = live_households()
    changed_id = written[0]["entity_id"]

    # Another connection writes and has not committed when the backup runs: in WAL mode the
    # backup neither waits for it (busy_timeout is 10 s: a wait would show) nor copies its change.
    writer = sqlite3.connect(db.engine.url.database, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE households SET head_name = 'Chưa lưu' WHERE id = ?",
                       (uuid.UUID(changed_id).hex,))
        assert writer.execute("SELECT changes()").fetchone()[0] == 1
        backup = tmp_path / "fieldapp-backup.db"
        result = runner.invoke(args=["backup", str(backup)])
        assert result.exit_code == 0, result.output
        assert "Backed up" in result.output and str(backup) in result.output
        writer.commit()
    finally:
        writer.close()
    assert live_households()[changed_id][0] == "Chưa lưu"

    assert not (tmp_path / "fieldapp-backup.db.partial").exists()
    assert sqlite3.connect(backup).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    rows, listed, migrated_to = restore(backup, tmp_path, team["lan"])
    assert rows == before
    assert rows[changed_id][0] == "Nguyễn Văn 0"
    assert listed == set(before)
    assert migrated_to == alembic_version()


@sqlite_only
def test_a_backup_taken_while_a_phone_pushes_is_one_consistent_snapshot(app, runner, team, tmp_path):
    first = households(team, 20, "Trần Thị")
    assert {r["status"] for r in Phone(app, team["lan"]).push(*first)} == {"applied"}
    before = live_households()

    pusher, stop, pushed, errors = Phone(app, team["tuan"]), threading.Event(), [], []
    started, village_id = threading.Event(), team["t01"].id  # the thread must not touch the session

    def push_until_stopped():
        try:
            while not stop.is_set():
                batch = households(team, 10, f"Lê Văn {len(pushed)}", village_id)
                results = pusher.push(*batch)
                assert {r["status"] for r in results} == {"applied"}
                pushed.append([o["entity_id"] for o in batch])
                started.set()
        except Exception as exc:  # noqa: BLE001  (reported below; a thread must not die silently)
            errors.append(exc)
            started.set()

    thread = threading.Thread(target=push_until_stopped)
    thread.start()
    try:
        assert started.wait(30)
        result = runner.invoke(args=["backup", str(tmp_path / "during.db")])
    finally:
        stop.set()
        thread.join(60)
    assert errors == []
    assert result.exit_code == 0, result.output
    after = live_households()

    rows, listed, _ = restore(tmp_path / "during.db", tmp_path, team["lan"])
    assert set(before) <= set(rows) <= set(after)
    assert all(rows[i] == after[i] for i in rows)
    # One transaction a push: a batch is in the snapshot whole or not at all.
    assert all(len(set(batch) & set(rows)) in (0, len(batch)) for batch in pushed)
    assert listed == {i for i in rows if i in before or any(i in b for b in pushed)}


@sqlite_only
def test_backup_refuses_to_overwrite_the_database_or_write_into_a_missing_folder(app, runner, tmp_path):
    live = db.engine.url.database
    result = runner.invoke(args=["backup", live])
    assert result.exit_code != 0 and "another file" in result.output
    result = runner.invoke(args=["backup", str(tmp_path / "no-such-folder" / "b.db")])
    assert result.exit_code != 0 and "no-such-folder" in result.output


@sqlite_only
def test_a_second_backup_to_the_same_path_replaces_the_first(app, runner, team, phone, tmp_path):
    lan = phone("lan")
    backup = tmp_path / "b.db"
    lan.push(*households(team, 3, "Phạm"))
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    lan.push(*households(team, 2, "Hoàng"))
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    rows, _, _ = restore(backup, tmp_path, team["lan"])
    assert rows == live_households() and len(rows) == 5


@pytest.mark.skipif(ENGINE != "postgresql", reason="the PostgreSQL message")
def test_on_postgresql_backup_points_at_pg_dump_and_fails(app, runner, tmp_path):
    backup = tmp_path / "b.db"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code != 0
    assert "PostgreSQL" in result.output and "pg_dump -Fc" in result.output
    assert "pg_restore" in result.output and db.engine.url.database in result.output
    assert not backup.exists()
