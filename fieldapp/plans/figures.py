"""The desk's, the sessions' and the organisations' figures of the coverage report, per
village and in total.

A desk contact counts in the village of the member it was linked to; a session in its village.
Those of no village (most desk contacts, the commune's own sessions) count in the total only,
and only in a report of the whole commune: the total is always the villages' figures plus
those, so each contact and each session counts once.

An organisation counts in its village, as long as it is not removed, whatever the period (like
a household); `organisations_covered` counts those covered by the period's last day
(plans/organisations.py holds the rule).
"""
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, case, cast, func, literal, or_, select, true, union_all

from fieldapp.core.model import among
from fieldapp.extensions import db
from fieldapp.plans.models import DeskContact, Organisation, OutreachSession
from fieldapp.plans.organisations import covered_before

PLAN_COUNTS = ("desk_contacts", "desk_self_done", "sessions", "session_attendance",
               "organisations", "organisations_covered")


def _local_days(span):
    """The period's first day and the day after its last, as local dates (None when open)."""
    zone = ZoneInfo(span.zone)
    first = span.start.astimezone(zone).date() if span.start is not None else None
    after = span.end.astimezone(zone).date() if span.end is not None else None
    return first, after


def _where(model, commune_id, village_ids, whole_commune):
    clause = true() if commune_id is None else model.commune_id == commune_id
    villages = among(model.village_id, village_ids, db.engine) if village_ids else None
    if whole_commune:
        commune_wide = model.village_id.is_(None)
        villages = commune_wide if villages is None else or_(villages, commune_wide)
    return clause & villages if villages is not None else None


def _organisations(commune_id, village_ids, after):
    where = among(Organisation.village_id, village_ids, db.engine) & Organisation.removed.is_(False)
    if commune_id is not None:
        where &= Organisation.commune_id == commune_id
    return (select(Organisation.village_id, literal("organisation").label("kind"), func.count().label("n"),
                   cast(func.coalesce(func.sum(case((covered_before(after), 1), else_=0)), 0),
                        Integer).label("extra"))
            .where(where).group_by(Organisation.village_id))


def plan_statement(commune_id, village_ids, span, whole_commune):
    """One statement: per village (None for the commune's own), the desk contacts, those done by
    the person themselves, the sessions and their attendance in the period, and the
    organisations and those covered by its end."""
    desk_where = _where(DeskContact, commune_id, village_ids, whole_commune)
    sessions_where = _where(OutreachSession, commune_id, village_ids, whole_commune)
    if desk_where is None:
        return None
    if span.start is not None:
        desk_where &= DeskContact.helped_at >= span.start
    if span.end is not None:
        desk_where &= DeskContact.helped_at < span.end
    first, after = _local_days(span)
    if first is not None:
        sessions_where &= OutreachSession.held_on >= first
    if after is not None:
        sessions_where &= OutreachSession.held_on < after
    desk = (select(DeskContact.village_id, literal("desk").label("kind"), func.count().label("n"),
                   cast(func.coalesce(func.sum(case((DeskContact.self_done.is_(True), 1), else_=0)), 0),
                        Integer).label("extra"))
            .where(desk_where).group_by(DeskContact.village_id))
    sessions = (select(OutreachSession.village_id, literal("session").label("kind"), func.count().label("n"),
                       cast(func.coalesce(func.sum(OutreachSession.attendance), 0), Integer).label("extra"))
                .where(sessions_where).group_by(OutreachSession.village_id))
    return union_all(desk, sessions, _organisations(commune_id, village_ids, after))


KEYS = {"desk": ("desk_contacts", "desk_self_done"), "session": ("sessions", "session_attendance"),
        "organisation": ("organisations", "organisations_covered")}


def add_plan_counts(by_village, total, commune_id, span, whole_commune):
    """Add PLAN_COUNTS to each village's indicators and to the total (see the module's rule)."""
    for indicators in (*by_village.values(), total):
        indicators.update(dict.fromkeys(PLAN_COUNTS, 0))
    statement = plan_statement(commune_id, list(by_village), span, whole_commune)
    if statement is None:
        return
    for village_id, kind, count, extra in db.session.execute(statement):
        counted_in = [total] if village_id is None else [by_village[village_id], total]
        number, more = KEYS[kind]
        for indicators in counted_in:
            indicators[number] += int(count)
            indicators[more] += int(extra)

