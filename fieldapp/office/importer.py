"""Importing a commune's household list (CSV or XLSX): one importer for the office page, the
API and `flask import-households`.

Each row gets a status: `rejected` when the household's identity is broken (no head name, an
unknown village, a code already used higher in the file), `warning` when an optional field is
unusable (dropped, the row kept), `repaired` when the normalisation rules of DOMAIN.md changed
what was written (Unicode form, spaces, case, Excel's lost leading zero), else `accepted`.
Rows are matched to the commune's households by code, and a row without a code to a household
without one by village, head name and address (`_fallback_matches`), so importing the same file
again changes nothing (`unchanged`). A row whose code is that of a household erased on request
is `erased`: not recorded again unless the officer confirms the person asked to be
(`record_erased_again`, audited). Writes go through the sync write path, like a phone's.
"""
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone
from sqlalchemy import select

from fieldapp.core import audit
from fieldapp.core.forbidden_text import forbidden_message
from fieldapp.core.spreadsheet import FORMULA_STARTS
from fieldapp.core.tabular import pick_columns, read_table
from fieldapp.core.text import clean_text, fold, is_valid_phone, normalise_phone
from fieldapp.core.validation import coordinate
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.office.personal_data import code_mark
from fieldapp.places.models import Village

COLUMNS = {
    "code": ("ma ho", "ma ho gia dinh", "ma", "code"),
    "village": ("thon", "ten thon", "thon/to dan pho", "to dan pho", "thon xom", "xom", "village"),
    "head_name": ("ho ten chu ho", "ho va ten chu ho", "chu ho", "ten chu ho", "head name"),
    "address": ("dia chi", "address"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt", "phone"),
    "member_count": ("so nhan khau", "nhan khau", "so thanh vien", "so nguoi", "member count"),
    "lat": ("vi do", "lat", "latitude"),
    "lon": ("kinh do", "lon", "lng", "longitude"),
}
FIELDS = ("code", "head_name", "address", "phone", "member_count", "lat", "lon")
BATCH = 500
# Up to this many codes, the households are looked up by code (`IN`); past it, every household of
# the commune with a code is read once: cheaper than many long `IN` lists, which PostgreSQL may
# check row by row against the whole commune when its statistics are stale (after a big import).
CODES_LOOKED_UP = 100
# What an existing household is compared on (Core rows, not ORM objects: only read).
COMPARED = (Household.id, Household.village_id, Household.version, *(getattr(Household, f) for f in FIELDS))


class HouseholdImportError(ValueError):
    """The file as a whole cannot be imported; the message says why."""


@dataclass
class Row:
    number: int
    status: str = "accepted"
    messages: list = field(default_factory=list)
    village_id: int | None = None
    values: dict = field(default_factory=dict)

    def warn(self, message):
        self.status = "warning"
        self.messages.append(str(message))

    def reject(self, message):
        self.status = "rejected"
        self.messages.append(str(message))

    def stored(self):
        """The row as a preview keeps it (JSON): the household fields read, no other column."""
        return {"number": self.number, "status": self.status, "messages": list(self.messages),
                "village_id": self.village_id, "values": dict(self.values)}

    @classmethod
    def from_stored(cls, stored):
        return cls(stored["number"], stored["status"], list(stored["messages"]), stored["village_id"],
                   dict(stored["values"]))


def _number(text, kind, low, high):
    try:
        value = kind(text.replace(",", ".") if kind is float else text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def undefused(text):
    """The text of a cell our exports defused ('=…): Excel reads the quote as "this is text"."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def _read_row(number, cells, cell, villages, codes_seen):
    row = Row(number)
    repaired = False

    def cleaned(name):
        nonlocal repaired
        raw = undefused(cell(cells, name))
        value = clean_text(raw) or ""
        repaired |= bool(value) and value != raw
        return value

    head, code, address = cleaned("head_name"), cleaned("code"), cleaned("address")
    village_text = clean_text(cell(cells, "village")) or ""
    village = villages.get(fold(village_text))
    if not head:
        row.reject(_l("The head of household's name is missing."))
    for problem in filter(None, map(forbidden_message, (head, address))):
        row.reject(problem)
    if village is None:
        row.reject(_l("Unknown village: %(name)s.", name=village_text or "—"))
    elif cell(cells, "village") != village.name:
        repaired = True
    if code and code in codes_seen:
        row.reject(_l("The household code %(code)s is already used on row %(row)s.", code=code,
                      row=codes_seen[code]))
    if row.status == "rejected":
        return row
    if code:
        codes_seen[code] = number
    row.village_id = village.id
    row.values = {"code": code or None, "head_name": head, "address": address or None}

    raw_phone = clean_text(cell(cells, "phone"))
    phone = normalise_phone(raw_phone)
    if phone and not is_valid_phone(phone):
        row.warn(_l("The phone number %(phone)s is not valid: left out.", phone=raw_phone))
        phone = None
    repaired |= bool(phone) and phone != raw_phone
    row.values["phone"] = phone

    count_text = clean_text(cell(cells, "member_count"))
    count = _number(count_text, int, 1, 50) if count_text else None
    if count_text and count is None:
        row.warn(_l("The number of members %(value)s is not a whole number from 1 to 50: left out.",
                    value=count_text))
    row.values["member_count"] = count

    lat_text, lon_text = clean_text(cell(cells, "lat")), clean_text(cell(cells, "lon"))
    lat = coordinate(_number(lat_text, float, -90, 90)) if lat_text else None
    lon = coordinate(_number(lon_text, float, -180, 180)) if lon_text else None
    if (lat_text or lon_text) and (lat is None or lon is None):
        row.warn(_l("The coordinates %(lat)s, %(lon)s are not usable: left out.", lat=lat_text or "—",
                    lon=lon_text or "—"))
        lat = lon = None
    row.values.update(lat=lat, lon=lon)
    if repaired and row.status == "accepted":
        row.status = "repaired"
        row.messages.append(str(_l("Written again by the normalisation rules (spaces, accents, "
                                   "case, phone).")))
    return row


def read_rows(commune, data, filename):
    """Every data row of the file with its status, numbered as in the file (first data row 1)."""
    headers, rows = read_table(data, filename, clean=False)
    columns = pick_columns(headers, COLUMNS)
    if columns["head_name"] is None or columns["village"] is None:
        raise HouseholdImportError(_l("The file needs the columns 'Họ tên chủ hộ' and 'Thôn'."))

    def cell(cells, name):
        index = columns[name]
        value = cells[index] if index is not None and index < len(cells) else ""
        return "" if value is None else str(value)

    villages = {v.name_folded: v for v in db.session.scalars(
        select(Village).where(Village.commune_id == commune.id, Village.deleted.is_(False)))}
    codes_seen = {}
    return [_read_row(number, cells, cell, villages, codes_seen)
            for number, cells in enumerate(rows, start=1)
            if any((clean_text(str(c)) if c is not None else "") for c in cells)]


def _existing(commune, rows):
    """{code: the commune's household with that code} for the rows' codes (deleted ones too: a
    code stays taken)."""
    codes = {row.values["code"] for row in rows if row.status != "rejected" and row.values.get("code")}
    if not codes:
        return {}
    statement = select(*COMPARED).where(Household.commune_id == commune.id)
    if len(codes) <= CODES_LOOKED_UP:
        statement = statement.where(Household.code.in_(codes))
    else:
        statement = statement.where(Household.code.is_not(None))
    return {h.code: h for h in db.session.execute(statement) if h.code in codes}


def _key(village_id, head_name, address):
    return village_id, fold(head_name), fold(address)


def _changes(row, household):
    """What the row would change in the household: {field: value}, empty when nothing."""
    changed = {k: v for k, v in row.values.items() if v is not None and getattr(household, k) != v}
    if household.village_id != row.village_id:
        changed["village_id"] = row.village_id
    return changed


def _fallback_matches(commune, rows):
    """{row number: household} for rows without a code that match a live household without one.

    The key is the village, the folded head name and the folded address (no address matches no
    address), as an office would recognise its own row. A match is made only when it is certain:
    first, a household equal to the row in every field (the same row imported before: it stays
    `unchanged`); then, for a key with exactly one row and one household left, that household
    (the row corrects it). When more are left on either side (namesakes at one address, twin
    rows), the rows are imported as new households rather than written over a household they
    cannot be told apart from: a wrong match would silently put one family's data on another's
    record, an extra household only shows in the list and can be removed. Importing the same
    file again is still idempotent: each new household is then an exact match for its row.
    """
    codeless = [row for row in rows if row.status != "rejected" and not row.values.get("code")]
    if not codeless:
        return {}
    candidates = defaultdict(list)
    statement = (select(*COMPARED).where(
        Household.commune_id == commune.id, Household.code.is_(None), Household.deleted.is_(False),
        Household.village_id.in_(sorted({row.village_id for row in codeless})))
        .order_by(Household.created_at, Household.id))  # the oldest first, the same every time
    for household in db.session.execute(statement):
        candidates[_key(household.village_id, household.head_name, household.address)].append(household)
    matches, left = {}, defaultdict(list)
    for row in codeless:
        key = _key(row.village_id, row.values["head_name"], row.values["address"])
        same = next((h for h in candidates.get(key, ()) if not _changes(row, h)), None)
        if same is None:
            left[key].append(row)
        else:
            candidates[key].remove(same)
            matches[row.number] = same
    for key, waiting in left.items():
        if len(waiting) == 1 and len(candidates.get(key, ())) == 1:
            matches[waiting[0].number] = candidates[key][0]
    return matches


def _erased(commune, rows, by_code):
    """{code: the day (dd/mm/yyyy) its household was erased on request} for the rows' codes no
    household has now."""
    marks = {code_mark(commune.id, row.values["code"]): row.values["code"] for row in rows
             if row.status != "rejected" and row.values.get("code") and row.values["code"] not in by_code}
    if not marks:
        return {}
    found = db.session.execute(select(Household.erased_code_mark, Household.erased_at).where(
        Household.commune_id == commune.id, Household.erased_code_mark.in_(marks)))
    return {marks[mark]: f"{to_user_timezone(erased_at):%d/%m/%Y}" for mark, erased_at in found}


def import_households(commune, user, data, filename="", commit=True, record_erased_again=False):
    """Read the file, and unless `commit` is false, write its accepted rows. Return the report."""
    return import_rows(commune, user, read_rows(commune, data, filename), filename, commit,
                       record_erased_again)


def import_rows(commune, user, rows, filename="", commit=True, record_erased_again=False):
    """Match the rows read to the commune's households and, unless `commit` is false, write them."""
    from fieldapp.sync.services import apply_operations, server_operation  # the phones' write path

    by_code, by_key = _existing(commune, rows), _fallback_matches(commune, rows)
    erased = _erased(commune, rows, by_code)
    ops, recorded_again = [], 0
    for row in rows:
        if row.status == "rejected":
            continue
        code = row.values["code"]
        household = by_code.get(code) if code else by_key.get(row.number)
        if household is None and code in erased:
            if not record_erased_again:
                row.status = "erased"
                row.messages.append(str(_l(
                    "This household's data was erased on request on %(day)s: not recorded again. "
                    "Confirm that the person asked to be recorded again to import it.",
                    day=erased[code])))
                continue
            recorded_again += 1
            row.messages.append(str(_l("Recorded again at the person's request (erased on %(day)s).",
                                       day=erased[code])))
        if household is None:
            data_ = {"village_id": row.village_id, **{k: v for k, v in row.values.items() if v is not None}}
            ops.append((row, server_operation("household.upsert", uuid.uuid4(), data_, None)))
            continue
        changed = _changes(row, household)
        if not changed:
            row.status = "unchanged"
            continue
        ops.append((row, server_operation("household.upsert", household.id, changed, household.version)))
    if commit and ops:
        results = [None] * len(ops)
        indexed = [(index, op) for index, (_, op) in enumerate(ops)]
        for start in range(0, len(indexed), BATCH):
            apply_operations(user, "import", indexed[start:start + BATCH], results, indexed[0][1]["at"])
            db.session.commit()
        for (row, _), outcome in zip(ops, results, strict=True):
            if outcome["status"] == "rejected":
                row.status = "rejected"
                row.messages.extend(str(m) for messages in outcome["errors"].values() for m in messages)
    result = report(rows)
    if commit:
        counts = ("accepted", "rejected", "warnings", "repaired", "unchanged", "erased")
        audit.record("import", user, commune_id=commune.id, filename=filename,
                     **{key: result[key] for key in counts})
        if recorded_again:
            audit.record("erased_recorded_again", user, commune_id=commune.id, households=recorded_again)
        db.session.commit()
    return result


def report(rows):
    statuses = [row.status for row in rows]
    return {
        "accepted": sum(s not in ("rejected", "erased") for s in statuses),
        "rejected": statuses.count("rejected"),
        "erased": statuses.count("erased"),
        "warnings": statuses.count("warning"),
        "repaired": statuses.count("repaired"),
        "unchanged": statuses.count("unchanged"),
        "rows": [{"row": row.number, "status": row.status, "messages": row.messages} for row in rows],
    }
