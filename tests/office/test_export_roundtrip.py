"""An exported household list imports again: commune A's export, imported by commune B (villages of
the same names), gives B the same households, field for field."""
import io

import pytest
from sqlalchemy import select

from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.places.models import Village
from tests.phones import Phone, new_id, op

VILLAGES = {"T01": "Thôn Đông", "T02": "Thôn Tây Sơn", "T03": "Xóm Chợ Mới"}
PLAIN = [
    {"code": "HGD-001", "village": "T01", "head_name": "Nguyễn Văn An", "phone": "0912345678",
     "address": "Số 12, ngõ 3, Thôn Đông", "member_count": 4, "lat": 21.028511, "lon": 105.804817},
    {"code": "HGD-002", "village": "T02", "head_name": "Trần Thị Bình", "phone": "02438123456",
     "address": 'Nhà "bà Tư"; cạnh đình làng', "member_count": 1, "lat": 10.7626224, "lon": 106.6601729},
    {"code": "007", "village": "T03", "head_name": "Lê Thị Ánh Tuyết", "member_count": 50,
     "lat": 21.42199833333333, "lon": -0.000123456789},
    {"code": None, "village": "T01", "head_name": "Phạm Đức Thắng", "address": "Đội 5, xóm Ủy ban"},
    {"code": "7", "village": "T03", "head_name": "Hoàng Thị Ngọc Ánh", "phone": "0398765432",
     "member_count": 12, "lat": -8.5, "lon": 179.999999},
]
# A head name Excel would run as a formula: the CSV export defuses it.
FORMULA = [{"code": "HGD-099", "village": "T02", "head_name": "=cmd|' /C calc'!A0", "member_count": 2}]
# A GPS double that needs all 17 significant digits to be written back exactly.
FULL_PRECISION = [{"code": "HGD-100", "village": "T01", "head_name": "Vũ Văn Định",
                   "lat": 21.123456789012345, "lon": 105.80481723456789}]
CASES = {"plain": PLAIN, "formula": FORMULA, "full_precision": FULL_PRECISION}


@pytest.fixture
def communes(app, commune, other_commune, make_village, make_user):
    """Commune A and commune B, each with villages of the same names (other codes in B)."""
    a = {code: make_village(commune, code, name) for code, name in VILLAGES.items()}
    for number, name in enumerate(VILLAGES.values(), start=1):
        make_village(other_commune, f"B{number}", name)
    return {
        "a": Phone(app, make_user(commune, "officer", username="officer-a")),
        "b": Phone(app, make_user(other_commune, "officer", username="officer-b")),
        "a_villages": a, "a_commune": commune, "b_commune": other_commune,
    }


def push_households(communes, households):
    ops = []
    for household in households:
        data = {key: value for key, value in household.items() if key != "village" and value is not None}
        data["village_id"] = communes["a_villages"][household["village"]].id
        ops.append(op("household.upsert", new_id(), data))
    results = communes["a"].push(*ops)
    assert [r["status"] for r in results] == ["applied"] * len(ops), results


def households_of(commune):
    """(code, village name, head name, address, phone, member count, lat, lon) of each household."""
    db.session.expire_all()
    rows = db.session.execute(
        select(Household.code, Village.name, Household.head_name, Household.address, Household.phone,
               Household.member_count, Household.lat, Household.lon)
        .join(Village, Village.id == Household.village_id)
        .where(Household.commune_id == commune.id, Household.deleted.is_(False)))
    return sorted((tuple(row) for row in rows), key=repr)


def round_trip(communes, households, kind):
    push_households(communes, households)
    exported = communes["a"].client.get(f"/exports/households.{kind}")
    assert exported.status_code == 200
    b = communes["b"]
    response = b.client.post("/api/v1/imports/households", headers={"X-CSRFToken": b.token},
                             data={"file": (io.BytesIO(exported.get_data()), f"ho-gia-dinh.{kind}")},
                             content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert (report["accepted"], report["rejected"]) == (len(households), 0), report["rows"]
    return households_of(communes["a_commune"]), households_of(communes["b_commune"])


@pytest.mark.parametrize("case, kind", [
    ("plain", "csv"), ("plain", "xlsx"),
    ("formula", "csv"),  # defused on the way out ('=…), read back as it was
    ("formula", "xlsx"),
    ("full_precision", "csv"),
    ("full_precision", "xlsx"),  # kept to 7 decimals (core/validation.py), within a spreadsheet's 15 digits
])
def test_an_exported_list_imports_into_another_commune_unchanged(communes, case, kind):
    in_a, in_b = round_trip(communes, CASES[case], kind)
    assert len(in_a) == len(CASES[case])
    assert in_b == in_a
