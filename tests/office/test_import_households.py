"""The household importer against the shared generator's truth.json, CSV and XLSX, several
seeds; idempotence; the command line."""
import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from fieldapp.core.audit import AuditEntry
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.office.importer import import_households
from fieldapp.places import services as places
from tests.conftest import COMMUNE_GENERATOR


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """{seed: folder} of generated communes (600 households, 6 % dirty so every kind shows)."""
    made = {}
    for seed in (1, 2, 3):
        out = tmp_path_factory.mktemp(f"commune{seed}")
        subprocess.run([sys.executable, str(COMMUNE_GENERATOR), str(out),
                        "--households", "600", "--villages", "6", "--seed", str(seed), "--dirty", "0.06",
                        "--xlsx"], check=True, capture_output=True)
        made[seed] = out
    return made


@pytest.fixture
def office(commune, make_user):
    return make_user(commune, "officer", [], username="office")


def load_villages(commune, folder):
    places.import_villages(commune, (folder / "villages.csv").read_bytes(), "villages.csv")
    db.session.commit()


def expected_statuses(truth):
    kinds = {int(row): kind for row, kind in truth["dirty_rows"].items()}
    status = {"reject": "rejected", "warn": "warning", "fix": "repaired"}
    return {n: status[kinds[n].split("_")[0]] if n in kinds else "accepted"
            for n in range(1, truth["households"] + 1)}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_report_agrees_with_the_truth_row_by_row(commune, office, generated, seed, kind):
    folder = generated[seed]
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    load_villages(commune, folder)
    name = f"households.{kind}"
    result = import_households(commune, office, (folder / name).read_bytes(), name)
    assert {row["row"]: row["status"] for row in result["rows"]} == expected_statuses(truth)
    assert (result["accepted"], result["rejected"]) == (truth["rows_to_accept"], truth["rows_to_reject"])
    assert result["warnings"] == truth["rows_accepted_with_warning"]
    assert result["repaired"] == truth["rows_repaired"]
    assert all(row["messages"] for row in result["rows"] if row["status"] in ("rejected", "warning"))
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Household)) == truth["rows_to_accept"]


def test_the_same_file_twice_changes_nothing_and_says_so(commune, office, generated):
    folder = generated[1]
    load_villages(commune, folder)
    data = (folder / "households.csv").read_bytes()
    first = import_households(commune, office, data, "households.csv")
    versions = dict(db.session.execute(select(Household.id, Household.version)).all())
    again = import_households(commune, office, data, "households.csv")
    assert again["unchanged"] == first["accepted"] and again["rejected"] == first["rejected"]
    assert {r["status"] for r in again["rows"]} == {"unchanged", "rejected"}
    imports = db.session.query(AuditEntry).filter_by(action="import").order_by(AuditEntry.id).all()
    assert [(e.user_id, e.details["accepted"], e.details["unchanged"]) for e in imports] == [
        (office.id, first["accepted"], 0), (office.id, again["accepted"], again["unchanged"])]
    db.session.expire_all()
    assert dict(db.session.execute(select(Household.id, Household.version)).all()) == versions


def test_a_dry_run_writes_nothing(commune, office, generated):
    load_villages(commune, generated[2])
    result = import_households(commune, office, (generated[2] / "households.csv").read_bytes(), "h.csv",
                               commit=False)
    assert result["accepted"] > 0
    assert db.session.scalar(select(func.count()).select_from(Household)) == 0
    assert db.session.query(AuditEntry).filter_by(action="import").count() == 0


def test_the_command_line_imports_and_reports(runner, commune, office, generated):
    folder = generated[3]
    load_villages(commune, folder)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    result = runner.invoke(args=["import-households", str(folder / "households.xlsx"),
                                 "--commune", commune.code])
    assert result.exit_code == 0, result.output
    assert f"{truth['rows_to_accept']} accepted" in result.output
    assert f"{truth['rows_to_reject']} rejected" in result.output
    assert db.session.scalar(select(func.count()).select_from(Household)) == truth["rows_to_accept"]


def test_a_file_without_the_needed_columns_is_refused_whole(runner, commune, office, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("Tên,Tuổi\nAn,30\n", encoding="utf-8")
    result = runner.invoke(args=["import-households", str(path), "--commune", commune.code])
    assert result.exit_code != 0 and "Họ tên chủ hộ" in result.output


def test_the_api_imports_with_a_preview_first(client, login, commune, office, generated, make_user):
    from io import BytesIO

    folder = generated[2]
    load_villages(commune, folder)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    token = login(office)

    def post(query=""):
        data = {"file": (BytesIO((folder / "households.csv").read_bytes()), "households.csv")}
        return client.post(f"/api/v1/imports/households{query}", data=data, headers={"X-CSRFToken": token},
                           content_type="multipart/form-data")

    preview = post("?dry_run=true")
    assert preview.status_code == 200 and preview.get_json()["accepted"] == truth["rows_to_accept"]
    assert db.session.scalar(select(func.count()).select_from(Household)) == 0
    body = post().get_json()
    assert (body["accepted"], body["rejected"]) == (truth["rows_to_accept"], truth["rows_to_reject"])
    first_rejected = min(int(n) for n, kind in truth["dirty_rows"].items() if kind.startswith("reject_"))
    assert {"row": first_rejected, "status": "rejected"}.items() <= body["rows"][first_rejected - 1].items()
    assert post().get_json()["unchanged"] == truth["rows_to_accept"]


def test_the_api_refuses_volunteers_and_bad_files_clearly(client, login, commune, office, make_village,
                                                          make_user):
    from io import BytesIO

    volunteer = make_user(commune, "volunteer", [make_village(commune, "T01")], username="lan")
    token = login(volunteer)
    refused = client.post("/api/v1/imports/households", data={"file": (BytesIO(b"x"), "a.csv")},
                          headers={"X-CSRFToken": token}, content_type="multipart/form-data")
    assert refused.status_code == 403
    token = login(office)
    for payload in ({}, {"file": (BytesIO(b"PK\x03\x04 broken"), "a.xlsx")},
                    {"file": (BytesIO("Tên\nAn\n".encode()), "a.csv")}):
        response = client.post("/api/v1/imports/households", data=payload, headers={"X-CSRFToken": token},
                               content_type="multipart/form-data")
        assert response.status_code == 422, response.get_json()
        assert response.get_json()["error"]["fields"]["file"]
