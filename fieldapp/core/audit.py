"""The audit log: who did what, when. Details carry ids and counts, never personal data."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.core.model import utcnow
from fieldapp.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_commune_at", "commune_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Empty for events before anyone is known, such as a failed login for an unknown name.
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_type: Mapped[str | None] = mapped_column(String(30))
    target_id: Mapped[str | None] = mapped_column(String(40))
    details: Mapped[dict] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


def record(action, user=None, target=None, commune_id=None, **details):
    """Add an audit entry to the session; the request handler commits it with the change."""
    entry = AuditEntry(
        action=action,
        user_id=user.id if user is not None else None,
        commune_id=commune_id if commune_id is not None else getattr(user, "commune_id", None),
        target_type=type(target).__name__.lower() if target is not None else None,
        target_id=str(target.id) if target is not None else None,
        details=details,
    )
    db.session.add(entry)
    return entry
