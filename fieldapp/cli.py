"""The command line of API.md (`flask --app wsgi ...`)."""
import sys
from datetime import UTC
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from fieldapp.accounts import services as accounts
from fieldapp.accounts.models import User
from fieldapp.core.tabular import TableError
from fieldapp.core.vocabulary import ROLES, SUPERVISOR
from fieldapp.extensions import db
from fieldapp.places import services as places
from fieldapp.places.models import Commune, Village


def _fail(message):
    db.session.rollback()
    raise click.ClickException(str(message))


def _commune(code):
    commune = places.find_commune(code)
    if commune is None:
        _fail(f"Unknown commune code {code!r}. Create it first with 'create-commune'.")
    return commune


def _province(code):
    province = places.find_province(code)
    if province is None:
        _fail(f"Unknown province code {code!r}. Create it first with 'create-province'.")
    return province


@click.command("create-province")
@click.option("--code", required=True, help="The official 2-digit province code.")
@click.option("--name", required=True)
@click.option("--portal-name", default=None,
              help="The province's own public-service portal, as the guides name it.")
@click.option("--portal-url", default=None, help="That portal's address (https://...).")
@with_appcontext
def create_province(code, name, portal_name, portal_url):
    """Create a province: its communes' figures are seen side by side by its supervisors."""
    try:
        province = places.create_province(code, name, portal_name, portal_url)
    except places.PlaceError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Created province {province.code} {province.name}.")


@click.command("set-province-portal")
@click.option("--code", required=True, help="The province's code.")
@click.option("--portal-name", required=True, help="The portal's name as the guides say it; '' clears it.")
@click.option("--portal-url", default="", help="Its address (https://...); '' or omitted: none.")
@with_appcontext
def set_province_portal(code, portal_name, portal_url):
    """Name the province's own public-service portal on its communes' guide cards."""
    province = _province(code)
    try:
        places.set_province_portal(province, portal_name, portal_url)
    except places.PlaceError as exc:
        _fail(exc)
    db.session.commit()
    shown = "none"
    if province.portal_name:
        shown = f"{province.portal_name} ({province.portal_url or 'no address'})"
    click.echo(f"Province {province.code}'s portal: {shown}.")


@click.command("create-commune")
@click.option("--code", required=True, help="The official 5-digit commune code.")
@click.option("--name", required=True)
@click.option("--hotline", default=None, help="Phone number printed on leaflets.")
@click.option("--province", "province_code", default=None, help="The code of the province it belongs to.")
@with_appcontext
def create_commune(code, name, hotline, province_code):
    """Create a commune, of a province when --province is given."""
    province = _province(province_code) if province_code else None
    try:
        commune = places.create_commune(code, name, hotline, province)
    except places.PlaceError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Created commune {commune.code} {commune.name}"
               f"{f' in province {province.code}' if province else ''}.")


@click.command("import-villages")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commune", "commune_code", required=True, help="The commune's code.")
@with_appcontext
def import_villages(file, commune_code):
    """Create or update villages from a CSV or XLSX file (Mã thôn, Tên thôn[, Vĩ độ, Kinh độ])."""
    commune = _commune(commune_code)
    try:
        saved, problems = places.import_villages(commune, file.read_bytes(), file.name)
    except (TableError, places.PlaceError) as exc:
        _fail(exc)
    db.session.commit()
    for row, message in problems:
        click.echo(f"row {row}: {message}", err=True)
    click.echo(f"Saved {len(saved)} villages; refused {len(problems)} rows.")
    if problems:
        sys.exit(1)


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice((*ROLES, SUPERVISOR)))
@click.option("--commune", "commune_code", default=None,
              help="The commune's code (every role but supervisor).")
@click.option("--province", "province_code", default=None, help="The province's code (supervisor only).")
@click.option("--village", "village_codes", multiple=True, help="A village code; repeat for several.")
@click.option("--full-name", default="")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from standard input (never from the command line).")
@with_appcontext
def create_user(username, role, commune_code, province_code, village_codes, full_name, password_stdin):
    """Create a user of a commune, assigned to the given villages; or a province's supervisor."""
    if role == SUPERVISOR:
        if not province_code or commune_code or village_codes:
            _fail("A supervisor needs --province CODE, and takes no --commune or --village.")
        province = _province(province_code)
        password = sys.stdin.readline().rstrip("\r\n")
        try:
            user = accounts.create_user(None, username, role, password, full_name, province=province)
        except accounts.AccountError as exc:
            _fail(exc)
        db.session.commit()
        click.echo(f"Created supervisor {user.username} of province {province.code}.")
        return
    if not commune_code or province_code:
        _fail(f"A {role} needs --commune CODE (--province is for a supervisor).")
    commune = _commune(commune_code)
    villages = []
    for code in village_codes:
        village = db.session.scalar(
            select(Village).where(Village.commune_id == commune.id, Village.code == code)
        )
        if village is None:
            _fail(f"Unknown village code {code!r} in commune {commune.code}.")
        villages.append(village)
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = accounts.create_user(commune, username, role, password, full_name, villages)
    except accounts.AccountError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Created {user.role} {user.username} in commune {commune.code}.")


