"""What the office keeps for a while: a household list uploaded for preview, until it is
imported or expires."""
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, and_, delete, or_
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.core.model import utcnow
from fieldapp.extensions import db

PREVIEW_KEPT_FOR = timedelta(hours=1)  # a preview not imported by then is dropped
REPORT_KEPT_FOR = timedelta(days=1)  # the report of an import


class ImportUpload(db.Model):
    """A household list between its preview and its import (any app server may take the second
    request, so it is kept in the database, not in one server's memory or disk). Not the file:
    only its rows as the importer read them (the household fields it writes, the statuses and
    messages), so no column the law forbids is kept. The rows are dropped once imported; the
    report stays a day."""

    __tablename__ = "import_uploads"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)  # an unguessable token
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[list | None]  # importer.Row.stored() of every row, until imported
    report: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    imported_at: Mapped[datetime | None]


def drop_stale_uploads(now):
    """Drop previews older than an hour and reports older than a day; return how many."""
    return db.session.execute(delete(ImportUpload).where(or_(
        and_(ImportUpload.imported_at.is_(None), ImportUpload.created_at < now - PREVIEW_KEPT_FOR),
        ImportUpload.created_at < now - REPORT_KEPT_FOR))).rowcount
