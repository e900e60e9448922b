"""The reports of DOMAIN.md, built once for every face that shows them: the coverage report
(every indicator per village and in total, for a period) and the barrier report. The stats API
(dashboard/api.py) answers them as JSON, the leader's pages and the office's reports and
workbooks (dashboard/views.py, office/views.py) render them."""
from flask import current_app

from fieldapp.core.permissions import sees_whole_commune
from fieldapp.dashboard import queries, rollups
from fieldapp.dashboard.barriers import barrier_counts, totals
from fieldapp.dashboard.summary import COUNTED, summaries
from fieldapp.extensions import db
from fieldapp.places.models import Village
from fieldapp.plans.figures import add_plan_counts


def _summary_counts(by_village, villages, commune_id, span):
    """The counts of the open period ("from the start"), read from the village summaries
    instead of counted, plus the return visits due, which depend on the day: from the rollups'
    due days (dashboard/rollups.py), or counted for a period in another zone. For a dated
    period, what depends on the dates (visited and covered by its end, its visits, knocks and
    topics) comes from the per-day rollups too."""
    dated = span.start is not None or span.end is not None
    due_from_rollups = span.zone == current_app.config["BABEL_DEFAULT_TIMEZONE"]
    for village_id, row in summaries(villages).items():
        indicators = by_village[village_id]
        indicators.update((key, row[key]) for key in COUNTED)
        if not dated:  # a dated period's topics are the rollups' (below), from the blank's zeros
            indicators["visits_by_topic"].update(row["visits_by_topic"])
        queries.add_groups(indicators["groups"], row["groups"])
    if dated or due_from_rollups:
        rollups.refresh(villages)  # after summaries(): each village has its village_stats row
    if dated:
        for village_id, counts in rollups.period_counts(villages, span).items():
            indicators = by_village[village_id]
            keys = ("visits", "knocks") if span.end is None else ("visited", "covered", "visits", "knocks")
            indicators.update((key, counts[key]) for key in keys)  # by an open end: the summary's
            indicators["visits_by_topic"].update(counts["visits_by_topic"])
    due = (rollups.due_counts(list(by_village), span.due_by, span.return_after_days) if due_from_rollups
           else db.session.execute(queries.due_counts(commune_id, list(by_village), span)))
    for village_id, count in dict(due).items():
        by_village[village_id]["due_for_return"] = count


def count_indicators(by_village, villages, commune_id, span):
    """Fill {village_id: blank indicators} for `span`: from the summaries and rollups when
    they can answer for it, else by counting the records."""
    if not by_village:
        return by_village
    if (span.start is None and span.end is None) or rollups.usable(span):
        _summary_counts(by_village, villages, commune_id, span)
    else:
        queries.count_records(by_village, commune_id, span)
    return by_village


def coverage_report(user, village_id, span, across_communes=False):
    """Every indicator per village of the report and in total."""
    statement = queries.villages_in_scope(user, village_id, across_communes)
    villages = db.session.execute(statement.with_only_columns(
        Village.id, Village.commune_id, Village.code, Village.name)).all()
    by_village = {village.id: queries.blank_indicators() for village in villages}
    commune_id = queries.report_commune(user, across_communes)
    count_indicators(by_village, villages, commune_id, span)
    total = queries.total_of(by_village.values())
    add_plan_counts(by_village, total, commune_id, span,  # the desk's and the sessions' figures
                    whole_commune=sees_whole_commune(user) and village_id is None)
    return {
        "total": queries.with_percentage(total),
        "villages": [{"village_id": v.id, "code": v.code, "name": v.name,
                      **queries.with_percentage(by_village[v.id])}
                     for v in villages],
    }


def barrier_report(user, village_id=None):
    """Barrier counts per village of the user's scope (one commune) and in total."""
    villages = db.session.scalars(queries.villages_in_scope(user, village_id)).all()
    counts = barrier_counts(user.commune_id, [village.id for village in villages])
    return {
        "total": {"barriers": totals(counts)},
        "villages": [{"village_id": v.id, "code": v.code, "name": v.name, "barriers": counts[v.id]}
                     for v in villages],
    }
