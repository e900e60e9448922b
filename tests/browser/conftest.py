"""A live server on the test database and Debian's chromium driven by Playwright."""
import os
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("FIELDAPP_CHROMIUM", "/usr/bin/chromium")
# Chromium's own calls home fail on a closed network; these flags keep it quiet and quick.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Outage:
    """In front of the live server: while `down`, every request fails as if the server were out
    of reach. Unlike the browser's offline emulation, this reaches the service worker too."""

    def __init__(self):
        self.down = False
        self.paths = []  # every path asked for, reachable or not

    def wrap(self, app):
        def serve(environ, start_response):
            self.paths.append(environ.get("PATH_INFO", ""))
            if self.down:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"unreachable"]
            return app(environ, start_response)

        return serve


@pytest.fixture
def outage():
    return Outage()


class InFlight:
    """Counts the requests whose app call has not returned yet (Flask gives the request's
    database connection back to the pool before it returns), so that the server's end can wait
    for them: a request still running when the test's app disposes of its engine would return
    its connection to a pool no longer used, never closed (a ResourceWarning at some later
    test's collection)."""

    def __init__(self, app):
        self.app, self.count, self.changed = app, 0, threading.Condition()

    def _add(self, step):
        with self.changed:
            self.count += step
            self.changed.notify_all()

    def __call__(self, environ, start_response):
        self._add(1)
        try:
            return self.app(environ, start_response)
        finally:
            self._add(-1)

    def wait_idle(self, timeout):
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout)


@pytest.fixture
def live_server(app, outage):
    served = InFlight(outage.wrap(app))
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    served.wait_idle(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}: .ci/run installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A page the size of a cheap Android phone (360 px wide), in Vietnamese."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()
