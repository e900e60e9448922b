"""Provinces, their communes, the communes' villages and campaigns."""
from datetime import date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldapp.core.model import Synced, Timestamps, utcnow
from fieldapp.extensions import db


class Province(Timestamps, db.Model):
    """A province: its communes' figures are seen side by side by its supervisors. A reference
    table (every commune's rows may join it), so it carries no commune_id."""

    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The province's own public-service portal, named on the guide cards.
    portal_name: Mapped[str | None] = mapped_column(String(200))
    portal_url: Mapped[str | None] = mapped_column(String(300))

    communes: Mapped[list["Commune"]] = relationship(back_populates="province")


class Commune(Timestamps, db.Model):
    __tablename__ = "communes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The official 5-digit code. On this table commune_id is the row itself (id).
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    hotline: Mapped[str | None] = mapped_column(String(20))
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)

    province: Mapped[Province | None] = relationship(back_populates="communes")
    villages: Mapped[list["Village"]] = relationship(back_populates="commune")


class Village(Synced, Timestamps, db.Model):
    __tablename__ = "villages"
    __table_args__ = (UniqueConstraint("commune_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    boundary: Mapped[dict | None]
    planned_households: Mapped[int | None]
    deleted: Mapped[bool] = mapped_column(default=False)

    commune: Mapped[Commune] = relationship(back_populates="villages")


campaign_villages = Table(
    "campaign_villages",
    db.metadata,
    Column("commune_id", ForeignKey("communes.id"), nullable=False, index=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("village_id", ForeignKey("villages.id"), primary_key=True),
)


class Campaign(Timestamps, db.Model):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    villages: Mapped[list[Village]] = relationship(secondary=campaign_villages)


class ConsentNotice(db.Model):
    """The notice read to a household before its details are recorded. Versions are kept: a
    household's consent stores the version it was shown."""

    __tablename__ = "consent_notices"
    __table_args__ = (UniqueConstraint("commune_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    version: Mapped[int]
    text: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
