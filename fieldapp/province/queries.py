"""A province's communes side by side: each commune's coverage report exactly as its own office
gets it (dashboard/reports.py), a rank, and its commune-wide targets with their actual figures.

Nothing here reads a household, member or visit row into Python: the figures are the reports'
aggregates, so a supervisor (who may see no personal data) sees only counts.
"""
from dataclasses import dataclass, field

from sqlalchemy import select

from fieldapp.core.permissions import province_clause, province_of
from fieldapp.dashboard.reports import coverage_report
from fieldapp.extensions import db
from fieldapp.places.models import Commune, Province


@dataclass(frozen=True)
class CommuneOffice:
    """The commune's office as a report's viewer: the whole commune, as an officer sees it, so
    that a commune's row is that commune's own /api/v1/stats/coverage total."""

    commune_id: int
    role: str = "officer"
    is_authenticated: bool = True
    village_ids: list = field(default_factory=list)


def communes_seen(user):
    """The communes whose figures the user sees side by side, by name then code."""
    return (select(Commune).where(province_clause(user, Commune.id, Commune.province_id))
            .order_by(Commune.name, Commune.code))


def province_seen(user):
    province_id = province_of(user)
    return db.session.get(Province, province_id) if province_id is not None else None


def rank_by_coverage(rows):
    """Set each row's `rank`: 1 for the highest covered share; equal shares share a rank (1, 1, 3),
    and a commune with no household yet comes last."""
    def key(row):
        return (row["households"] > 0, row["covered_pct"])

    ordered = sorted(rows, key=key, reverse=True)
    for position, row in enumerate(ordered, start=1):
        before = ordered[position - 2] if position > 1 else None
        row["rank"] = before["rank"] if before is not None and key(before) == key(row) else position
    return rows


def commune_rows(user, span):
    """One row per commune seen: commune_id, code, name, the coverage indicators of its report for
    `span` (its total, as the commune's own office reads it) and its rank."""
    rows = []
    for commune in db.session.scalars(communes_seen(user)):
        report = coverage_report(CommuneOffice(commune.id), None, span)
        rows.append({"commune_id": commune.id, "code": commune.code, "name": commune.name, **report["total"]})
    return rank_by_coverage(rows)
