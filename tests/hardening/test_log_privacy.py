"""No personal data in logs. Every logger is set to DEBUG and everything it records, and all that
reaches stdout or stderr, is searched for distinctive values (names, phones, addresses, notes,
usernames, passwords and searches) after a session of real use: logins good and bad, pushes with
rejected operations and malformed bodies, pulls, searches, exports, pages and a server error.

Each value carries an ASCII token of its own (`Vexilla`, ...), so that a value is caught also
folded, lower-cased, JSON-escaped or URL-encoded; phones are searched as digits with any
separators. The app configures no request log of its own (fieldapp/__init__.py, core/errors.py);
the gunicorn access log the deployment guide recommends is checked at the end.
"""
import json
import logging
import re
from urllib.parse import quote_plus

import pytest
import requests

from fieldapp.extensions import db
from fieldapp.households import api as households_api
from tests.conftest import api_login
from tests.hardening.servers import server_fixture  # noqa: F401  (the `server` fixture)
from tests.phones import Phone, new_id, op

TOKENS = {
    # what it is: the ASCII token every form of the value keeps
    "the volunteer's username": "ondatra",
    "the volunteer's full name": "Okapi",
    "a head of household": "Vexilla",
    "an address": "Quercus",
    "a household note": "Tamarind",
    "a member's name": "Zorbek",
    "a member's note": "Kestrel",
    "a visit's note": "Brumby",
    "a rejected household's head": "Xanthia",
    "an out-of-scope household's head": "Gorgonzo",
    "a malformed body's name": "Marmoset",
    "an invalid operation's name": "Pangolin",
    "a search for nobody": "Axolotl",
    "a failed login's username": "Wyvern",
    "a failed login's password": "Hippogriff",
    "a server error's message": "Narwhal",
}
PHONES = {"a household's phone": "0961234987", "a member's phone": "0389998877",
          "a rejected household's phone": "0912000555", "a malformed body's phone": "0977111222"}
EXCEPTION_MESSAGE = " ".join(["Lò Thị Vexilla,", "0961234987,", "Narwhal"])
USERNAME = "ondatra.vt"
BAD_USERNAME = "Kẻ Gian Wyvern"
BAD_PASSWORD = "mật-khẩu-Hippogriff-9"
# The gunicorn access log of docs/deploy.md: the path, never the query string or the referrer.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def leaks(text):
    """The distinctive values found in `text`, each with the line it was found on."""
    found = []
    for what, token in TOKENS.items():
        for match in re.finditer(re.escape(token), text, re.IGNORECASE):
            found.append((what, line_at(text, match.start())))
    for what, phone in PHONES.items():
        digits = phone[-7:]  # also after "+84 " or with spaces and dots between the digits
        for match in re.finditer(r"\D{0,2}".join(digits), text):
            found.append((what, line_at(text, match.start())))
    return found


def line_at(text, index):
    start, end = text.rfind("\n", 0, index) + 1, text.find("\n", index)
    return text[start:end if end >= 0 else len(text)][:300]


@pytest.mark.parametrize("logged", [
    "Lò Thị Vexilla", "lo thi vexilla", json.dumps("Lò Thị Vexilla"), quote_plus("Lò Thị Vexilla"),
    "+84 961 234 987", "0961.234.987", "q=0961234987", "961-234-987",
])
def test_the_search_finds_a_value_in_any_form(logged):
    assert leaks(f"INFO something {logged} happened")


def test_the_search_finds_nothing_in_ordinary_lines():
    line = 'INFO 127.0.0.1 [22/Nov/2026:08:00:00] "GET /api/v1/households HTTP/1.1" 200 1234 12ms'
    assert leaks(line) == []


@pytest.fixture
def everything_logged(caplog, capfd):
    """Every logger at DEBUG; loggers that keep their records to themselves are heard too.
    Returns a function giving all the text logged or printed so far."""
    for name in ["", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)
    # But SQLAlchemy's engine at INFO (SQLALCHEMY_ECHO=True): at DEBUG (echo="debug") it prints
    # every result row, by design and whatever hide_parameters says; docs/deploy.md warns of it.
    for name in ["sqlalchemy.engine", *(n for n in logging.root.manager.loggerDict
                                        if n.startswith("sqlalchemy.engine."))]:
        caplog.set_level(logging.INFO, logger=name)
    silent = [logger for logger in map(logging.getLogger, list(logging.root.manager.loggerDict))
              if not logger.propagate]
    for logger in silent:
        logger.addHandler(caplog.handler)
    printed = []

    def text():
        out, err = capfd.readouterr()
        printed.extend([out, err])
        records = "\n".join(
            f"{r.name} {r.levelname} {r.getMessage()} {r.exc_text or ''} {r.stack_info or ''}"
            for r in caplog.records)
        return "\n".join([caplog.text, records, *printed])

    yield text
    for logger in silent:
        logger.removeHandler(caplog.handler)


