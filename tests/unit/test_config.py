"""Settings from the environment, and the database connection rules."""
import pytest
from sqlalchemy import text

from fieldapp import create_app
from fieldapp.config import database_url
from fieldapp.extensions import db


def test_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_debug_mode_starts_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.secret_key and app.config["SESSION_COOKIE_SECURE"] is False


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("FIELDAPP_SECURE_COOKIES", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["FIELDAPP_PASSWORD_HASH"] == "scrypt"


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal/fieldapp")
    monkeypatch.setenv("FIELDAPP_COVERAGE_RULE", "vneid_level2,vneid_login")
    app = create_app()
    assert app.secret_key == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.internal/fieldapp"
    assert app.config["FIELDAPP_COVERAGE_RULE"] == ("vneid_level2", "vneid_login")


def test_a_misspelt_coverage_rule_stops_the_app(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("FIELDAPP_COVERAGE_RULE", "vneid_level_2")
    with pytest.raises(ValueError, match="FIELDAPP_COVERAGE_RULE"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("url, expected", [
    ("postgresql://h/db", "postgresql+psycopg://h/db"),
    ("postgresql+psycopg://h/db", "postgresql+psycopg://h/db"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_database_url_spellings(url, expected):
    assert database_url(url) == expected


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        db.engine.dispose()


def test_return_after_days_defaults_to_2_and_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delenv("FIELDAPP_RETURN_AFTER_DAYS", raising=False)
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["FIELDAPP_RETURN_AFTER_DAYS"] == 2
    monkeypatch.setenv("FIELDAPP_RETURN_AFTER_DAYS", " 5 ")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["FIELDAPP_RETURN_AFTER_DAYS"] == 5


@pytest.mark.parametrize("value", ["two", "-1", "366", "1.5", ""])
def test_an_unreadable_return_after_days_stops_the_app(monkeypatch, value):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("FIELDAPP_RETURN_AFTER_DAYS", value)
    with pytest.raises(ValueError, match="FIELDAPP_RETURN_AFTER_DAYS"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
