"""The coverage indicators of DOMAIN.md, counted per village in SQL.

Each statement is one GROUP BY village over the stored `status`, `capable`, `covered_at` and
latest-visit columns, so a report costs the same few queries for one village or twenty-four.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Integer, case, cast, func, select, true, union_all

from fieldapp.core.model import among
from fieldapp.core.permissions import sees_whole_commune
from fieldapp.core.vocabulary import GROUPS, PORTAL_ACCOUNT_SKILL, TOPICS
from fieldapp.extensions import db
from fieldapp.households.models import Household, Member, Visit, VisitTopic
from fieldapp.households.queries import counted, due_branches, due_for_return
from fieldapp.places.models import Village

COUNTS = ("households", "visited", "covered", "people_level2", "people_capable",
          "people_online_payment", "visits", "knocks", "due_for_return")


@dataclass(frozen=True)
class Period:
    """A report's period as UTC instants: [start, end), each open when None."""

    start: datetime | None
    end: datetime | None
    due_by: date  # households due for a return visit on or before this local date count
    return_after_days: int  # FIELDAPP_RETURN_AFTER_DAYS
    zone: str  # the commune's time zone, where a visit has its date


def period(date_from, date_to, zone_name, return_after_days=None):
    """The period from `date_from` to `date_to` included, local dates of `zone_name`. Its
    households due for a return visit are those due by its last day (by today for an open end),
    by the same rule as the households list, applied to their latest visit."""
    zone = ZoneInfo(zone_name)

    def midnight(day):
        return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)

    return Period(
        start=midnight(date_from) if date_from else None,
        end=midnight(date_to + timedelta(days=1)) if date_to else None,
        due_by=date_to or datetime.now(zone).date(),
        return_after_days=(current_app.config["FIELDAPP_RETURN_AFTER_DAYS"] if return_after_days is None
                           else return_after_days),
        zone=zone_name,
    )


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


_ACTIVE = Household.inactive.is_(False) & counted(Household)


def report_commune(user, across_communes=False):
    """The commune a report is limited to, or None for an admin's report across the deployment
    (DOMAIN.md: an admin sees every commune; one deployment can serve a province)."""
    return None if across_communes and user.role == "admin" else user.commune_id


def in_commune(column, commune_id):
    return true() if commune_id is None else column == commune_id


def villages_in_scope(user, village_id=None, across_communes=False):
    """The villages a report covers: the user's own (volunteers, leaders), the commune's
    (officers), or, asked for, every commune's (admins)."""
    commune_id = report_commune(user, across_communes)
    statement = select(Village).where(in_commune(Village.commune_id, commune_id), Village.deleted.is_(False))
    if not sees_whole_commune(user):
        statement = statement.where(Village.id.in_(user.village_ids))
    if village_id is not None:
        statement = statement.where(Village.id == village_id)
    return statement.order_by(Village.commune_id, Village.code)


def household_counts(commune_id, village_ids, span):
    """Per village: households, visited, covered, due_for_return."""
    if span.end is None:
        visited = Household.last_visit_at.is_not(None)
        covered = Household.status == "covered"
    else:
        visited = (
            select(Visit.id)
            .where(Visit.household_id == Household.id, Visit.commune_id == Household.commune_id,
                   Visit.visited_at < span.end)
            .exists()
        )
        # Every write that covers a household stamps covered_at; a row without one (made before
        # that column) counts as covered rather than dropping out of every period.
        covered = (Household.status == "covered") & (
            Household.covered_at.is_(None) | (Household.covered_at < span.end))
    due = due_for_return(span.due_by, span.return_after_days, span.zone)
    return (
        select(Household.village_id, func.count().label("households"), _count(visited).label("visited"),
               _count(covered).label("covered"), _count(due).label("due_for_return"))
        .where(in_commune(Household.commune_id, commune_id), Household.village_id.in_(village_ids), _ACTIVE)
        .group_by(Household.village_id)
    )


def _group_counts():
    """For each group: its members (`group_<key>`) and of them those with a portal account
    (`group_<key>_portal`), as columns of people_counts."""
    portal = getattr(Member, f"skill_{PORTAL_ACCOUNT_SKILL}").is_(True)
    columns = []
    for key in GROUPS:
        member_of = getattr(Member, f"group_{key}").is_(True)
        columns += [_count(member_of).label(f"group_{key}"),
                    _count(member_of & portal).label(f"group_{key}_portal")]
    return columns


