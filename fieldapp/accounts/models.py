"""Users, their roles and the villages they are assigned to."""
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from fieldapp.core.model import Timestamps, utcnow
from fieldapp.extensions import db
from fieldapp.places.models import Commune, Province, Village


def new_login_token():
    return secrets.token_urlsafe(24)


class User(UserMixin, Timestamps, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('volunteer','leader','officer','admin','supervisor')", name="role"),
        # A supervisor works above the communes: a province and no commune. Everyone else has a
        # commune (an admin's is the one it belongs to; its province follows from the commune).
        CheckConstraint("(role = 'supervisor' AND commune_id IS NULL AND province_id IS NOT NULL)"
                        " OR (role <> 'supervisor' AND commune_id IS NOT NULL)", name="scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"), index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    # The session and remember-me cookies carry this token, not the id: changing it (password
    # reset, deactivation) ends every session of the user at once.
    login_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_login_token)
    # Bumped whenever the user's villages change, so the next pull tells the phone to reset.
    scope_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]
    last_sync_at: Mapped[datetime | None]

    commune: Mapped[Commune | None] = relationship()
    province: Mapped[Province | None] = relationship()
    assignments: Mapped[list["VillageAssignment"]] = relationship(
        back_populates="user", cascade="all, delete-orphan",
        foreign_keys="VillageAssignment.user_id",
    )

    @property
    def is_active(self):
        return self.active

    @property
    def is_authenticated(self):
        # Deactivated users stay recognised so that they get a 403 that says why, not a 401.
        return True

    def get_id(self):
        return self.login_token

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def village_ids(self):
        return sorted(a.village_id for a in self.assignments)


class VillageAssignment(db.Model):
    __tablename__ = "village_assignments"
    __table_args__ = (UniqueConstraint("user_id", "village_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(back_populates="assignments", foreign_keys=[user_id])
    village: Mapped[Village] = relationship()


class Device(db.Model):
    """A phone a user syncs from, as it names itself (X-Device-Id). One row per user and phone:
    a shared phone is a device of each of its users, and revoking it for one leaves the others."""

    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("user_id", "device_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    device_id: Mapped[str] = mapped_column(String(100))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    app_version: Mapped[str | None] = mapped_column(String(40))
    ops_pushed: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
