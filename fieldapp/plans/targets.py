"""Targets: setting them, and their actual figures today.

The actual figure of a reported indicator is the coverage report's from the start to now, for
the whole commune or the target's village, counted as the report counts it; that of an
entered indicator is the value of the latest month entered (entered figures are the commune's).
"""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from fieldapp.core import audit
from fieldapp.dashboard import queries
from fieldapp.dashboard.reports import count_indicators
from fieldapp.extensions import db
from fieldapp.places.models import Village
from fieldapp.plans.figures import add_plan_counts
from fieldapp.plans.indicators import ENTERED
from fieldapp.plans.models import EnteredIndicator, Target
from fieldapp.plans.pace import expected_on, on_track
from fieldapp.plans.services import invalid_field, village_of_commune


def report_figures(commune_id, date_to=None):
    """{None: the commune's indicators, village id: the village's}, from the start to now (or
    to the end of `date_to`, for a report issued for a period)."""
    config = current_app.config
    span = queries.period(None, date_to, config["BABEL_DEFAULT_TIMEZONE"],
                          config["FIELDAPP_RETURN_AFTER_DAYS"])
    villages = db.session.execute(select(Village.id, Village.commune_id).where(
        Village.commune_id == commune_id, Village.deleted.is_(False))).all()
    by_village = {village.id: queries.blank_indicators() for village in villages}
    count_indicators(by_village, villages, commune_id, span)  # summaries and rollups, as the report
    total = queries.total_of(by_village.values())
    add_plan_counts(by_village, total, commune_id, span, whole_commune=True)
    figures = {None: total, **by_village}
    for indicators in figures.values():
        queries.with_percentage(indicators)
        indicators.update(group_figures(indicators["groups"]))
    return figures


def group_figures(groups):
    """The groups' figures under their target names (plans/indicators.py GROUPED): for each
    group, the members with a portal account and their share of the group's members in %."""
    figures = {}
    for key, counts in groups.items():
        figures[f"group.{key}.portal_account"] = counts["portal_account"]
        figures[f"group.{key}.portal_account_pct"] = queries.covered_percent(counts["portal_account"],
                                                                             counts["members"])
    return figures


def entered_figures(commune_id, until_month=None):
    """{indicator: the value of the latest month entered (up to `until_month`, "YYYY-MM")}."""
    statement = select(EnteredIndicator.indicator, EnteredIndicator.value).where(
        EnteredIndicator.commune_id == commune_id)
    if until_month is not None:
        statement = statement.where(EnteredIndicator.month <= until_month)
    rows = db.session.execute(statement.order_by(EnteredIndicator.month)).all()
    return dict(rows)  # later months overwrite earlier ones


def actual_of(indicator, village_id, figures, entered):
    if indicator in ENTERED:
        return entered.get(indicator)
    indicators = figures.get(village_id)
    return None if indicators is None else float(indicators[indicator])


def set_target(user, data, today):
    """A target of the user's commune (or one of its villages), measured from today's figure."""
    if data["village_id"] is not None:
        village_of_commune(user, data["village_id"])
        if data["indicator"] in ENTERED:
            raise invalid_field("village_id", _("This figure is entered for the whole commune only."))
    actual = actual_of(data["indicator"], data["village_id"], report_figures(user.commune_id),
                       entered_figures(user.commune_id))
    target = Target(commune_id=user.commune_id, village_id=data["village_id"], indicator=data["indicator"],
                    value=data["value"], due_on=data["due_on"], starts_on=today,
                    start_value=actual or 0.0, created_by_id=user.id)
    db.session.add(target)
    db.session.flush()
    audit.record("target_set", user, target=target, indicator=target.indicator, village_id=target.village_id,
                 value=target.value, due_on=target.due_on.strftime("%d/%m/%Y"))  # as the log shows it
    return target


def with_progress(targets, figures, entered, today):
    """The targets as the list shows them: each with `actual`, `expected` and `on_track`."""
    items = []
    for target in targets:
        actual = actual_of(target.indicator, target.village_id, figures, entered)
        line = (today, target.starts_on, target.start_value, target.due_on, target.value)
        items.append({
            "id": target.id, "village_id": target.village_id, "indicator": target.indicator,
            "value": target.value, "due_on": target.due_on, "starts_on": target.starts_on,
            "start_value": target.start_value, "actual": actual,
            "expected": round(expected_on(*line), 1), "on_track": on_track(actual, *line)})
    return items


def targets_of(commune_id, today):
    targets = db.session.scalars(select(Target).where(Target.commune_id == commune_id)
                                 .order_by(Target.due_on, Target.id)).all()
    if not targets:
        return []
    return with_progress(targets, report_figures(commune_id), entered_figures(commune_id), today)
