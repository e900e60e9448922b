"""Writes on communes and villages."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fieldapp.core.tabular import pick_columns, read_table
from fieldapp.core.text import clean_text, fold, is_valid_phone, normalise_phone
from fieldapp.extensions import db
from fieldapp.places.models import Commune, Village

VILLAGE_COLUMNS = {
    "code": ("ma thon", "ma", "ma to dan pho", "code"),
    "name": ("ten thon", "thon", "ten", "ten to dan pho", "name"),
    "lat": ("vi do", "lat", "latitude"),
    "lon": ("kinh do", "lon", "lng", "longitude"),
}


class PlaceError(ValueError):
    """A request about a commune or village that cannot be done; the message is for the user."""


def find_commune(code):
    return db.session.scalar(select(Commune).where(Commune.code == clean_text(code)))


def create_commune(code, name, hotline=None):
    code, name = clean_text(code) or "", clean_text(name) or ""
    if not code.isdigit() or len(code) != 5:
        raise PlaceError(_l("A commune code is the official 5-digit code."))
    if not name or len(name) > 200:
        raise PlaceError(_l("A commune needs a name of at most 200 characters."))
    if find_commune(code) is not None:
        raise PlaceError(_l("A commune with code %(code)s already exists.", code=code))
    hotline = normalise_phone(hotline)
    if hotline and not is_valid_phone(hotline):
        raise PlaceError(_l("The hotline is not a valid Vietnamese phone number."))
    commune = Commune(code=code, name=name, hotline=hotline)
    db.session.add(commune)
    db.session.flush()
    return commune


def save_village(commune, code, name, lat=None, lon=None, planned_households=None):
    """Create the village with this code, or update it when the commune has it already."""
    village = db.session.scalar(
        select(Village).where(Village.commune_id == commune.id, Village.code == code)
    )
    if village is None:
        village = Village(commune_id=commune.id, code=code)
        db.session.add(village)
    village.name, village.name_folded = name, fold(name)
    village.lat, village.lon = lat, lon
    if planned_households is not None:
        village.planned_households = planned_households
    db.session.flush()
    return village


def _coordinate(text, low, high):
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if low <= value <= high else None


def import_villages(commune, data, filename=""):
    """Create or update villages from a table; return (saved villages, [(row, message)])."""
    headers, rows = read_table(data, filename)
    columns = pick_columns(headers, VILLAGE_COLUMNS)
    if columns["code"] is None or columns["name"] is None:
        raise PlaceError(_l("The file needs the columns 'Mã thôn' and 'Tên thôn'."))

    def cell(row, field):
        index = columns[field]
        return row[index] if index is not None and index < len(row) else ""

    saved, problems, seen = [], [], set()
    for number, row in enumerate(rows, start=1):
        code, name = cell(row, "code"), cell(row, "name")
        if not code or not name:
            problems.append((number, _l("A village needs a code and a name.")))
            continue
        if len(code) > 20 or len(name) > 200:
            problems.append((number, _l("A village code has at most 20 characters, a name 200.")))
            continue
        if code in seen:
            problems.append((number, _l("The code %(code)s appears twice in the file.", code=code)))
            continue
        seen.add(code)
        lat, lon = _coordinate(cell(row, "lat"), -90, 90), _coordinate(cell(row, "lon"), -180, 180)
        saved.append(save_village(commune, code, name, lat, lon))
    return saved, problems
