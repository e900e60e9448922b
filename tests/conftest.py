"""Fixtures: an app on a fresh database (SQLite or PostgreSQL), clients, users, login.

FIELDAPP_TEST_DATABASE chooses the engine (`sqlite`, the default, or `postgresql`); `make test`
runs the suite once with each. The schema is made by the migrations, once per run, in a
database this run creates and drops; every test starts from empty tables.
"""
import os
import secrets
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from fieldapp import create_app
from fieldapp.accounts import services as accounts
from fieldapp.extensions import db, limiter
from fieldapp.places import services as places

pytest_plugins = ["tests.phones"]

ROOT = Path(__file__).resolve().parent.parent
# Copies of the shared test data live in the repository (a clone alone runs the suite);
# tests/unit/test_shared_copies.py checks them against shared/ where it is beside the clone.
DATA = ROOT / "tests" / "data"
COMMUNE_GENERATOR = ROOT / "scripts" / "make_commune.py"
ENGINE = os.environ.get("FIELDAPP_TEST_DATABASE", "sqlite")
PG_ADMIN_URL = os.environ.get(
    "FIELDAPP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "field-work-2026"


def pytest_report_header(config):
    return f"fieldapp test database: {ENGINE}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if ENGINE == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'fieldapp-test.db'}"
        return
    if ENGINE != "postgresql":
        raise pytest.UsageError("FIELDAPP_TEST_DATABASE must be sqlite or postgresql")
    name = f"fieldapp_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        # A test database need not survive a crash of the server: without waiting for the WAL
        # flush at each commit the suite runs much faster, and no test sees the difference
        # (the restart tests kill gunicorn, never PostgreSQL).
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def settings(database_url, **overrides):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Stated, not left to the default: Flask-Limiter keeps the flag on its one global
        # instance, so a test that turns limits off would otherwise turn them off for the rest.
        "RATELIMIT_ENABLED": True,
        "SESSION_COOKIE_SECURE": False,
        # Hashing is not what the tests measure; scrypt would cost 75 ms for every test user.
        "FIELDAPP_PASSWORD_HASH": "pbkdf2:sha256:1000",
        "REMEMBER_COOKIE_SECURE": False,
        **overrides,
    }


@pytest.fixture(scope="session")
def migrated(database_url):
    """The schema, made once per run by the migrations (as in production)."""
    app = create_app(settings(database_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def _empty_tables():
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE's new files cost
            # ~20 times more. Identities restart as SQLite's do on empty tables.
            conn.exec_driver_sql("; ".join(f"DELETE FROM {table}" for table in tables))
            conn.exec_driver_sql("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'")
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def app_settings():
    """Override in a test module to change settings (e.g. the coverage rule)."""
    return {}


class Client(FlaskClient):
    """Each request in an app context of its own, as in production: the fixtures' context
    (kept open for the test's own database work) must not lend its `g` to requests."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(migrated, app_settings):
    app = create_app(settings(migrated, **app_settings))
    app.test_client_class = Client
    with app.app_context():
        limiter.reset()
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def commune(app):
    commune = places.create_commune("10001", "Xã Thử Nghiệm")
    db.session.commit()
    return commune


@pytest.fixture
def other_commune(app):
    commune = places.create_commune("20002", "Xã Bên Cạnh")
    db.session.commit()
    return commune


@pytest.fixture
def make_province(app):
    def make(code="99", name="Tỉnh Thử Nghiệm", communes=(), **portal):
        province = places.create_province(code, name, **portal)
        for commune in communes:
            commune.province_id = province.id
        db.session.commit()
        return province

    return make


@pytest.fixture
def make_village():
    def make(commune, code, name=None):
        village = places.save_village(commune, code, name or f"Thôn {code}")
        db.session.commit()
        return village

    return make


@pytest.fixture
def make_user():
    def make(commune, role, villages=(), username=None, password=PASSWORD, province=None):
        """A user of `commune`; a supervisor: make(None, "supervisor", province=...)."""
        user = accounts.create_user(commune, username or f"{role}-{uuid.uuid4().hex[:8]}", role,
                                    password, full_name=f"Người dùng {role}", villages=villages,
                                    province=province)
        db.session.commit()
        return user

    return make


def api_login(client, username, password=PASSWORD, **headers):
    return client.post("/api/v1/session", json={"username": username, "password": password},
                       headers=headers)


@pytest.fixture
def login(client):
    """Log the user in through the API; return the CSRF token for changes."""

    def do(user, password=PASSWORD):
        response = api_login(client, user.username, password)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["csrf_token"]

    return do


@pytest.fixture
def commits(app):
    """The COMMITs of the app's database from now on, one entry each: a request is one unit of
    work, committed once at its end."""
    seen = []

    def listener(connection):
        seen.append(connection)

    event.listen(db.engine, "commit", listener)
    yield seen
    event.remove(db.engine, "commit", listener)
