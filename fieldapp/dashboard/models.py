"""Per-village counts, so that a report over a whole province reads one row per village instead
of scanning millions of households (dashboard/summary.py keeps them right)."""
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.core.model import utcnow
from fieldapp.extensions import db


class VillageStats(db.Model):
    __tablename__ = "village_stats"

    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    households: Mapped[int] = mapped_column(default=0)
    visited: Mapped[int] = mapped_column(default=0)
    covered: Mapped[int] = mapped_column(default=0)
    people_level2: Mapped[int] = mapped_column(default=0)
    people_capable: Mapped[int] = mapped_column(default=0)
    people_online_payment: Mapped[int] = mapped_column(default=0)
    visits: Mapped[int] = mapped_column(default=0)
    knocks: Mapped[int] = mapped_column(default=0)
    visits_by_topic: Mapped[dict] = mapped_column(default=dict)
    # Writers bump `changes`; the counts above are those of `counted` changes. They differ
    # while the summary is stale: the next report counts the village again.
    changes: Mapped[int] = mapped_column(default=0)
    counted: Mapped[int] = mapped_column(default=0)
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
