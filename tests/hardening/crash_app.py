"""The production app (`wsgi:app`) behind a test-only fault: with FIELDAPP_TEST_CRASH_FLAG (a file
path) set in the server's environment, the first successful `POST /api/v1/sync/push` that carries
the header `X-Test-Crash: after-commit` kills the whole server with SIGKILL, after the handler has
committed and before a byte of the response is sent. The flag file, written just before the kill,
makes it happen once.

Served by tests/hardening/test_restart.py as `gunicorn tests.hardening.crash_app:app` in a
session of its own, so the kill takes the master and its worker and nothing else.
"""
import os
import signal
from pathlib import Path

from wsgi import app as flask_app

FLAG = os.environ.get("FIELDAPP_TEST_CRASH_FLAG")


def app(environ, start_response):
    status = []

    def remember_status(code, headers, exc_info=None):
        status.append(code)
        return start_response(code, headers, exc_info)

    # Flask has run the view (and its commit) and closed the request when this returns; the
    # server sends the status line and headers only with the first chunk of the body.
    body = flask_app(environ, remember_status)
    if (FLAG and environ.get("PATH_INFO") == "/api/v1/sync/push"
            and environ.get("HTTP_X_TEST_CRASH") == "after-commit"
            and status and status[0].startswith("200") and not Path(FLAG).exists()):
        Path(FLAG).write_text(f"{os.getpid()}\n")
        group = os.getpgid(0)
        if group == os.getsid(0):  # a session of its own: the group is this server and no more
            os.killpg(group, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
    return body
