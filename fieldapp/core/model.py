"""The declarative base and the column types every feature's models share."""
import json
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    MetaData,
    String,
    TypeDecorator,
    Uuid,
    any_,
    bindparam,
    cast,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow():
    return datetime.now(UTC)


# The villages a transaction wrote, whose summaries its commit marks stale (dashboard/summary.py):
# a flush notes those of the ORM's rows, a Core insert its own (sync/new_rows.py).
WRITTEN_VILLAGES = "fieldapp.summary_villages"


def note_written_villages(session, village_ids):
    session.info.setdefault(WRITTEN_VILLAGES, set()).update(village_ids)


class UTCDateTime(TypeDecorator):
    """An aware datetime stored in UTC; SQLite, which keeps no offset, reads back as UTC too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: times must carry an offset")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def sqlite_local_day(stored, zone_name):
    """SQLite's `fieldapp_local_day(time, zone)`: the local date ('YYYY-MM-DD') in that zone of
    a time stored by UTCDateTime (UTC text without an offset), for SQL that groups by day
    (dashboard/rollup_count.py); PostgreSQL has timezone() instead."""
    if stored is None:
        return None
    local = datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone(ZoneInfo(zone_name))
    return local.date().isoformat()


def among(column, ids, engine):
    """`column IN ids` (integer ids) for a statement run on `engine`. On PostgreSQL, `column =
    ANY(CAST(<one text parameter> AS INTEGER[]))`, the same plan: an IN list of a province's
    3,000 villages makes 3,000 parameters that SQLAlchemy and the driver rewrite into a 60 kB
    statement on every report, and a list parameter psycopg dumps element by element (3 ms for
    3,000, against 0.3 ms to write the array's text)."""
    if engine.dialect.name == "postgresql":
        text = "{" + ",".join(str(int(value)) for value in ids) + "}"
        return column == any_(cast(bindparam(None, text, type_=String), ARRAY(column.type)))
    return column.in_(list(ids))


def as_text(column, name):
    """A JSON column read as its text (labelled `name`), for `from_texts`: for a province's
    thousands of rows that is about twice as fast as the driver's own decoding (psycopg)."""
    return cast(column, String).label(name)


def from_texts(values):
    """Each of these JSON texts (None for NULL) decoded, as one JSON array: for a province's
    thousands of small objects the decoder's cost per call is most of the work."""
    return json.loads("[" + ",".join("null" if value is None else value for value in values) + "]")


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime, uuid.UUID: Uuid, dict: JSON, list: JSON},
    )


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Synced:
    """A row phones pull: every write stamps it with the commune's next `seq` (see sync/seq.py)."""

    seq: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
