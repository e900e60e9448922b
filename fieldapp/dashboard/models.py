"""Per-village counts, so that a report over a whole province reads one row per village instead
of scanning millions of households (dashboard/summary.py keeps them right), and per-village
per-day counts for dated reports (dashboard/rollups.py keeps them right)."""
from datetime import date, datetime

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
    groups: Mapped[dict] = mapped_column(default=dict)  # {group: {"members", "portal_account"}}
    # Writers bump `changes`; the counts above are those of `counted` changes. They differ
    # while the summary is stale: the next report counts the village again.
    changes: Mapped[int] = mapped_column(default=0)
    counted: Mapped[int] = mapped_column(default=0)
    # The same for the village's rows of village_days and volunteer_days (dashboard/rollups.py).
    days_counted: Mapped[int] = mapped_column(default=-1, server_default="-1")
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VillageDay(db.Model):
    """A village's running totals through the end of a local day (the deployment's time zone):
    one row for each day on which one of them grew. A period's count is the total at its end
    less the total before its start: two rows a village, whatever the period's length."""

    __tablename__ = "village_days"

    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    visited: Mapped[int] = mapped_column(default=0)  # active households visited by the day's end
    covered: Mapped[int] = mapped_column(default=0)  # active households covered by the day's end
    visits: Mapped[int] = mapped_column(default=0)  # guidance visits (met) made in the village
    knocks: Mapped[int] = mapped_column(default=0)  # every visit made in the village
    visits_by_topic: Mapped[dict] = mapped_column(default=dict)  # met visits teaching each topic


class VolunteerDay(db.Model):
    """What one volunteer did in a village on one local day, for the ranking: visits (met),
    knocks and households brought to covered (credited by covered_by_id)."""

    __tablename__ = "volunteer_days"

    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    visits: Mapped[int] = mapped_column(default=0)
    knocks: Mapped[int] = mapped_column(default=0)
    covered: Mapped[int] = mapped_column(default=0)


class VillageDueDay(db.Model):
    """The village's open households (not covered, active) as they stand, by the day they fall
    due for a return visit, as running totals: `dated`, those whose return date (next_visit_on)
    is on or before `day`; `not_home`, those with no return date whose latest visit found nobody
    home on or before `day` (a local date). Households due by D with the setting of A days are
    then dated at D plus not_home at D - A (households/queries.py `due_branches`): two rows a
    village, whichever day and setting a report asks for. Counted again with the village's
    rollups (dashboard/rollups.py), after any write to it."""

    __tablename__ = "village_due_days"

    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    dated: Mapped[int] = mapped_column(default=0)
    not_home: Mapped[int] = mapped_column(default=0)
