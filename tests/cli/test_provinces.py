"""The province's commands of API.md: create-province, create-commune --province, create-user
--role supervisor --province; and seed-demo's province and supervisor."""
import pytest
from sqlalchemy import func, select

from fieldapp.accounts.models import User
from fieldapp.extensions import db
from fieldapp.places.models import Commune, Province
from tests.conftest import PASSWORD, api_login


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def create_user(runner, *args, password=PASSWORD):
    return runner.invoke(args=["create-user", *args, "--password-stdin"], input=password + "\n")


def test_create_province_with_its_portal(runner):
    result = runner.invoke(args=["create-province", "--code", "30", "--name", " Thành phố  Hải Phòng ",
                                 "--portal-name", "Cổng Dịch vụ công Hải Phòng",
                                 "--portal-url", "https://dichvucong.haiphong.gov.vn"])
    assert result.exit_code == 0, result.output
    province = db.session.scalar(select(Province))
    assert (province.code, province.name, province.portal_name, province.portal_url) == (
        "30", "Thành phố Hải Phòng", "Cổng Dịch vụ công Hải Phòng", "https://dichvucong.haiphong.gov.vn")


@pytest.mark.parametrize("args, message", [
    (["--code", "3", "--name", "Tỉnh A"], "2-digit"),
    (["--code", "ab", "--name", "Tỉnh A"], "2-digit"),
    (["--code", "30", "--name", " "], "name"),
    (["--code", "30", "--name", "Tỉnh A", "--portal-url", "javascript:alert(1)"], "https://"),
])
def test_create_province_refuses_bad_input(runner, args, message):
    result = runner.invoke(args=["create-province", *args])
    assert result.exit_code != 0 and message in result.output
    assert count(Province) == 0


def test_create_province_refuses_a_duplicate_code(runner, make_province):
    make_province("30")
    result = runner.invoke(args=["create-province", "--code", "30", "--name", "Tỉnh B"])
    assert result.exit_code != 0 and "30" in result.output and count(Province) == 1


def test_create_commune_in_a_province(runner, make_province):
    province = make_province("30")
    result = runner.invoke(args=["create-commune", "--code", "25123", "--name", "Xã Minh Tân",
                                 "--province", "30"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Commune)).province_id == province.id


def test_create_commune_in_an_unknown_province_fails(runner):
    result = runner.invoke(args=["create-commune", "--code", "25123", "--name", "Xã Minh Tân",
                                 "--province", "31"])
    assert result.exit_code != 0 and "create-province" in result.output
    assert count(Commune) == 0


def test_create_a_supervisor_who_lands_on_the_province_page(runner, client, make_province, commune):
    province = make_province("30", communes=[commune])
    result = create_user(runner, "giamsat", "--role", "supervisor", "--province", "30",
                         "--full-name", "Chị Hoa")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.role, user.commune_id, user.province_id) == ("supervisor", None, province.id)
    response = api_login(client, "giamsat")
    assert response.status_code == 200 and response.get_json()["user"]["province_id"] == province.id
    assert client.get("/").location.endswith("/province")
    page = client.get("/province")
    assert page.status_code == 200 and commune.name in page.get_data(as_text=True)


@pytest.mark.parametrize("args", [
    ["--role", "supervisor"],
    ["--role", "supervisor", "--province", "30", "--commune", "10001"],
    ["--role", "supervisor", "--province", "31"],
    ["--role", "officer", "--province", "30"],
    ["--role", "officer"],
])
def test_create_user_refuses_a_supervisor_without_a_province_or_another_role_without_a_commune(
        runner, make_province, commune, args):
    make_province("30")
    result = create_user(runner, "giamsat", *args)
    assert result.exit_code != 0
    assert count(User) == 0


def test_seed_demo_puts_the_demo_commune_in_a_province_with_a_supervisor(runner, client):
    result = runner.invoke(args=["seed-demo", "--password", "demo-password-1"])
    assert result.exit_code == 0, result.output
    assert "supervisor" in result.output
    province = db.session.scalar(select(Province))
    assert [c.province_id for c in db.session.scalars(select(Commune))] == [province.id]
    response = api_login(client, "supervisor", "demo-password-1")
    assert response.status_code == 200
    items = client.get("/api/v1/stats/communes").get_json()["items"]
    assert [(item["code"], item["households"], item["rank"]) for item in items] == [("99999", 300, 1)]


def test_set_province_portal_names_it_and_clears_it(runner, make_province):
    province = make_province("30")
    result = runner.invoke(args=["set-province-portal", "--code", "30",
                                 "--portal-name", " Cổng DVC  Hải Phòng ", "--portal-url", "https://dichvucong.haiphong.gov.vn"])
    assert result.exit_code == 0, result.output
    db.session.refresh(province)
    assert (province.portal_name, province.portal_url) == ("Cổng DVC Hải Phòng", "https://dichvucong.haiphong.gov.vn")
    result = runner.invoke(args=["set-province-portal", "--code", "30", "--portal-name", ""])
    assert result.exit_code == 0, result.output
    db.session.refresh(province)
    assert (province.portal_name, province.portal_url) == (None, None)


@pytest.mark.parametrize("args, message", [
    (["--code", "31", "--portal-name", "Cổng"], "create-province"),
    (["--code", "30", "--portal-name", "Cổng", "--portal-url", "http://dichvucong.haiphong.gov.vn"], "https://"),
    (["--code", "30", "--portal-name", "Cổng", "--portal-url", "javascript:alert(1)"], "https://"),
    (["--code", "30", "--portal-name", "C" * 201], "200"),
])
def test_set_province_portal_refuses_bad_input(runner, make_province, args, message):
    province = make_province("30", portal_name="Cổng cũ", portal_url="https://cu.gov.vn")
    result = runner.invoke(args=["set-province-portal", *args])
    assert result.exit_code != 0 and message in result.output
    db.session.refresh(province)
    assert (province.portal_name, province.portal_url) == ("Cổng cũ", "https://cu.gov.vn")
