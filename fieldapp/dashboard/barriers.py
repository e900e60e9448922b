"""Why households are not covered yet (DOMAIN.md, "Barriers"): a household's current barriers
are those of its latest `met` visit; the commune counts them per village over the households
not covered, and lists the households behind each count to act on them."""
from sqlalchemy import func, select

from fieldapp.core.vocabulary import BARRIERS
from fieldapp.dashboard.queries import in_commune
from fieldapp.extensions import db
from fieldapp.households.models import Household, Visit, VisitBarrier
from fieldapp.households.queries import counted


def _latest_met_visits(commune_id, village_ids):
    """(visit id, household id) of each household's latest met visit."""
    ranked = (
        select(Visit.id, Visit.household_id, func.row_number().over(
            partition_by=Visit.household_id,
            order_by=(Visit.visited_at.desc(), Visit.received_at.desc(), Visit.id.desc()),
        ).label("rank"))
        .where(in_commune(Visit.commune_id, commune_id), Visit.village_id.in_(village_ids),
               Visit.outcome == "met")
        .subquery()
    )
    return select(ranked.c.id, ranked.c.household_id).where(ranked.c.rank == 1).subquery()


def _not_covered(commune_id, village_ids):
    return (in_commune(Household.commune_id, commune_id) & Household.village_id.in_(village_ids)
            & (Household.status != "covered") & Household.inactive.is_(False))


def _blocked(commune_id, village_ids):
    latest = _latest_met_visits(commune_id, village_ids)
    return (
        select(Household)
        .join(latest, latest.c.household_id == Household.id)
        .join(VisitBarrier, VisitBarrier.visit_id == latest.c.id)
        .where(_not_covered(commune_id, village_ids))
    )


def barrier_counts(commune_id, village_ids):
    """{village id: {barrier: households not covered that have it}}, every barrier present."""
    counts = {village_id: dict.fromkeys(BARRIERS, 0) for village_id in village_ids}
    if not village_ids:
        return counts
    statement = (_blocked(commune_id, village_ids).where(counted(Household))
                 .with_only_columns(Household.village_id, VisitBarrier.barrier, func.count())
                 .group_by(Household.village_id, VisitBarrier.barrier))
    for village_id, barrier, households in db.session.execute(statement):
        if barrier in BARRIERS:
            counts[village_id][barrier] = households
    return counts


def blocked_by(commune_id, village_ids, barrier):
    """The live households not covered whose latest met visit saw `barrier`, to act on."""
    return (_blocked(commune_id, village_ids)
            .where(VisitBarrier.barrier == barrier, Household.deleted.is_(False))
            .order_by(Household.village_id, Household.head_name, Household.id))


def totals(counts):
    total = dict.fromkeys(BARRIERS, 0)
    for by_barrier in counts.values():
        for barrier, households in by_barrier.items():
            total[barrier] += households
    return total
