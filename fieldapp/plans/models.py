"""What the commune plans count beyond the door (DOMAIN.md, "Beyond the door"): help given at
the one-stop desk, sessions held, figures the office enters from the portals' evaluation
system, and targets with deadlines."""
import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.core.model import utcnow
from fieldapp.extensions import db

PARTIES = ("person", "organisation")
SESSION_KINDS = ("conference", "training", "campaign_day")


class DeskContact(db.Model):
    """One person or organisation helped at the one-stop desk (Bộ phận Một cửa)."""

    __tablename__ = "desk_contacts"
    __table_args__ = (
        CheckConstraint("party IN ('person','organisation')", name="party"),
        Index("ix_desk_contacts_commune_helped_at", "commune_id", "helped_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"))
    helped_at: Mapped[datetime]
    party: Mapped[str] = mapped_column(String(20))
    services: Mapped[list] = mapped_column(default=list)  # skill keys (core/vocabulary.py)
    self_done: Mapped[bool] = mapped_column(default=False)
    paid_online: Mapped[bool] = mapped_column(default=False)
    rated: Mapped[bool] = mapped_column(default=False)
    member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id"), index=True)
    # The linked member's village when the contact was recorded: a village's report counts it.
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    # The organisation's record, when an organisation helped is named: a link only (its steps
    # are the office's to record, the desk invents no coverage).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


session_volunteers = Table(
    "session_volunteers",
    db.metadata,
    Column("commune_id", ForeignKey("communes.id"), nullable=False, index=True),
    Column("session_id", ForeignKey("outreach_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)

session_members = Table(
    "session_members",
    db.metadata,
    Column("commune_id", ForeignKey("communes.id"), nullable=False, index=True),
    Column("session_id", ForeignKey("outreach_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
)


class OutreachSession(db.Model):
    """A session of DOMAIN.md (conference, training, campaign day) held in a village, or for the
    whole commune when `village_id` is empty. Named so as not to be taken for a database or
    login session."""

    __tablename__ = "outreach_sessions"
    __table_args__ = (
        CheckConstraint("kind IN ('conference','training','campaign_day')", name="kind"),
        CheckConstraint("attendance >= 0", name="attendance"),
        Index("ix_outreach_sessions_commune_held_on", "commune_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    held_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(200))
    topics: Mapped[list] = mapped_column(default=list)  # topic keys (core/vocabulary.py)
    audience: Mapped[str | None] = mapped_column(String(200))
    attendance: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EnteredIndicator(db.Model):
    """A monthly figure from the portals' own evaluation system, entered by the office: one
    value per commune, month and indicator (entering it again replaces it)."""

    __tablename__ = "entered_indicators"
    __table_args__ = (UniqueConstraint("commune_id", "month", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    indicator: Mapped[str] = mapped_column(String(40))
    value: Mapped[float]
    source: Mapped[str] = mapped_column(String(200))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Target(db.Model):
    """A target of the commune (or one village): reach `value` of `indicator` by `due_on`.
    `starts_on` and `start_value` (the day it was set and the actual figure then) are where the
    pace is measured from (plans/pace.py)."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    indicator: Mapped[str] = mapped_column(String(40))
    value: Mapped[float]
    due_on: Mapped[date]
    starts_on: Mapped[date]
    start_value: Mapped[float] = mapped_column(default=0.0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


HELP_POINT_KINDS = ("police_post", "post_office", "telecom_shop", "other")


class HelpPoint(db.Model):
    """A place where people get help with VNeID and the portals (the commune police post, the
    post office, a VNPT or Viettel shop...), shown on the leaflets with the commune's hotline."""

    __tablename__ = "help_points"
    __table_args__ = (
        CheckConstraint("kind IN ('police_post','post_office','telecom_shop','other')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    hours: Mapped[str | None] = mapped_column(String(200))
    removed: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


ORGANISATION_KINDS = ("agency", "enterprise", "household_business", "cooperative", "other")
ORGANISATION_STEPS = ("account", "online_dossier", "online_payment")


class Organisation(db.Model):
    """An organisation or business of a village (tổ chức, doanh nghiệp, hộ kinh doanh): the
    second thing the plans cover, by its own steps, each with the day it was done. It counts as
    covered once it has its organisation account and has filed a dossier online.

    The contact person's name and phone are personal data: office/personal_data.py erases them
    on request and keeps the organisation and its steps for the counts."""

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("kind IN ('agency','enterprise','household_business','cooperative','other')",
                        name="kind"),
        Index("ix_organisations_commune_village", "commune_id", "village_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    account_on: Mapped[date | None]
    online_dossier_on: Mapped[date | None]
    online_payment_on: Mapped[date | None]
    removed: Mapped[bool] = mapped_column(default=False)
    erased_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

REPORT_KINDS = ("month", "quarter", "half", "year")


class IssuedReport(db.Model):
    """A report the commune sent upward (plans/issued.py): its figures as they stood when it was
    issued, frozen, with its number ("NN/BC-YYYY": the commune's NN-th report issued in YYYY)
    and the officer's words. Never updated: a correction is a new report with a new number."""

    __tablename__ = "issued_reports"
    __table_args__ = (
        CheckConstraint("kind IN ('month','quarter','half','year')", name="kind"),
        UniqueConstraint("commune_id", "year", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    period: Mapped[str] = mapped_column(String(7))  # "2026-03", "2026-Q1", "2026-H1", "2026"
    kind: Mapped[str] = mapped_column(String(10))
    date_from: Mapped[date]
    date_to: Mapped[date]  # the period's last day counted: the day of issue when it had not ended
    year: Mapped[int]  # of issue, as the number counts
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(20))
    figures: Mapped[dict]
    difficulties: Mapped[str] = mapped_column(Text, default="")
    causes: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
