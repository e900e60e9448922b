"""Migrations are the only way the schema is made: they must build what the models describe."""
import secrets
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from fieldapp import create_app
from fieldapp.extensions import db
from tests.conftest import ENGINE, PG_ADMIN_URL, settings

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def test_migrations_build_the_schema_the_models_describe(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


# Reference tables (docs/scale.md: copied to every shard) carry no commune_id: the communes
# themselves, and the provinces they belong to.
REFERENCE_TABLES = {"communes", "provinces"}


def test_every_table_carries_commune_id():
    without = [t.name for t in db.metadata.sorted_tables
               if "commune_id" not in t.c and t.name not in REFERENCE_TABLES]
    assert without == []



def test_migrations_build_the_check_constraints_the_models_declare(app):
    from sqlalchemy import CheckConstraint, inspect

    inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        declared = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        built = {c["name"] for c in inspector.get_check_constraints(table.name)}
        assert declared <= built, table.name


def _fresh_database(tmp_path):
    """A new empty database of the run's engine, and a way to drop it."""
    import os
    import secrets

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tests.conftest import ENGINE, PG_ADMIN_URL

    if ENGINE == "sqlite":
        return f"sqlite:///{tmp_path / 'groups.db'}", lambda: None
    name = f"fieldapp_mig_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False), drop


def _row(table, **values):
    """Values for every NOT NULL column of a reflected table without a server default."""
    import uuid
    from datetime import UTC, datetime

    import sqlalchemy as sa

    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None or (
                column.primary_key and isinstance(column.type, sa.Integer)):
            continue
        kind = column.type
        if isinstance(kind, sa.Boolean):
            values[column.name] = False
        elif isinstance(kind, sa.Integer):
            values[column.name] = 1
        elif isinstance(kind, sa.DateTime):
            values[column.name] = datetime(2026, 3, 1, tzinfo=UTC)
        elif isinstance(kind, sa.JSON):
            values[column.name] = {}
        elif isinstance(kind, sa.Uuid):
            values[column.name] = uuid.uuid4()
        else:
            values[column.name] = "x"
    return values


def test_the_groups_migration_puts_everyone_recorded_before_in_no_group(tmp_path):
    """Members recorded before the groups existed belong to none; organisations start empty."""
    import uuid
    from pathlib import Path

    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    from fieldapp import create_app
    from tests.conftest import settings

    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    [path] = versions.glob("*_member_groups_and_organisations.py")
    source = path.read_text(encoding="utf-8")
    before = source.split("down_revision = '", 1)[1].split("'", 1)[0]
    url, drop = _fresh_database(tmp_path)
    try:
        app = create_app(settings(url))
        with app.app_context():
            upgrade(revision=before)
            metadata = sa.MetaData()
            metadata.reflect(db.engine)
            t = metadata.tables
            def new_id():  # as each engine stores a UUID column (SQLite: 32 hex digits)
                made = uuid.uuid4()
                return made.hex if db.engine.dialect.name == "sqlite" else made

            member_id = new_id()
            with db.engine.begin() as conn:
                conn.execute(t["communes"].insert(), _row(t["communes"], id=1, code="00001"))
                conn.execute(t["villages"].insert(), _row(t["villages"], id=1, commune_id=1, code="T01"))
                household_id = new_id()
                conn.execute(t["households"].insert(), _row(t["households"], id=household_id, commune_id=1,
                                                            village_id=1, consent="given", status="unvisited",
                                                            member_count=1))
                conn.execute(t["members"].insert(), _row(t["members"], id=member_id, commune_id=1,
                                                         household_id=household_id, village_id=1))
            upgrade()
            with db.engine.connect() as conn:
                groups = conn.execute(sa.text(
                    "SELECT group_official, group_youth_union, group_association, group_student, "
                    "group_team_member FROM members")).one()
                assert [bool(flag) for flag in groups] == [False] * 5
                assert conn.execute(sa.text("SELECT count(*) FROM organisations")).scalar() == 0
            downgrade(revision=before)
            assert "organisations" not in sa.inspect(db.engine).get_table_names()
            db.engine.dispose()
    finally:
        drop()


@pytest.fixture
def blank_database(tmp_path):
    """An empty database of the engine under test, for a migration run of its own."""
    if ENGINE == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    name = f"fieldapp_migrate_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_provinces_migration_keeps_users_their_villages_and_phones(blank_database):
    """0015 rebuilds the users table on SQLite: the rows that reference a user (village
    assignments and phones, which cascade on delete) must survive it, and the way back."""
    app = create_app(settings(blank_database))
    with app.app_context():
        upgrade(revision="0014")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO communes (id, code, name, last_seq, created_at, updated_at) "
                              "VALUES (1, '10001', 'Xã A', 0, :now, :now)"), {"now": NOW})
            conn.execute(text("INSERT INTO villages (id, commune_id, code, name, name_folded, deleted, seq, "
                              "created_at, updated_at) VALUES (1, 1, 'T01', 'Thôn A', 'thon a', false, 1, "
                              ":now, :now)"), {"now": NOW})
            conn.execute(text("INSERT INTO users (id, commune_id, username, full_name, role, "
                              "password_hash, active, login_token, scope_version, created_at, updated_at) "
                              "VALUES (1, 1, 'lan', '', 'volunteer', 'x', true, 't1', 1, :now, :now)"),
                         {"now": NOW})
            conn.execute(text("INSERT INTO village_assignments (id, commune_id, user_id, village_id, "
                              "assigned_at) VALUES (1, 1, 1, 1, :now)"), {"now": NOW})
            conn.execute(text("INSERT INTO devices (id, commune_id, user_id, device_id, first_seen_at, "
                              "last_seen_at, ops_pushed) VALUES (1, 1, 1, 'phone-1', :now, :now, 0)"),
                         {"now": NOW})
        upgrade(revision="0015")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM village_assignments")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM devices")).scalar() == 1
            assert conn.execute(text("SELECT commune_id, province_id FROM users")).one() == (1, None)
            conn.execute(text("INSERT INTO provinces (id, code, name, created_at, updated_at) "
                              "VALUES (1, '99', 'Tỉnh A', :now, :now)"), {"now": NOW})
            conn.execute(text("UPDATE communes SET province_id = 1"))
        for role, commune_id, province_id in (("supervisor", 1, 1), ("supervisor", None, None),
                                              ("officer", None, 1)):
            with pytest.raises(IntegrityError), db.engine.begin() as conn:
                conn.execute(text("INSERT INTO users (commune_id, province_id, username, full_name, "
                                  "role, password_hash, active, login_token, scope_version, created_at, "
                                  "updated_at) VALUES (:c, :p, 'x', '', :role, 'x', true, 't2', 1, "
                                  ":now, :now)"),
                             {"c": commune_id, "p": province_id, "role": role, "now": NOW})
        downgrade(revision="0014")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM village_assignments")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM devices")).scalar() == 1
        db.engine.dispose()
