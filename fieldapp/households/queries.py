"""Reads on households: the user's scope of household data (`in_scope`), the list with its
filters and search, one household in detail, the return visits due (`due_for_return`, the only
place lists and reports decide it) and the likely-duplicate pairs found in SQL."""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import bindparam, case, func, or_, select, union
from sqlalchemy.orm import aliased, selectinload

from fieldapp.core.permissions import scope_clause
from fieldapp.core.text import fold, is_valid_phone, normalise_phone
from fieldapp.households.coverage import return_due_on
from fieldapp.households.models import Household, Member, Visit
from fieldapp.places.models import Village


def in_scope(user, model):
    """A WHERE clause: the rows of `model` the user sees, in the user's own commune.

    Admins may see every commune (DOMAIN.md), but these reads serve one commune at a time, as
    pull does: no query reads across communes, which keeps sharding by commune possible.
    """
    return (model.commune_id == user.commune_id) & scope_clause(user, model)


def counted(model):
    """Households or members the reports count: live ones, and the tombstones of those whose
    personal data was erased on request (office/personal_data.py)."""
    return model.deleted.is_(False) | model.erased_at.is_not(None)


def _escape_like(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_words(q):
    """The words every match must contain, folded as `search_text` is.

    A phone number typed in any usual form (spaces, dots, +84) is one word, normalised as stored.
    """
    phone = normalise_phone(q)
    if phone and is_valid_phone(phone):
        return [phone]
    return fold(q).split()


# The households that fall due for a return visit one day: open ones (not covered, active)
# with a return date, due from it, and those without one whose latest visit found nobody home,
# due some days after it (the setting). dashboard/rollup_count.py counts them by that day.
_OPEN_DOOR = (Household.status != "covered") & Household.inactive.is_(False) & Household.deleted.is_(False)
DUE_DATED = _OPEN_DOOR & Household.next_visit_on.is_not(None)
DUE_NOT_HOME = _OPEN_DOOR & Household.next_visit_on.is_(None) & (Household.last_outcome == "not_home")


def due_branches(due_by, after_days, zone_name):
    """The two disjoint WHERE clauses whose union is due_for_return: households with a return
    date by `due_by`, and "not home" ones without a date visited after_days or more before.
    Each matches one partial index (ix_households_due, ix_households_due_not_home), so the
    reports count each with an index-only scan."""
    not_home_before = datetime.combine(due_by - timedelta(days=after_days - 1), time.min,
                                       tzinfo=ZoneInfo(zone_name)).astimezone(UTC)
    return (
        DUE_DATED & (Household.next_visit_on <= due_by),
        DUE_NOT_HOME & (Household.last_visit_at < not_home_before),
    )


def due_for_return(due_by, after_days, zone_name):
    """A WHERE clause: the households due for a return visit on or before the local date
    `due_by`. The SQL form of coverage.return_due_on over the household's latest visit
    (last_visit_at, last_outcome, next_visit_on, kept by every write path), and the only place
    lists and reports decide it: a visit's local date + after_days <= due_by is a visit before
    the local midnight that starts due_by - after_days + 1, so the setting is applied when
    asked, never stored, and a change of it holds at once for every household."""
    return or_(*due_branches(due_by, after_days, zone_name))


def return_date(household):
    """The date this household row is due for a return visit from, or None (coverage.py's rule
    over its latest visit, with the deployment's setting): for sheets that show the date."""
    config = current_app.config
    latest = ([(household.last_visit_at, household.last_outcome, household.next_visit_on)]
              if household.last_visit_at else [])
    return return_due_on(household.status, latest, config["FIELDAPP_RETURN_AFTER_DAYS"],
                         config["BABEL_DEFAULT_TIMEZONE"])


def due_today():
    """due_for_return as of today in the commune's time zone, with the deployment's setting."""
    config = current_app.config
    zone = config["BABEL_DEFAULT_TIMEZONE"]
    return due_for_return(datetime.now(ZoneInfo(zone)).date(), config["FIELDAPP_RETURN_AFTER_DAYS"], zone)


def households_for(user, village_id=None, status=None, q=None, due=False):
    """Live households the user sees, by village, then code (households without one last),
    then head name; `due`: only those due for a return visit today."""
    statement = (
        select(Household)
        .join(Village, Village.id == Household.village_id)
        .where(in_scope(user, Household), Household.deleted.is_(False))
    )
    if village_id is not None:
        statement = statement.where(Household.village_id == village_id)
    if status:
        statement = statement.where(Household.status == status)
    if due:
        statement = statement.where(due_today())
    for word in search_words(q or ""):
        statement = statement.where(Household.search_text.like(f"%{_escape_like(word)}%", escape="\\"))
    return statement.order_by(
        Village.code, case((Household.code.is_(None), 1), else_=0), Household.code,
        Household.head_name, Household.id,
    )


def household_in_commune(user, household_id):
    """The live household with this id, if it belongs to the user's commune (the village is
    checked by the caller, so that another team's household is a 403, not a 404)."""
    return select(Household).where(
        Household.id == household_id, Household.commune_id == user.commune_id,
        Household.deleted.is_(False),
    )


def live_members(household):
    """The household's members not removed, the head first."""
    return (
        select(Member)
        .where(Member.household_id == household.id, Member.commune_id == household.commune_id,
               Member.deleted.is_(False))
        .order_by(Member.is_head.desc(), Member.full_name, Member.id)
    )


def visits_newest_first(household):
    return (
        select(Visit)
        .where(Visit.household_id == household.id, Visit.commune_id == household.commune_id)
        .order_by(Visit.visited_at.desc(), Visit.received_at.desc(), Visit.id)
        .options(selectinload(Visit.topic_rows), selectinload(Visit.barrier_rows))
    )


def _duplicate_pairs():
    a, b = aliased(Household), aliased(Household)
    pairs = (
        select(a.id.label("first"), b.id.label("second"))
        .join(b, (b.village_id == a.village_id) & (b.commune_id == a.commune_id) & (a.id < b.id))
        .where(a.village_id.in_(bindparam("village_ids", expanding=True)),
               a.deleted.is_(False), b.deleted.is_(False))
    )
    by_phone = pairs.where(a.phone == b.phone, a.phone.is_not(None), a.phone != "")
    by_name = pairs.where(a.match_name == b.match_name, a.match_name != "",
                          a.match_address == b.match_address, a.match_address != "")
    return union(by_phone, by_name)


# Built once, with a bound parameter: making this statement costs more than running it.
_DUPLICATE_PAIRS = _duplicate_pairs()


def duplicate_pairs(village_ids):
    """(statement, parameters) for the (id, id) pairs of the live households of these villages
    that the likely-duplicate rule pairs (households/matching.py): same phone, or same head name
    and address keys. Two hash joins on the keys stored with each household, so a 600-household
    village is never compared pair by pair in Python."""
    return _DUPLICATE_PAIRS, {"village_ids": list(village_ids)}


def households_by_id(ids):
    return select(Household).where(Household.id.in_(ids))


def visit_counts(household_ids):
    """(household id, number of visits) of these households."""
    return (select(Visit.household_id, func.count()).where(Visit.household_id.in_(household_ids))
            .group_by(Visit.household_id))
