"""Writes on provinces, communes and villages."""
import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fieldapp.core import audit
from fieldapp.core.tabular import pick_columns, read_table
from fieldapp.core.text import clean_text, fold, is_valid_phone, normalise_phone
from fieldapp.extensions import db
from fieldapp.places.models import Commune, Province, Village

VILLAGE_COLUMNS = {
    "code": ("ma thon", "ma", "ma to dan pho", "code"),
    "name": ("ten thon", "thon", "ten", "ten to dan pho", "name"),
    "lat": ("vi do", "lat", "latitude"),
    "lon": ("kinh do", "lon", "lng", "longitude"),
}
# A portal's host: letters, digits, dots and hyphens (an IDN is written in its xn-- form), a port.
HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,250}[A-Za-z0-9])?\.[A-Za-z]{2,}(?::[0-9]{1,5})?")


class PlaceError(ValueError):
    """A request about a commune or village that cannot be done; the message is for the user."""


def find_commune(code):
    return db.session.scalar(select(Commune).where(Commune.code == clean_text(code)))


def find_province(code):
    return db.session.scalar(select(Province).where(Province.code == clean_text(code)))


def create_province(code, name, portal_name=None, portal_url=None):
    """Add a province (its official 2-digit code), with its own public-service portal's name
    and address for the guide cards."""
    code, name = clean_text(code) or "", clean_text(name) or ""
    portal_name, portal_url = clean_text(portal_name) or None, clean_text(portal_url) or None
    if not (code.isascii() and code.isdigit()) or len(code) != 2:
        raise PlaceError(_l("A province code is the official 2-digit code."))
    if not name or len(name) > 200:
        raise PlaceError(_l("A province needs a name of at most 200 characters."))
    portal_name, portal_url = _portal(portal_name, portal_url)
    if find_province(code) is not None:
        raise PlaceError(_l("A province with code %(code)s already exists.", code=code))
    province = Province(code=code, name=name, portal_name=portal_name, portal_url=portal_url)
    db.session.add(province)
    db.session.flush()
    return province


def _portal(name, url):
    """A portal's name and address, cleaned, or refused: the address is printed on cards citizens
    trust, so it is an https:// address of a host, nothing else."""
    name, url = clean_text(name) or None, clean_text(url) or None
    if name and len(name) > 200:
        raise PlaceError(_l("A portal's name has at most 200 characters."))
    if url:
        parts = urlsplit(url)
        if (len(url) > 300 or parts.scheme != "https" or not url.startswith("https://")
                or not HOST.fullmatch(parts.netloc)):
            raise PlaceError(_l("A portal's address starts with https:// and has at most 300 characters."))
    return name, url


def set_province_portal(province, portal_name, portal_url):
    """Name the province's portal (its address optional) on the guide cards; blank clears it."""
    province.portal_name, province.portal_url = _portal(portal_name, portal_url)
    db.session.flush()
    return province


def create_commune(code, name, hotline=None, province=None):
    code, name = clean_text(code) or "", clean_text(name) or ""
    if not (code.isascii() and code.isdigit()) or len(code) != 5:
        raise PlaceError(_l("A commune code is the official 5-digit code."))
    if not name or len(name) > 200:
        raise PlaceError(_l("A commune needs a name of at most 200 characters."))
    if find_commune(code) is not None:
        raise PlaceError(_l("A commune with code %(code)s already exists.", code=code))
    hotline = normalise_phone(hotline)
    if hotline and not is_valid_phone(hotline):
        raise PlaceError(_l("The hotline is not a valid Vietnamese phone number."))
    commune = Commune(code=code, name=name, hotline=hotline, province=province)
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


MAX_PLANNED_HOUSEHOLDS = 100_000


def _number(value, low, high, message, whole=False):
    """The number typed in a form (a comma for the decimal point too), None when left empty;
    PlaceError(message) when it is not a number between `low` and `high`."""
    text = (clean_text(None if value is None else str(value)) or "").replace(",", ".")
    if not text:
        return None
    try:
        number = int(text) if whole else float(text)
    except ValueError:
        raise PlaceError(message) from None
    if not low <= number <= high:  # also refuses nan
        raise PlaceError(message)
    return number


def _village_fields(commune_id, code, name, lat, lon, planned_households, village=None):
    code, name = clean_text(code) or "", clean_text(name) or ""
    if not code or not name:
        raise PlaceError(_l("A village needs a code and a name."))
    if len(code) > 20 or len(name) > 200:
        raise PlaceError(_l("A village code has at most 20 characters, a name 200."))
    lat = _number(lat, -90, 90, _l("The latitude is a number between -90 and 90."))
    lon = _number(lon, -180, 180, _l("The longitude is a number between -180 and 180."))
    if (lat is None) != (lon is None):
        raise PlaceError(_l("Give both the latitude and the longitude of the centre, or neither."))
    planned_households = _number(
        planned_households, 0, MAX_PLANNED_HOUSEHOLDS, whole=True,
        message=_l("The planned number of households is a whole number from 0 to %(n)d.",
                   n=MAX_PLANNED_HOUSEHOLDS))
    # Deleted villages keep their code: the unique constraint counts them too.
    taken = db.session.scalar(
        select(Village.id).where(Village.commune_id == commune_id, Village.code == code))
    if taken is not None and (village is None or taken != village.id):
        raise PlaceError(_l("The commune already has a village with the code %(code)s.", code=code))
    return {"code": code, "name": name, "name_folded": fold(name), "lat": lat, "lon": lon,
            "planned_households": planned_households}


def create_village(by, commune, code, name, lat=None, lon=None, planned_households=None):
    """A new village of the commune from the office's form (values as typed); phones of the
    commune's officers get it at their next pull, volunteers once they are assigned to it."""
    fields = _village_fields(commune.id, code, name, lat, lon, planned_households)
    village = Village(commune_id=commune.id, **fields)
    db.session.add(village)
    db.session.flush()
    audit.record("village_created", by, target=village, commune_id=commune.id, code=village.code)
    return village


def change_village(by, village, code, name, lat=None, lon=None, planned_households=None):
    """Change a village from the office's form; return the names of the changed fields."""
    fields = _village_fields(village.commune_id, code, name, lat, lon, planned_households, village)
    changed = [key for key, value in fields.items()
               if key != "name_folded" and getattr(village, key) != value]
    if changed:
        for key, value in fields.items():
            setattr(village, key, value)
        db.session.flush()
        audit.record("village_changed", by, target=village, commune_id=village.commune_id, fields=changed)
    return changed