def test_nothing_the_app_logs_holds_personal_data(app, team, make_user, everything_logged, monkeypatch):
    lan = make_user(team["commune"], "volunteer", [team["t01"]], username=USERNAME)
    lan.full_name = "Cầm Thị Okapi"
    db.session.commit()
    t01, t02 = team["t01"].id, team["t02"].id
    phone = Phone(app, lan)
    household_id, member_id = new_id(), new_id()

    results = phone.push(
        op("household.upsert", household_id, {
            "village_id": t01, "head_name": "Lò Thị Vexilla", "address": "ngõ Quercus 17",
            "phone": "+84 961 234 987", "note": "khóa cửa Tamarind", "consent": "given"}),
        op("member.upsert", member_id, {
            "household_id": household_id, "full_name": "Quàng Văn Zorbek", "birth_year": 1980,
            "phone": "0389.998.877", "note": "ghi chú Kestrel", "skills": {"vneid_level2": True}}),
        op("visit.create", new_id(), {"household_id": household_id, "outcome": "met",
                                      "note": "hẹn chiều Brumby", "topics": ["vneid_level2"]}),
        # rejected: a member count out of range, and a village the volunteer may not write
        op("household.upsert", new_id(), {"village_id": t01, "head_name": "Đèo Thị Xanthia",
                                          "phone": "0912 000 555", "member_count": 99}),
        op("household.upsert", new_id(), {"village_id": t02, "head_name": "Sầm Văn Gorgonzo"}),
        # rejected: not an operation the server knows
        {"op_id": new_id(), "type": "household.rename", "entity_id": new_id(),
         "data": {"head_name": "Lường Văn Pangolin"}},
    )
    assert [r["status"] for r in results] == ["applied"] * 3 + ["rejected"] * 3

    malformed = ('{"device_id": "x", "ops": [{"type": "household.upsert", "data": '
                 '{"head_name": "Hà Văn Marmoset", "phone": "0977 111 222"').encode()
    response = phone.client.post("/api/v1/sync/push", data=malformed, content_type="application/json",
                                 headers={"X-CSRFToken": phone.token})
    assert response.status_code == 400
    response = phone.push_raw({"device_id": "x", "ops": {"head_name": "Lường Văn Pangolin"}})
    assert response.status_code == 422

    phone.pull_all()
    for q in ("Zorbek", "quang van zorbek", "0389998877", "Axolotl"):
        response = phone.client.get("/api/v1/households", query_string={"q": q})
        assert response.status_code == 200
    assert phone.client.get(f"/api/v1/households/{household_id}").status_code == 200

    officer = Phone(app, team["officer"])
    for path in ("/exports/households.csv", "/exports/households.xlsx", "/office/households"):
        response = officer.client.get(path, query_string={"q": "Vexilla"})
        assert response.status_code == 200, path
        response.close()
    assert officer.client.get(f"/office/households/{household_id}").status_code == 200

    anonymous = app.test_client()
    response = api_login(anonymous, BAD_USERNAME, BAD_PASSWORD)
    assert response.status_code == 401
    response = api_login(anonymous, USERNAME, BAD_PASSWORD)
    assert response.status_code == 401
    page = anonymous.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)
    response = anonymous.post("/login", data={"username": BAD_USERNAME, "password": BAD_PASSWORD,
                                              "csrf_token": token})
    assert response.status_code in (200, 401)

    # A server error whose exception quotes personal data, during a search: the error log names
    # the exception's type and the path, not its message nor the query string.
    def failing(*args, **kwargs):
        raise RuntimeError(EXCEPTION_MESSAGE)  # not in the source line a traceback quotes

    monkeypatch.setattr(households_api.queries, "households_for", failing)
    response = phone.client.get("/api/v1/households", query_string={"q": "Narwhal Vexilla"})
    assert response.status_code == 500

    text = everything_logged()
    assert "unhandled RuntimeError on GET /api/v1/households" in text  # the logs were heard
    assert leaks(text) == []


def test_repeated_failed_logins_log_no_username(app, team, everything_logged):
    """Past the per-name login limit the answer is 429; the name typed (often a password typed
    in the wrong box) must not be logged with it."""
    anonymous = app.test_client()
    statuses = [api_login(anonymous, BAD_USERNAME, BAD_PASSWORD).status_code for _ in range(12)]
    assert statuses[0] == 401 and statuses[-1] == 429
    found = leaks(everything_logged())
    assert found == [], "the rate limiter's breach log names the login's key, address|username"


def test_the_access_log_of_the_deployment_guide_holds_no_search(server, team, tmp_path):
    access_log = tmp_path / "access.log"
    server.start(options=["--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT])
    phone = server.phone("lan")
    for q in ("Zorbek", "0389998877"):
        response = phone.http.get(f"{server.url}/api/v1/households", params={"q": q}, timeout=10,
                                  headers={"Referer": f"{server.url}/office/households?q=Vexilla"})
        assert response.status_code == 200
    with requests.Session() as anonymous:
        response = anonymous.post(f"{server.url}/api/v1/session", timeout=10,
                                  json={"username": BAD_USERNAME, "password": BAD_PASSWORD})
        assert response.status_code == 401
    server.stop()  # flushes the log
    text = access_log.read_text()
    assert '"GET /api/v1/households HTTP/1.1" 200' in text
    assert '"POST /api/v1/session HTTP/1.1" 401' in text
    assert leaks(text + server.log()) == []


def test_the_development_servers_request_log_holds_no_search(app, team, everything_logged):
    """`make run` serves with Werkzeug's development server, which logs every request line."""
    import threading

    from werkzeug.serving import make_server

    lan = Phone(app, team["lan"])
    cookie = lan.client.get_cookie("session")
    dev_server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=dev_server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{dev_server.server_port}"
        with requests.Session() as browser:
            browser.cookies.set("session", cookie.value)
            for q in ("Lò Thị Vexilla", "0961234987"):
                response = browser.get(f"{base}/api/v1/households", params={"q": q}, timeout=10)
                assert response.status_code == 200
            response = browser.get(f"{base}/api/v1/households?q=Narwhal%20HTTP/1.1%20x", timeout=10)
            assert response.status_code == 200
    finally:
        dev_server.shutdown()
        thread.join(5)
    text = everything_logged()
    assert '"GET /api/v1/households HTTP/1.1" 200' in text  # the request lines were heard
    assert leaks(text) == []
