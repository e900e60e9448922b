"""What each volunteer did in a period, for the leader and the emulation (thi đua) ranking:
guidance visits (met) and knocks (every visit) made, households brought to covered (credited
to the volunteer whose visit first made the household covered), and the last time their phone
synced."""
from sqlalchemy import func, select

from fieldapp.accounts.models import User
from fieldapp.extensions import db
from fieldapp.households.models import Household, Visit
from fieldapp.households.queries import counted


def _in_period(column, span):
    clause = column.is_not(None)
    if span.start is not None:
        clause &= column >= span.start
    if span.end is not None:
        clause &= column < span.end
    return clause


def volunteer_activity(commune_id, village_ids, span):
    """Rows {user, visits, knocks, covered, last_sync} for everyone with work in these villages in the
    period, best first: households covered, then visits."""
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
    ids = set(knocks) | set(covered)
    if not ids:
        return []
    users = db.session.scalars(select(User).where(User.commune_id == commune_id, User.id.in_(ids))).all()
    rows = [{"user": user, "visits": visits.get(user.id, 0),
             "knocks": knocks.get(user.id, 0), "covered": covered.get(user.id, 0),
             "last_sync": user.last_sync_at} for user in users]
    rows.sort(key=lambda row: (-row["covered"], -row["visits"],
                               row["user"].full_name or row["user"].username))
    return rows
