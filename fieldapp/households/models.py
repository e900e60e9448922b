"""Households, the people in them and the visits made to them.

Ids are UUIDs made on the phone. `status` and `capable` are derived by households/coverage.py
and stored in the write path so the dashboards aggregate in SQL.
"""
import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldapp.core.model import Synced, Timestamps, utcnow
from fieldapp.core.vocabulary import GROUPS, SKILLS
from fieldapp.extensions import db

NOT_HOME_UNDATED = ("next_visit_on IS NULL AND last_outcome = 'not_home' AND status <> 'covered' "
                    "AND inactive IS false AND deleted IS false")


class Household(Synced, Timestamps, db.Model):
    __tablename__ = "households"
    __table_args__ = (
        UniqueConstraint("commune_id", "code"),
        CheckConstraint("consent IN ('given','declined','not_asked')", name="consent"),
        CheckConstraint(
            "status IN ('unvisited','not_home','refused','in_progress','covered','inactive')",
            name="status",
        ),
        CheckConstraint("member_count BETWEEN 1 AND 50", name="member_count"),
        Index("ix_households_commune_seq", "commune_id", "seq"),
        Index("ix_households_village_status", "village_id", "status"),
        # The likely-duplicate pairs of a village (households/matching.py), found by joins.
        Index("ix_households_village_match_name", "village_id", "match_name"),
        Index("ix_households_village_phone", "village_id", "phone"),
        # Return visits due (households/queries.py due_branches): households not covered with a
        # return date, and those whose latest visit found nobody home and set none.
        Index("ix_households_due", "next_visit_on", "village_id",
              postgresql_where=sql("status <> 'covered' AND inactive IS false AND deleted IS false"),
              sqlite_where=sql("status <> 'covered' AND inactive IS false AND deleted IS false")),
        Index("ix_households_due_not_home", "last_visit_at", "village_id",
              postgresql_where=sql(NOT_HOME_UNDATED), sqlite_where=sql(NOT_HOME_UNDATED)),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    code: Mapped[str | None] = mapped_column(String(40))
    head_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(20))
    member_count: Mapped[int | None] = mapped_column(SmallInteger)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    accuracy: Mapped[float | None]
    consent: Mapped[str] = mapped_column(String(10), default="not_asked")
    consent_at: Mapped[datetime | None]
    consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_notice_version: Mapped[int | None]
    inactive: Mapped[bool] = mapped_column(default=False)
    inactive_reason: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="unvisited")
    version: Mapped[int] = mapped_column(default=1)
    last_visit_at: Mapped[datetime | None]
    last_outcome: Mapped[str | None] = mapped_column(String(10))
    next_visit_on: Mapped[date | None] = mapped_column(index=True)
    covered_at: Mapped[datetime | None]
    covered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Folded (accent- and case-free) head name, member names, address, code and phone.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The head name and address as the likely-duplicate rule compares them (households/matching.py).
    match_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    match_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Per field: the phone time and user of the change that wrote it, for the merge of SYNC.md.
    field_stamps: Mapped[dict] = mapped_column(default=dict)
    # A deleted household is gone from every list and every phone (a tombstone). One deleted
    # because its personal data was erased on request keeps counting in the reports.
    deleted: Mapped[bool] = mapped_column(default=False)
    erased_at: Mapped[datetime | None]
    # After an erasure on request, a keyed hash of the code (personal_data.code_mark), never the
    # code: the importer recognises the household and does not bring it back unasked.
    erased_code_mark: Mapped[str | None] = mapped_column(String(64))
    # A tombstone left by merging this household into another one (households/merging.py):
    # told apart from a deletion or an erasure, and where a phone's late changes belong.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("households.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    members: Mapped[list["Member"]] = relationship(back_populates="household")
    visits: Mapped[list["Visit"]] = relationship(back_populates="household")


class Member(Synced, Timestamps, db.Model):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("birth_year IS NULL OR birth_year >= 1900", name="birth_year"),
        Index("ix_members_commune_seq", "commune_id", "seq"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    # Copied from the household so pulls and stats filter members by village without a join.
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)
    is_head: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    # One column per skill: skills merge field by field and are counted in SQL.
    skill_vneid_installed: Mapped[bool] = mapped_column(default=False)
    skill_vneid_level2: Mapped[bool] = mapped_column(default=False)
    skill_vneid_login: Mapped[bool] = mapped_column(default=False)
    skill_dvc_login: Mapped[bool] = mapped_column(default=False)
    skill_dvc_submit: Mapped[bool] = mapped_column(default=False)
    skill_online_payment: Mapped[bool] = mapped_column(default=False)
    skill_rating: Mapped[bool] = mapped_column(default=False)
    skill_cyber_safety: Mapped[bool] = mapped_column(default=False)
    skill_digital_signature: Mapped[bool] = mapped_column(default=False)
    capable: Mapped[bool] = mapped_column(default=False)
    # One column per group (core/vocabulary.py GROUPS): merged field by field, counted in SQL.
    group_official: Mapped[bool] = mapped_column(default=False, server_default=false())
    group_youth_union: Mapped[bool] = mapped_column(default=False, server_default=false())
    group_association: Mapped[bool] = mapped_column(default=False, server_default=false())
    group_student: Mapped[bool] = mapped_column(default=False, server_default=false())
    group_team_member: Mapped[bool] = mapped_column(default=False, server_default=false())
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    field_stamps: Mapped[dict] = mapped_column(default=dict)
    deleted: Mapped[bool] = mapped_column(default=False)
    erased_at: Mapped[datetime | None]  # as on Household: a tombstone that still counts
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    household: Mapped[Household] = relationship(back_populates="members")

    @property
    def skills(self):
        return [key for key in SKILLS if getattr(self, f"skill_{key}")]

    @property
    def groups(self):
        return [key for key in GROUPS if getattr(self, f"group_{key}")]

    def set_skill(self, key, held):
        if key not in SKILLS:
            raise KeyError(key)
        setattr(self, f"skill_{key}", bool(held))


class Visit(Synced, db.Model):
    """One knock at one door. Visits are never edited: a later visit corrects a mistake."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("outcome IN ('met','not_home','refused')", name="outcome"),
        Index("ix_visits_commune_seq", "commune_id", "seq"),
        Index("ix_visits_household_visited_at", "household_id", "visited_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    visited_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # True when the phone's clock was in the future and visited_at was replaced by server time.
    clock_adjusted: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str] = mapped_column(String(10))
    people_guided: Mapped[int] = mapped_column(SmallInteger, default=0)
    next_visit_on: Mapped[date | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    note: Mapped[str | None] = mapped_column(Text)

    household: Mapped[Household] = relationship(back_populates="visits")
    topic_rows: Mapped[list["VisitTopic"]] = relationship(cascade="all, delete-orphan")
    barrier_rows: Mapped[list["VisitBarrier"]] = relationship(cascade="all, delete-orphan")

    @property
    def topics(self):
        return sorted(row.topic for row in self.topic_rows)

    @property
    def barriers(self):
        return sorted(row.barrier for row in self.barrier_rows)


class VisitTopic(db.Model):
    """A skill (or `materials`) taught at a visit: a row each, so topics are counted in SQL."""

    __tablename__ = "visit_topics"

    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(30), primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)


class VisitBarrier(db.Model):
    """A barrier seen at a visit (DOMAIN.md): why the household is not covered yet."""

    __tablename__ = "visit_barriers"

    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True
    )
    barrier: Mapped[str] = mapped_column(String(30), primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
