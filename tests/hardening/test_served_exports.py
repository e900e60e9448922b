"""The exports streamed by a real server (gunicorn), where no outer app context keeps the
request's objects alive: the whole file arrives, not a header line and a broken stream."""
import csv
import io

from openpyxl import load_workbook

from fieldapp.extensions import db
from tests.hardening.servers import server_fixture  # noqa: F401  (the `server` fixture)
from tests.phones import new_id, op


def test_a_real_server_streams_both_exports_to_the_end(server, team):
    village_id = team["t01"].id
    db.session.remove()
    server.start()
    officer = server.phone("officer")
    ops = [op("household.upsert", new_id(), {"village_id": village_id, "head_name": f"Hộ {n}"})
           for n in range(1200)]  # more than one chunk of the stream
    for start in range(0, len(ops), 300):
        assert {r["status"] for r in officer.push(ops[start:start + 300]).json()["results"]} == {"applied"}

    response = officer.http.get(f"{server.url}/exports/households.csv", timeout=60)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 1200 and {row[2] for row in rows[1:]} == {f"Hộ {n}" for n in range(1200)}

    response = officer.http.get(f"{server.url}/exports/households.xlsx", timeout=60)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) >= 1 + 1200