@click.command("seed-demo")
@click.option("--password", default=None, help="Password for every demo user (random if omitted).")
@click.option("--if-empty", is_flag=True, help="Do nothing, successfully, when there is data.")
@with_appcontext
def seed_demo(password, if_empty):
    """Create a demo commune with villages, households, visits and the demo users."""
    from fieldapp.demo import USERS
    from fieldapp.demo import seed_demo as seed

    has_data = db.session.scalar(select(func.count()).select_from(Commune)) or db.session.scalar(
        select(func.count()).select_from(User)
    )
    if has_data:
        if if_empty:
            return
        _fail("The database already has data; seed-demo only fills an empty database.")
    try:
        commune, password = seed(password)
    except accounts.AccountError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Demo commune {commune.code} {commune.name} is ready. Logins:")
    for username, role, _, _ in USERS:
        click.echo(f"  {username:<11} {role:<10} password: {password}")


@click.command("import-households")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commune", "commune_code", required=True, help="The commune's code.")
@click.option("--as", "username", default=None,
              help="The officer the import is recorded as (default: the commune's first officer).")
@click.option("--dry-run", is_flag=True, help="Report only: write nothing.")
@click.option("--record-erased-again", is_flag=True,
              help="Import households erased on request too: the people asked to be recorded again.")
@with_appcontext
def import_households(file, commune_code, username, dry_run, record_erased_again):
    """Import a household list (CSV or XLSX) with the same rules and report as the office page."""
    from fieldapp.office.importer import HouseholdImportError
    from fieldapp.office.importer import import_households as run

    commune = _commune(commune_code)
    officer = db.session.scalar(
        select(User).where(User.commune_id == commune.id, User.role.in_(("officer", "admin")),
                           User.active.is_(True), *((User.username == username,) if username else ()))
        .order_by(User.role.desc(), User.id))
    if officer is None:
        _fail(f"No active officer {'named ' + repr(username) + ' ' if username else ''}in commune "
              f"{commune.code}: create one with 'create-user --role officer'.")
    try:
        result = run(commune, officer, file.read_bytes(), file.name, commit=not dry_run,
                     record_erased_again=record_erased_again)
    except (TableError, HouseholdImportError) as exc:
        _fail(exc)
    for row in result["rows"]:
        if row["status"] in ("rejected", "warning", "erased"):
            click.echo(f"row {row['row']}: {row['status']}: {' '.join(row['messages'])}", err=True)
    click.echo(f"{'Checked' if dry_run else 'Imported'} {len(result['rows'])} rows: "
               f"{result['accepted']} accepted ({result['warnings']} with warnings, {result['repaired']} "
               f"repaired, {result['unchanged']} unchanged), {result['rejected']} rejected"
               + (f", {result['erased']} erased on request (not imported)." if result["erased"] else "."))


