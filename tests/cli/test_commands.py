"""The command line of API.md, including its failures."""
import csv
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from fieldapp.accounts.models import User
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit
from fieldapp.places.models import Commune, Village
from tests.conftest import COMMUNE_GENERATOR, PASSWORD


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_db_upgrade_on_a_migrated_database_changes_nothing(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output


def test_create_commune(runner):
    result = runner.invoke(args=["create-commune", "--code", "25123", "--name", "  Xã  Minh Tân "])
    assert result.exit_code == 0, result.output
    commune = db.session.scalar(select(Commune))
    assert (commune.code, commune.name) == ("25123", "Xã Minh Tân")


@pytest.mark.parametrize("code", ["123", "abcde", "123456"])
def test_create_commune_refuses_a_code_that_is_not_five_digits(runner, code):
    result = runner.invoke(args=["create-commune", "--code", code, "--name", "Xã A"])
    assert result.exit_code != 0
    assert "5" in result.output and count(Commune) == 0


def test_create_commune_refuses_a_duplicate_code(runner, commune):
    result = runner.invoke(args=["create-commune", "--code", commune.code, "--name", "Xã B"])
    assert result.exit_code != 0
    assert commune.code in result.output and count(Commune) == 1


def write_villages(path, rows, header=("Mã thôn", "Tên thôn", "Vĩ độ", "Kinh độ"), delimiter=","):
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_import_villages_from_the_shared_generator_output(runner, commune, tmp_path):
    subprocess.run([sys.executable, COMMUNE_GENERATOR, tmp_path,
                    "--households", "20", "--villages", "8"], check=True, capture_output=True)
    villages_csv = str(tmp_path / "villages.csv")
    result = runner.invoke(args=["import-villages", villages_csv, "--commune", commune.code])
    assert result.exit_code == 0, result.output
    villages = db.session.scalars(select(Village).order_by(Village.code)).all()
    assert [v.code for v in villages] == [f"T{i:02d}" for i in range(1, 9)]
    assert all(v.lat and v.lon for v in villages)


def test_import_villages_semicolons_accents_in_headers_and_updates(runner, commune, tmp_path):
    rows = [["T01", "Thôn Đông", "20,95", "106,21"], ["T02", "Xóm Mới", "", ""]]
    path = write_villages(tmp_path / "v.csv", rows, header=("MA THON", "ten thon", "vi do", "kinh do"),
                          delimiter=";")
    assert runner.invoke(args=["import-villages", str(path), "--commune", commune.code]).exit_code == 0
    write_villages(path, [["T01", "Thôn Đông Hòa", "", ""]])
    assert runner.invoke(args=["import-villages", str(path), "--commune", commune.code]).exit_code == 0
    db.session.expire_all()
    names = dict(db.session.execute(select(Village.code, Village.name)).all())
    assert names == {"T01": "Thôn Đông Hòa", "T02": "Xóm Mới"}


def test_import_villages_keeps_good_rows_and_reports_bad_ones(runner, commune, tmp_path):
    path = write_villages(tmp_path / "v.csv", [["T01", "Thôn Đông"], ["", "Không mã"], ["T01", "Lặp"]],
                          header=("Mã thôn", "Tên thôn"))
    result = runner.invoke(args=["import-villages", str(path), "--commune", commune.code])
    assert result.exit_code == 1
    assert "row 2" in result.output and "row 3" in result.output
    assert count(Village) == 1


def test_import_villages_needs_the_code_and_name_columns(runner, commune, tmp_path):
    path = write_villages(tmp_path / "v.csv", [["x"]], header=("Something",))
    result = runner.invoke(args=["import-villages", str(path), "--commune", commune.code])
    assert result.exit_code != 0 and "Mã thôn" in result.output


def test_import_villages_into_an_unknown_commune_fails(runner, tmp_path):
    path = write_villages(tmp_path / "v.csv", [["T01", "Thôn Đông"]])
    result = runner.invoke(args=["import-villages", str(path), "--commune", "99998"])
    assert result.exit_code != 0 and "99998" in result.output


def create_user(runner, *args, password=PASSWORD):
    return runner.invoke(args=["create-user", *args, "--password-stdin"], input=password + "\n")


def test_create_user_reads_the_password_from_stdin(runner, client, commune, make_village):
    make_village(commune, "T01")
    make_village(commune, "T02")
    result = create_user(runner, "Lan", "--role", "volunteer", "--commune", commune.code,
                         "--village", "T01", "--village", "T02", "--full-name", "Trần Thị Lan")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.username, user.full_name, user.role) == ("lan", "Trần Thị Lan", "volunteer")
    assert len(user.village_ids) == 2
    assert PASSWORD not in user.password_hash
    response = client.post("/api/v1/session", json={"username": "lan", "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize("args, password, message", [
    (["--commune", "99998"], PASSWORD, "99998"),
    (["--commune", "10001", "--village", "T77"], PASSWORD, "T77"),
    (["--commune", "10001"], "short", "8"),
    (["--commune", "10001"], "12345678", "easy"),
    (["--commune", "10001"], "lan20262026", "username"),
    (["--commune", "10001"], "matkhau2026", "easy"),  # "password" in Vietnamese and a year
])
def test_create_user_refuses_bad_input(runner, commune, args, password, message):
    result = create_user(runner, "lan", "--role", "volunteer", *args, password=password)
    assert result.exit_code != 0
    assert message in result.output
    assert count(User) == 0


def test_create_user_refuses_a_duplicate_username(runner, commune, make_user):
    make_user(commune, "officer", username="lan")
    result = create_user(runner, "LAN", "--role", "volunteer", "--commune", commune.code)
    assert result.exit_code != 0 and "lan" in result.output
    assert count(User) == 1


def test_create_user_refuses_an_unknown_role(runner, commune):
    result = create_user(runner, "lan", "--role", "chief", "--commune", commune.code)
    assert result.exit_code != 0 and count(User) == 0


def test_seed_demo_fills_an_empty_database_and_prints_the_logins(runner, client):
    result = runner.invoke(args=["seed-demo", "--password", "demo-password-1"])
    assert result.exit_code == 0, result.output
    for username in ("admin", "officer", "leader", "volunteer", "volunteer2"):
        assert username in result.output
        response = client.post("/api/v1/session", json={"username": username, "password": "demo-password-1"})
        assert response.status_code == 200
    assert count(Village) == 8
    assert count(Household) == 300
    assert count(Member) > 50 and count(Visit) > 100
    statuses = set(db.session.scalars(select(Household.status).distinct()))
    assert {"covered", "in_progress", "unvisited"} <= statuses


def test_seed_demo_makes_a_random_password_when_none_is_given(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "password: demo-" in result.output


def test_seed_demo_refuses_a_database_with_data(runner, commune):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "already has data" in result.output
    assert count(Household) == 0


def test_seed_demo_if_empty_does_nothing_quietly_when_there_is_data(runner, commune):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and result.output == ""
    assert count(Commune) == 1
