"""What sync keeps: the operations already applied, and the conflicts found while merging."""
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.core.model import Synced, utcnow
from fieldapp.extensions import db


class AppliedOp(db.Model):
    """Every applied op_id with the answer it got, so a repeated op is answered the same."""

    __tablename__ = "applied_ops"

    op_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str | None] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[uuid.UUID]
    at: Mapped[datetime]
    # The phone's time when it was more than 10 minutes ahead and `at` took the server's instead.
    client_at: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    result: Mapped[dict]


class Conflict(Synced, db.Model):
    """A field on which two changes disagreed: both values are kept, one of them applied."""

    __tablename__ = "conflicts"
    __table_args__ = (Index("ix_conflicts_commune_seq", "commune_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    field: Mapped[str] = mapped_column(String(40))
    kept_value: Mapped[dict | None]
    kept_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kept_at: Mapped[datetime | None]
    lost_value: Mapped[dict | None]
    lost_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lost_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str | None] = mapped_column(String(10))
