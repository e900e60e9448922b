"""What each volunteer did in a period, for the leader and the emulation (thi đua) ranking:
guidance visits (met) and knocks (every visit) made, households brought to covered (credited
to the volunteer whose visit first made the household covered), and the last time their phone
synced."""
from typing import NamedTuple

from sqlalchemy import func, select

from fieldapp.accounts.models import User
from fieldapp.dashboard import rollups
from fieldapp.dashboard.summary import summaries
from fieldapp.extensions import db
from fieldapp.households.models import Household, Visit
from fieldapp.households.queries import counted


class VillageRef(NamedTuple):
    id: int
    commune_id: int


def _in_period(column, span):
    clause = column.is_not(None)
    if span.start is not None:
        clause &= column >= span.start
    if span.end is not None:
        clause &= column < span.end
    return clause


def volunteer_activity(commune_id, village_ids, span):
    """Rows {user, visits, knocks, covered, last_sync} for everyone with work in these villages in the
    period, best first: households covered, then visits. Read from the per-day rollups
    (dashboard/rollups.py) when they can answer for the period, else counted."""
    if rollups.usable(span) and village_ids:
        villages = [VillageRef(village_id, commune_id) for village_id in village_ids]
        summaries(villages)  # each village's summary row holds its rollups' stale mark
        work = rollups.volunteer_counts(villages, span)
    else:
        work = counted_work(commune_id, village_ids, span)
    if not work:
        return []
    users = db.session.scalars(select(User).where(User.commune_id == commune_id, User.id.in_(work))).all()
    rows = [{"user": user, **work[user.id], "last_sync": user.last_sync_at} for user in users]
    rows.sort(key=lambda row: (-row["covered"], -row["visits"],
                               row["user"].full_name or row["user"].username))
    return rows


def counted_work(commune_id, village_ids, span):
    """{volunteer_id: {visits, knocks, covered}} in these villages in the period, counted from
    the records."""
    visits, knocks = {}, {}
    for volunteer_id, met, every in db.session.execute(
            select(Visit.volunteer_id, func.count().filter(Visit.outcome == "met"), func.count())
            .where(Visit.commune_id == commune_id, Visit.village_id.in_(village_ids),
                   _in_period(Visit.visited_at, span))
            .group_by(Visit.volunteer_id)):
        visits[volunteer_id], knocks[volunteer_id] = met, every
    covered = dict(db.session.execute(
        select(Household.covered_by_id, func.count())
        .where(Household.commune_id == commune_id, Household.village_id.in_(village_ids),
               Household.status == "covered", counted(Household),
               Household.covered_by_id.is_not(None), _in_period(Household.covered_at, span))
        .group_by(Household.covered_by_id)).all())
    return {volunteer_id: {"visits": visits.get(volunteer_id, 0), "knocks": knocks.get(volunteer_id, 0),
                           "covered": covered.get(volunteer_id, 0)}
            for volunteer_id in set(knocks) | set(covered)}
