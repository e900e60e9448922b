"""What the office keeps for a while: a household list uploaded for preview, until it is
imported or expires."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.core.model import utcnow
from fieldapp.extensions import db


class ImportUpload(db.Model):
    """The file between its preview and its import (any app server may take the second
    request, so it is kept in the database, not in one server's memory or disk). The file is
    dropped once imported; only the report stays, and the row itself expires (office/uploads.py)."""

    __tablename__ = "import_uploads"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)  # an unguessable token
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    report: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    imported_at: Mapped[datetime | None]
