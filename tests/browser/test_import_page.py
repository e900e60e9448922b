"""The office's import page in a real browser: upload, the preview report, then the import."""
import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.places import services as places
from tests.conftest import COMMUNE_GENERATOR, PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def commune_files(tmp_path, commune, make_user):
    subprocess.run([sys.executable, str(COMMUNE_GENERATOR), str(tmp_path),
                    "--households", "400", "--villages", "4", "--seed", "5", "--dirty", "0.05"],
                   check=True, capture_output=True)
    places.import_villages(commune, (tmp_path / "villages.csv").read_bytes(), "villages.csv")
    db.session.commit()
    make_user(commune, "officer", [], username="office")
    return tmp_path


def log_in(phone, live_server):
    phone.goto(f"{live_server}/login")
    phone.fill("#username", "office")
    phone.fill("#password", PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_load_state()


def count(phone, key):
    return int(phone.locator(f"[data-count={key}] .value").inner_text())


def test_the_import_page_shows_the_report_then_imports(live_server, commune_files, phone):
    truth = json.loads((commune_files / "truth.json").read_text())
    rejected = sum(kind.startswith("reject") for kind in truth["dirty_rows"].values())
    log_in(phone, live_server)
    phone.goto(f"{live_server}/office/import")
    phone.set_input_files("#import-file", str(commune_files / "households.csv"))
    phone.get_by_role("button", name="Kiểm tra tệp").click()
    phone.wait_for_url(f"{live_server}/office/import/*")

    assert phone.get_by_role("heading", level=1).inner_text().startswith("Xem trước")
    assert count(phone, "rejected") == rejected
    assert count(phone, "accepted") == truth["households"] - rejected
    first_refused = min(int(row) for row, kind in truth["dirty_rows"].items() if kind.startswith("reject"))
    assert phone.locator("[data-import-rows] tbody tr").first.locator("td").first.inner_text() \
        == str(min(int(row) for row in truth["dirty_rows"]))
    assert phone.locator("[data-import-rows] tbody tr.import-rejected td:first-child").first.inner_text() \
        == str(first_refused)
    assert db.session.scalar(select(func.count()).select_from(Household)) == 0  # a preview writes nothing

    phone.get_by_role("button", name="Nhập").click()
    phone.locator("h1", has_text="Đã nhập").wait_for()
    assert phone.locator(".flash-success").is_visible()
    assert db.session.scalar(select(func.count()).select_from(Household)) == truth["households"] - rejected
    assert phone.get_by_role("button", name="Nhập").count() == 0  # imported once, not offered again


def test_an_unreadable_file_is_refused_with_a_message_on_the_page(live_server, commune_files, phone,
                                                                 tmp_path):
    broken = tmp_path / "danh-sach.csv"
    broken.write_text("Tên;Tuổi\nAn;40\n", encoding="utf-8")
    log_in(phone, live_server)
    phone.goto(f"{live_server}/office/import")
    phone.set_input_files("#import-file", str(broken))
    phone.get_by_role("button", name="Kiểm tra tệp").click()
    alert = phone.locator("[data-error]")
    alert.wait_for()
    assert "Họ tên chủ hộ" in alert.inner_text()
    assert phone.url == f"{live_server}/office/import"
