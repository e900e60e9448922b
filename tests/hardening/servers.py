"""gunicorn serving the real app (`wsgi:app`, through tests/hardening/crash_app.py) in a child
process of its own session, and a phone that talks to it over HTTP with `requests`."""
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from gunicorn.config import KNOWN_SETTINGS

from fieldapp.extensions import db
from tests.conftest import PASSWORD, ROOT

BOOT_TIMEOUT = 60  # seconds; a boot takes about one, more on a loaded CI machine
# gunicorn 25.1+ opens a control socket in the home folder, shared by every gunicorn there.
NO_CONTROL_SOCKET = ["--no-control-socket"] if any(
    s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving the app on one port; started again on the same port after a kill."""

    def __init__(self, database_url, port, log_path):
        self.port, self.log_path, self.proc, self.phones = port, log_path, None, []
        self.url = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "restart-test-secret",
                    "FIELDAPP_SECURE_COOKIES": "0", "RATELIMIT_STORAGE_URI": "memory://",
                    "PYTHONDONTWRITEBYTECODE": "1"}
        self.env.pop("FLASK_DEBUG", None)
        self.env.pop("FIELDAPP_TEST_CRASH_FLAG", None)

    def start(self, crash_flag=None, options=()):
        """Start gunicorn and wait until it answers; `crash_flag` switches the fault on."""
        env = {**self.env, **({"FIELDAPP_TEST_CRASH_FLAG": str(crash_flag)} if crash_flag else {})}
        with open(self.log_path, "a") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{self.port}",
                 "--chdir", str(ROOT), "--graceful-timeout", "5", *NO_CONTROL_SOCKET, *options,
                 "tests.hardening.crash_app:app"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + BOOT_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.proc.returncode}:\n{self.log()}")
            try:
                requests.get(f"{self.url}/api/v1/session", timeout=5)
                return
            except (requests.ConnectionError, requests.Timeout):  # not listening, or its worker still booting
                time.sleep(0.05)
        raise AssertionError(f"gunicorn did not answer within {BOOT_TIMEOUT} s:\n{self.log()}")

    def phone(self, username):
        self.phones.append(HttpPhone(self.url, username))
        return self.phones[-1]

    def wait_killed(self):
        return self.proc.wait(timeout=10)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: master and worker
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)

    def log(self):
        return self.log_path.read_text(errors="replace")


@pytest.fixture(name="server")
def server_fixture(app, migrated, tmp_path):
    """A gunicorn on the test's database, not started yet; stopped at the end."""
    db.session.remove()  # nothing of the test's own open while the server writes
    server = Server(migrated, free_port(), tmp_path / "gunicorn.log")
    yield server
    server.stop()
    for phone in server.phones:
        phone.http.close()


class HttpPhone:
    def __init__(self, base_url, username):
        self.base_url, self.http = base_url, requests.Session()
        response = self.http.post(f"{base_url}/api/v1/session",
                                  json={"username": username, "password": PASSWORD, "remember": True},
                                  timeout=10)
        assert response.status_code == 200, response.text
        self.token = response.json()["csrf_token"]

    def push(self, ops, **headers):
        return self.http.post(f"{self.base_url}/api/v1/sync/push", json={"device_id": "phone-1", "ops": ops},
                              headers={"X-CSRFToken": self.token, **headers}, timeout=15)

    def pull(self):
        response = self.http.get(f"{self.base_url}/api/v1/sync/pull", params={"cursor": "", "limit": 5000},
                                 timeout=15)
        assert response.status_code == 200, response.text
        return response.json()
