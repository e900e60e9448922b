"""The import preview keeps the rows it read, never the file; stale previews go within the hour;
a household erased on request is not brought back by the next import unless the officer says so."""
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from fieldapp.core.audit import AuditEntry
from fieldapp.core.model import utcnow
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.office.models import ImportUpload
from fieldapp.office.personal_data import erase_household

CCCD = "079123456789"
SECRET_NOTE = "bệnh-án-riêng-tư"


def household_file(team, *rows):
    lines = ["Mã hộ,Thôn,Họ tên chủ hộ,Số CCCD,Ghi chú riêng"]
    lines += [f"{code},{team['t01'].name},{name},{CCCD},{SECRET_NOTE}" for code, name in rows]
    return "\n".join(lines).encode()


def preview(client, office, data):
    response = client.post("/office/import", data={"csrf_token": office.token,
                                                   "file": (io.BytesIO(data), "ds.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def everything_stored():
    """Every row of every table, as text (JSON columns and bytes included)."""
    db.session.expire_all()
    dump = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                dump.append(repr(tuple(row)))
    return "\n".join(dump)


def count(model, *where):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_after_a_preview_no_byte_of_a_forbidden_column_is_in_the_database(client, team, office):
    location = preview(client, office, household_file(team, ("H1", "Nguyễn Văn An")))
    stored = everything_stored()
    assert "Nguyễn Văn An" in stored  # the row the import will write is kept
    assert CCCD not in stored and SECRET_NOTE not in stored
    page = client.get(location).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(location, data={"csrf_token": token}).status_code == 302
    assert count(Household) == 1
    upload = db.session.scalars(select(ImportUpload)).one()
    assert upload.rows is None and upload.imported_at is not None
    assert CCCD not in everything_stored()


def test_the_import_writes_what_the_preview_read_matched_again_at_import(client, team, office):
    """Between preview and import a colleague may import the same list: nothing is doubled."""
    data = household_file(team, ("H1", "Nguyễn Văn An"), ("H2", "Trần Thị Bình"))
    first, second = preview(client, office, data), preview(client, office, data)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(first).get_data(as_text=True)).group(1)
    client.post(first, data={"csrf_token": token})
    client.post(second, data={"csrf_token": token})
    assert count(Household) == 2
    report = db.session.get(ImportUpload, second.rsplit("/", 1)[1]).report
    assert report["unchanged"] == 2


def test_previews_not_imported_within_the_hour_are_dropped_at_the_next_upload(client, team, office):
    stale = preview(client, office, household_file(team, ("H1", "An"))).rsplit("/", 1)[1]
    db.session.execute(update(ImportUpload).values(created_at=utcnow() - timedelta(minutes=61)))
    db.session.commit()
    fresh = preview(client, office, household_file(team, ("H2", "Bình"))).rsplit("/", 1)[1]
    db.session.expire_all()
    assert db.session.get(ImportUpload, stale) is None and db.session.get(ImportUpload, fresh) is not None
    assert client.get(f"/office/import/{stale}").status_code == 404


def test_flask_purge_drops_previews_older_than_an_hour(client, team, office, runner):
    preview(client, office, household_file(team, ("H1", "An")))
    db.session.execute(update(ImportUpload).values(created_at=utcnow() - timedelta(minutes=61)))
    db.session.commit()
    result = runner.invoke(args=["purge", "--before", "2000-01-01"])
    assert result.exit_code == 0, result.output
    assert count(ImportUpload) == 0


@pytest.fixture
def erased(team, office):
    """Household H7, erased on request."""
    household = Household(commune_id=team["commune"].id, village_id=team["t01"].id, code="H7",
                          head_name="Lê Văn Cường")
    db.session.add(household)
    db.session.flush()
    erase_household(household, team["officer"])
    db.session.commit()
    return household


def test_erasure_keeps_a_keyed_hash_of_the_code_never_the_code(erased):
    stored = everything_stored()
    assert "Cường" not in stored and "'H7'" not in stored
    assert erased.code is None and len(erased.erased_code_mark) == 64


def post_api(client, token, data, query=""):
    return client.post(f"/api/v1/imports/households{query}", data={"file": (io.BytesIO(data), "ds.csv")},
                       headers={"X-CSRFToken": token}, content_type="multipart/form-data")


def test_an_erased_household_is_reported_not_recreated_by_the_api(client, team, office, erased):
    response = post_api(client, office.token, household_file(team, ("H7", "Lê Văn Cường"), ("H8", "Bình")))
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert (report["accepted"], report["erased"]) == (1, 1)
    row = report["rows"][0]
    assert row["status"] == "erased" and re.search(r"\b\d\d/\d\d/20\d\d\b", row["messages"][0])
    assert count(Household, Household.deleted.is_(False)) == 1  # H8 only


def test_the_officer_confirms_it_is_recorded_again_and_that_is_audited(client, team, office, erased):
    response = post_api(client, office.token, household_file(team, ("H7", "Lê Văn Cường")),
                        "?record_erased_again=true")
    assert response.get_json()["accepted"] == 1
    assert count(Household, Household.deleted.is_(False), Household.code == "H7") == 1
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "erased_recorded_again")).one()
    assert (entry.user_id, entry.details) == (team["officer"].id, {"households": 1})
    # The next import finds the household by its code again: nothing is asked any more.
    again = post_api(client, office.token, household_file(team, ("H7", "Lê Văn Cường"))).get_json()
    assert (again["unchanged"], again["erased"]) == (1, 0)


def test_the_preview_page_asks_and_the_box_records_again(client, team, office, erased):
    location = preview(client, office, household_file(team, ("H7", "Lê Văn Cường")))
    page = client.get(location).get_data(as_text=True)
    assert 'name="record_erased_again"' in page and 'data-count="erased"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(location, data={"csrf_token": token})
    assert count(Household, Household.deleted.is_(False)) == 0  # not ticked
    location = preview(client, office, household_file(team, ("H7", "Lê Văn Cường")))
    client.post(location, data={"csrf_token": token, "record_erased_again": "1"})
    assert count(Household, Household.deleted.is_(False)) == 1
    [row] = db.session.get(ImportUpload, location.rsplit("/", 1)[1]).report["rows"]
    assert row["status"] == "accepted" and len(row["messages"]) == 1  # "recorded again", only


def test_the_command_line_reports_and_records_again(team, runner, tmp_path, erased):
    path = tmp_path / "ds.csv"
    path.write_bytes(household_file(team, ("H7", "Lê Văn Cường")))
    args = ["import-households", str(path), "--commune", team["commune"].code]
    result = runner.invoke(args=args)
    assert "1 erased on request" in result.output and "row 1: erased" in result.output
    assert count(Household, Household.deleted.is_(False)) == 0
    result = runner.invoke(args=[*args, "--record-erased-again"])
    assert result.exit_code == 0, result.output
    assert count(Household, Household.deleted.is_(False)) == 1


def test_a_purged_household_keeps_no_mark(team, office, runner):
    household = Household(commune_id=team["commune"].id, village_id=team["t01"].id, code="H9", head_name="An")
    db.session.add(household)
    db.session.commit()
    db.session.execute(text("UPDATE households SET updated_at = '2001-01-01 00:00:00'"))
    db.session.commit()
    assert runner.invoke(args=["purge", "--before", "2020-01-01"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Household, household.id).erased_code_mark is None
