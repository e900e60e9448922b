"""fieldapp: door-to-door coverage tracking for community digital technology teams."""
import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from werkzeug.middleware.proxy_fix import ProxyFix

from fieldapp.config import INSTANCE_DIR, load_settings
from fieldapp.core.i18n import select_locale
from fieldapp.core.model import sqlite_local_day
from fieldapp.core.params import RowIdConverter
from fieldapp.extensions import api, babel, compress, csrf, db, limiter, login_manager, migrate

ROOT = INSTANCE_DIR.parent


def create_app(config=None):
    """Make the app. `config` overrides settings from the environment (tests pass a mapping)."""
    app = Flask(
        __name__,
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
        instance_path=str(INSTANCE_DIR),
    )
    app.config.update(load_settings(config))
    app.url_map.converters["id"] = RowIdConverter
    if not app.config["SECRET_KEY"]:
        if not app.debug:
            raise RuntimeError("SECRET_KEY is not set. Set it (or FLASK_DEBUG=1 while developing).")
        app.config["SECRET_KEY"] = "dev-only-not-secret"  # noqa: S105
    if app.config.get("FIELDAPP_PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    register_extensions(app)
    register_write_hooks()
    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def register_extensions(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        INSTANCE_DIR.mkdir(exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), compare_type=True,
                     render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "fieldapp" / "translations"))
    limiter.init_app(app)
    compress.init_app(app)
    api.init_app(app)
    from fieldapp.core.static_files import register_static_files

    register_static_files(app)

    import fieldapp.models  # noqa: F401  (every table in the metadata)
    from fieldapp.core.request_log import register_request_log
    from fieldapp.core.security import register_security
    from fieldapp.core.templating import register_templating

    register_security(app)
    register_templating(app)
    register_request_log()


def register_write_hooks():
    """The writes every session makes besides its caller's, switched on here and nowhere else:
    each flush stamps the commune's next `seq` on the synced rows it writes (sync/seq.py), and
    each commit marks the summaries of the villages it wrote stale (dashboard/summary.py).
    Once per process: the hooks sit on the Session class, and a second app shares them."""
    from fieldapp.dashboard import summary
    from fieldapp.sync import seq

    for name, hook in (*seq.WRITE_HOOKS, *summary.WRITE_HOOKS):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def register_blueprints(app):
    from fieldapp.accounts import api as accounts_api
    from fieldapp.accounts import users_api
    from fieldapp.accounts import views as accounts_views
    from fieldapp.dashboard import api as dashboard_api
    from fieldapp.dashboard import views as dashboard_views
    from fieldapp.guides import views as guides_views
    from fieldapp.households import api as households_api
    from fieldapp.office import api as office_api
    from fieldapp.office import audit_log as office_audit_log
    from fieldapp.office import consent as office_consent
    from fieldapp.office import exports as office_exports
    from fieldapp.office import households as office_households
    from fieldapp.office import imports as office_imports
    from fieldapp.office import rescue as office_rescue
    from fieldapp.office import users as office_users
    from fieldapp.office import views as office_views
    from fieldapp.office import villages as office_villages
    from fieldapp.places import api as places_api
    from fieldapp.plans import api as plans_api
    from fieldapp.plans import issued_api as reports_api
    from fieldapp.plans import issued_views as reports_views
    from fieldapp.plans import organisation_views, organisations_api
    from fieldapp.plans import views as plans_views
    from fieldapp.province import api as province_api
    from fieldapp.province import reports_api as province_reports_api
    from fieldapp.province import views as province_views
    from fieldapp.pwa import views as pwa_views
    from fieldapp.sync import api as sync_api
    from fieldapp.sync import conflicts_api, rescue_api

    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(pwa_views.bp)
    app.register_blueprint(dashboard_views.bp)
    app.register_blueprint(office_views.bp)
    app.register_blueprint(office_exports.bp)
    app.register_blueprint(office_users.bp)
    app.register_blueprint(office_villages.bp)
    app.register_blueprint(office_consent.bp)
    app.register_blueprint(office_audit_log.bp)
    app.register_blueprint(office_households.bp)
    app.register_blueprint(office_imports.bp)
    app.register_blueprint(office_rescue.bp)
    app.register_blueprint(guides_views.bp)
    app.register_blueprint(plans_views.desk_bp)
    app.register_blueprint(plans_views.targets_bp)
    app.register_blueprint(plans_views.help_points_bp)
    app.register_blueprint(organisation_views.bp)
    app.register_blueprint(organisation_views.leader_bp)
    app.register_blueprint(reports_views.bp)
    app.register_blueprint(province_views.bp)
    api.register_blueprint(accounts_api.blp)
    api.register_blueprint(places_api.blp)
    api.register_blueprint(sync_api.blp)
    api.register_blueprint(households_api.blp)
    api.register_blueprint(dashboard_api.blp)
    api.register_blueprint(conflicts_api.blp)
    api.register_blueprint(office_api.blp)
    api.register_blueprint(rescue_api.blp)
    api.register_blueprint(users_api.blp)
    api.register_blueprint(plans_api.blp)
    api.register_blueprint(reports_api.blp)
    api.register_blueprint(organisations_api.blp)
    api.register_blueprint(province_api.blp)
    api.register_blueprint(province_reports_api.blp)


def register_error_handlers(app):
    from fieldapp.core.errors import register_error_handlers as register

    register(app)


def register_commands(app):
    from fieldapp.cli import register_commands as register

    register(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
        dbapi_connection.create_function("fieldapp_local_day", 2, sqlite_local_day, deterministic=True)