def people_counts(commune_id, village_ids):
    """Per village, over the members not removed of active households: people_level2,
    people_capable, people_online_payment, and the groups' figures."""
    return (
        select(Household.village_id,
               _count(Member.skill_vneid_level2.is_(True)).label("people_level2"),
               _count(Member.capable.is_(True)).label("people_capable"),
               _count(Member.skill_online_payment.is_(True)).label("people_online_payment"),
               *_group_counts())
        .join(Household, Household.id == Member.household_id)
        .where(in_commune(Member.commune_id, commune_id), Household.commune_id == Member.commune_id,
               Household.village_id.in_(village_ids), counted(Member), _ACTIVE)
        .group_by(Household.village_id)
    )


def _visits_of_period(commune_id, village_ids, span):
    clause = in_commune(Visit.commune_id, commune_id) & Visit.village_id.in_(village_ids)
    if span.start is not None:
        clause &= Visit.visited_at >= span.start
    if span.end is not None:
        clause &= Visit.visited_at < span.end
    return clause


# A guidance visit ("lượt hướng dẫn") is one where the door opened; a knock is any visit,
# not_home and refused included: the walking done.
_MET = Visit.outcome == "met"


def visit_counts(commune_id, village_ids, span):
    """Per village: the guidance visits (met) and the knocks (every visit) made in the period
    (by the phone's visit time), whatever has become of the household since: the work was done."""
    return (
        select(Visit.village_id, _count(_MET).label("visits"), func.count().label("knocks"))
        .where(_visits_of_period(commune_id, village_ids, span))
        .group_by(Visit.village_id)
    )


def topic_counts(commune_id, village_ids, span):
    """Per village and topic: the guidance visits (met) of the period that taught it."""
    return (
        select(Visit.village_id, VisitTopic.topic, func.count().label("visits"))
        .join(VisitTopic, VisitTopic.visit_id == Visit.id)
        .where(_visits_of_period(commune_id, village_ids, span), VisitTopic.commune_id == Visit.commune_id,
               _MET)
        .group_by(Visit.village_id, VisitTopic.topic)
    )


def due_counts(commune_id, village_ids, span):
    """Per village: due_for_return alone (the summaries cannot hold it: it depends on the day),
    counted branch by branch of the rule, each over its partial index, then added up."""
    counts = union_all(*(
        select(Household.village_id, func.count().label("due"))
        .where(in_commune(Household.commune_id, commune_id),
               among(Household.village_id, village_ids, db.engine), branch)
        .group_by(Household.village_id)
        for branch in due_branches(span.due_by, span.return_after_days, span.zone))).subquery()
    return (select(counts.c.village_id, cast(func.sum(counts.c.due), Integer).label("due_for_return"))
            .group_by(counts.c.village_id))


def blank_groups():
    """{group key: {"members", "portal_account"}}, all 0."""
    return {key: {"members": 0, "portal_account": 0} for key in GROUPS}


def blank_indicators():
    return {**dict.fromkeys(COUNTS, 0), "visits_by_topic": dict.fromkeys(TOPICS, 0), "groups": blank_groups()}


def add_groups(into, groups):
    """Add one village's groups' figures (as counted or as saved in its summary) to `into`."""
    for key, figures in groups.items():
        if key in into:
            for name, count in figures.items():
                into[key][name] += count


def total_of(villages_indicators):
    """The indicators of several villages added up: every count, the visits by topic and the
    groups' figures."""
    total = blank_indicators()
    for indicators in villages_indicators:
        for key in COUNTS:
            total[key] += indicators[key]
        for topic, visits in indicators["visits_by_topic"].items():
            total["visits_by_topic"][topic] += visits
        add_groups(total["groups"], indicators["groups"])
    return total


def with_percentage(indicators):
    """The indicators with their covered share (`covered_pct`), for a report's row."""
    indicators["covered_pct"] = covered_percent(indicators["covered"], indicators["households"])
    return indicators


def covered_percent(covered, households):
    """The covered share in %, one decimal; 0 for no household."""
    return round(100 * covered / households, 1) if households else 0.0


def count_records(by_village, commune_id, span):
    """Fill {village_id: indicators} by counting the records: four grouped statements."""
    ids = list(by_village)
    for statement in (household_counts(commune_id, ids, span), people_counts(commune_id, ids),
                      visit_counts(commune_id, ids, span)):
        for row in db.session.execute(statement).mappings():
            indicators = by_village[row["village_id"]]
            for key, value in row.items():
                if key.startswith("group_"):
                    group, portal = key[len("group_"):].removesuffix("_portal"), key.endswith("_portal")
                    indicators["groups"][group]["portal_account" if portal else "members"] = int(value)
                elif key != "village_id":
                    indicators[key] = int(value)
    for village_id, topic, visits in db.session.execute(topic_counts(commune_id, ids, span)):
        by_village[village_id]["visits_by_topic"][topic] = visits
    return by_village
