"""What the benchmarks share: fresh databases, the app served by gunicorn, phone-like operations.

Not a benchmark itself. Everything a benchmark starts (a database, a gunicorn) is undone when
its `with` block ends, also after an error, a time-out or Ctrl-C.
"""
import contextlib
import datetime as dt
import importlib.util
import json
import logging
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("FIELDAPP_BENCH_PG_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench-field-work-2026"
SECRET_KEY = "bench-" + secrets.token_hex(8)
COMMUNE_CODE = "10001"
T0 = dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


# --- time limits and clean-up -----------------------------------------------------------------

class BenchTimeout(Exception):
    pass


def _raise_timeout(signum, frame):
    raise BenchTimeout("the benchmark ran past its time limit")


def _raise_exit(signum, frame):
    raise SystemExit(128 + signum)


def bound_run_time(seconds):
    """Raise BenchTimeout after `seconds`, and turn SIGTERM into SystemExit, so that the
    `finally` blocks (stop gunicorn, drop the databases) always run."""
    signal.signal(signal.SIGALRM, _raise_timeout)
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.alarm(int(seconds))


def log(*parts):
    print(*parts, flush=True)


# --- databases --------------------------------------------------------------------------------

def _pg_admin():
    from sqlalchemy import create_engine

    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def _pg_execute(sql, attempts=30):
    """Run one admin statement; retry while the server is out of connections (other test runs)."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    engine = _pg_admin()
    try:
        for attempt in range(attempts):
            try:
                with engine.connect() as conn:
                    conn.execute(text(sql))
                return
            except OperationalError as exc:
                if "too many clients" not in str(exc) or attempt == attempts - 1:
                    raise
                time.sleep(2)
    finally:
        engine.dispose()


@contextlib.contextmanager
def fresh_database(engine, name, workdir):
    """A new empty database; yield its SQLAlchemy URL; drop it afterwards."""
    if engine == "sqlite":
        path = Path(workdir) / f"{name}.db"
        yield f"sqlite:///{path}"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from sqlalchemy.engine import make_url

    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare_database(url, villages=("T01",), users=(("officer", "officer", ()),)):
    """Migrate `url` as production does and add a commune, its villages and users.

    users: (username, role, village codes). Returns {"commune_id", "villages": {code: id},
    "users": {username: id}}.
    """
    from flask_migrate import upgrade

    from fieldapp import create_app
    from fieldapp.accounts import services as accounts
    from fieldapp.extensions import db
    from fieldapp.places import services as places

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        logging.disable(logging.INFO)  # alembic's "Running upgrade ..." lines
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
        commune = places.create_commune(COMMUNE_CODE, "Xã Đo Đạc")
        made = {code: places.save_village(commune, code, f"Thôn {code}") for code in villages}
        ids = {"commune_id": commune.id, "villages": {c: v.id for c, v in made.items()}, "users": {}}
        for username, role, codes in users:
            user = accounts.create_user(commune, username, role, PASSWORD, full_name=username,
                                        villages=[made[c] for c in codes])
            ids["users"][username] = user.id
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ids


# --- gunicorn ---------------------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(app_spec, env, workdir, workers=2, ready_path="/api/v1/session", chdir=ROOT):
    """Serve `app_spec` with `gunicorn -w workers` on a free port; yield the base URL.

    The server runs in a process group of its own, which is terminated (then killed) on exit.
    """
    import requests

    port = free_port()
    logfile = Path(workdir) / f"gunicorn-{port}.log"
    command = [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--timeout", "120", "--graceful-timeout", "5", "--chdir", str(chdir),
               # no shared ~/.gunicorn/gunicorn.ctl: two servers run side by side here
               "--no-control-socket", app_spec]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "SECRET_KEY": SECRET_KEY,
                "FIELDAPP_SECURE_COOKIES": "0", **env}
    with open(logfile, "wb") as out:
        process = subprocess.Popen(command, cwd=chdir, env=full_env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{_tail(logfile)}")
            try:
                requests.get(base + ready_path, timeout=2)
                break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or slow to start
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer in 60 s:\n{_tail(logfile)}") from None
                time.sleep(0.2)
        yield base
    except Exception:
        log(f"--- gunicorn log ({logfile}) ---\n{_tail(logfile)}")
        raise
    finally:
        _stop(process)


def _stop(process):
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def _tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def log_in(base, username, **session_options):
    """A requests.Session logged in through the API, with the CSRF header set for changes."""
    import requests

    session = requests.Session()
    for key, value in session_options.items():
        setattr(session, key, value)
    response = session.post(f"{base}/api/v1/session",
                            json={"username": username, "password": PASSWORD, "remember": True},
                            timeout=30)
    response.raise_for_status()
    session.headers["X-CSRFToken"] = response.json()["csrf_token"]
    return session


@contextlib.contextmanager
def workdir():
    with tempfile.TemporaryDirectory(prefix="fieldapp-bench-") as path:
        yield path


# --- realistic values (the commune generator's names and phones) ----------------------------

def _load_generator():
    path = ROOT / "scripts" / "make_commune.py"
    spec = importlib.util.spec_from_file_location("make_commune", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_GENERATOR = _load_generator()


def person_name(rng):
    return _GENERATOR.person_name(rng)


def phone(rng):
    return _GENERATOR.phone(rng)


def at(minutes):
    return (T0 + dt.timedelta(minutes=minutes)).isoformat()


def op(kind, entity_id, data, minutes=0, base_version=None):
    return {"op_id": str(uuid.uuid4()), "type": kind, "entity_id": str(entity_id),
            "at": at(minutes), "base_version": base_version, "data": data}


def new_id():
    return str(uuid.uuid4())


SKILL_KEYS = ("vneid_installed", "vneid_level2", "vneid_login", "dvc_login", "dvc_submit",
              "online_payment", "rating", "cyber_safety")
TOPICS = ("vneid_level2", "vneid_login", "dvc_login", "online_payment", "cyber_safety")
BARRIERS = ("no_chip_id", "no_smartphone", "forgot_credentials", "elderly_or_disabled")


def mixed_batch(village_id, rng, households=100, minute=0):
    """500 operations as a phone sends them after a morning of visits (5 per new household):
    the household, its head as a member, a visit, then two later edits of what was just made,
    a skill update (base_version 1) and a field edit (base_version 1).

    The same shape as `mixed_ops` in tests/sync/test_query_count.py, with realistic values.
    """
    ops = []
    for _ in range(households):
        household_id, member_id = new_id(), new_id()
        head = person_name(rng)
        minute += 3
        ops += [
            op("household.upsert", household_id, {
                "village_id": village_id, "head_name": head,
                "address": f"Số {rng.randint(1, 250)}, ngõ {rng.randint(1, 30)}",
                "phone": phone(rng), "member_count": rng.randint(1, 8),
                "lat": round(20.95 + rng.uniform(-0.03, 0.03), 6),
                "lon": round(106.21 + rng.uniform(-0.03, 0.03), 6), "consent": "given",
            }, minute),
            op("member.upsert", member_id, {
                "household_id": household_id, "full_name": head, "is_head": True,
                "birth_year": rng.randint(1945, 2005), "phone": phone(rng),
            }, minute),
            op("visit.create", new_id(), {
                "household_id": household_id, "outcome": "met", "people_guided": 1,
                "topics": rng.sample(TOPICS, 2), "barriers": rng.sample(BARRIERS, 1),
            }, minute),
            op("member.upsert", member_id, {"skills": {k: True for k in rng.sample(SKILL_KEYS, 2)}},
               minute + 1, base_version=1),
            op("household.upsert", household_id, {"note": "Hẹn quay lại hướng dẫn thanh toán"},
               minute + 1, base_version=1),
        ]
    return ops, minute


def push_body(device_id, ops):
    return json.dumps({"device_id": device_id, "ops": ops}, ensure_ascii=False).encode()


def machine():
    cores = os.cpu_count()
    with open("/proc/meminfo") as meminfo:
        kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    return f"{cores} cores, {kib / 1024 / 1024:.0f} GiB RAM"


def rng(seed=1):
    return random.Random(seed)