@click.command("purge")
@click.option("--before", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Retention date (YYYY-MM-DD): households untouched since before it are erased.")
@click.option("--commune", "commune_code", default=None, help="Only this commune (default: all).")
@click.option("--dry-run", is_flag=True, help="Count only: erase nothing.")
@with_appcontext
def purge(before, commune_code, dry_run):
    """Erase the personal data of households with no change or visit since the retention date
    (their anonymous counts stay); drop uploaded files older than it too."""
    from fieldapp.core.pagination import count_of
    from fieldapp.office.personal_data import purge as run
    from fieldapp.office.personal_data import stale_households
    from fieldapp.plans.organisations import stale_contacts

    before = before.replace(tzinfo=UTC)
    commune_id = _commune(commune_code).id if commune_code else None
    if dry_run:
        count = db.session.scalar(count_of(stale_households(before, commune_id)))
        contacts = db.session.scalar(count_of(stale_contacts(before, commune_id)))
        click.echo(f"{count} households would be erased, and the contact persons of {contacts} "
                   f"organisations.")
        return
    result = run(before, commune_id)
    db.session.commit()
    click.echo(f"Erased the personal data of {result['households']} households and the contact "
               f"persons of {result['organisations']} organisations; "
               f"dropped {result['uploads']} uploaded files.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup(path):
    """Copy the SQLite database to PATH with SQLite's online backup: safe while the app writes.
    On PostgreSQL, use pg_dump instead (docs/deploy.md)."""
    import os
    import sqlite3

    url = db.engine.url
    backend = url.get_backend_name()
    if backend != "sqlite":
        where = " ".join(f"{flag} {value}" for flag, value in (
            ("-h", url.host), ("-p", url.port), ("-U", url.username)) if value)
        name = "PostgreSQL" if backend == "postgresql" else backend
        _fail(f"The database is {name}: 'flask backup' only copies a SQLite database. Back it up "
              f"with pg_dump, e.g. pg_dump -Fc {where}{' ' if where else ''}-f fieldapp.dump "
              f"{url.database}; restore with pg_restore (docs/deploy.md).")
    source_path = Path(url.database or "")
    if not url.database or url.database == ":memory:" or not source_path.is_file():
        _fail(f"There is no SQLite database file at {url.database!r} to back up.")
    if path.exists() and path.resolve() == source_path.resolve():
        _fail("The backup must go to another file than the database itself.")
    if not path.parent.is_dir():
        _fail(f"There is no folder {str(path.parent)!r} to write the backup in.")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    # The app's own connection (WAL mode): the copy is one consistent snapshot, taken while
    # the app goes on writing to the write-ahead log.
    source = db.engine.raw_connection()
    try:
        target = sqlite3.connect(partial)
        try:
            source.driver_connection.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            check = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
    finally:
        source.close()
    if check != "ok":
        partial.unlink(missing_ok=True)
        _fail(f"The copy failed SQLite's check ({check}); nothing was written to {path}.")
    os.replace(partial, path)
    click.echo(f"Backed up {source_path} to {path} ({path.stat().st_size:,} bytes).")


@click.command("reset-phones")
@click.option("--commune", "commune_code", default=None, help="Only this commune's users (default: all).")
@with_appcontext
def reset_phones(commune_code):
    """After restoring a backup: every phone drops its copy of the data at its next sync and
    pulls everything again, keeping the work it has not sent (SYNC.md's reset)."""
    from sqlalchemy import update

    from fieldapp.core import audit

    users = update(User).values(scope_version=User.scope_version + 1)
    communes = [_commune(commune_code)] if commune_code else list(db.session.scalars(select(Commune)))
    for commune in communes:
        count = db.session.execute(users.where(User.commune_id == commune.id)).rowcount
        audit.record("phones_reset", commune_id=commune.id, users=count)
        click.echo(f"{commune.code} {commune.name}: the phones of {count} users will pull everything again.")
    db.session.commit()


@click.command("rebuild-rollups")
@click.option("--commune", "commune_code", default=None, help="Only this commune (default: all).")
@with_appcontext
def rebuild_rollups(commune_code):
    """Count again from the records every village's per-day counts of the dated reports (and
    its summary when missing), one commune a transaction: after the upgrade that adds them, or
    after changing the time zone. Safe while the app runs."""
    from sqlalchemy import func

    from fieldapp.dashboard import rollups
    from fieldapp.dashboard.models import VillageDay
    from fieldapp.dashboard.summary import summaries

    communes = [_commune(commune_code)] if commune_code else list(db.session.scalars(
        select(Commune).order_by(Commune.id)))
    for commune in communes:
        villages = db.session.execute(select(Village.id, Village.commune_id).where(
            Village.commune_id == commune.id, Village.deleted.is_(False)).order_by(Village.id)).all()
        summaries(villages)
        rollups.refresh(villages, everything=True)
        days = db.session.scalar(select(func.count()).select_from(VillageDay).where(
            VillageDay.commune_id == commune.id))
        db.session.commit()
        click.echo(f"{commune.code} {commune.name}: {len(villages)} villages, {days} village days.")


def register_commands(app):
    for command in (create_province, set_province_portal, create_commune, import_villages, create_user,
                    seed_demo, import_households, purge,
                    backup, reset_phones, rebuild_rollups):
        app.cli.add_command(command)
