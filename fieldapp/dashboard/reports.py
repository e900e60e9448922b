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
    instead of counted, plus the return visits due, which depend on the day (`_add_due`). For
    a dated period, what depends on the dates (visited and covered by its end, its visits,
    knocks and topics) comes from the per-day rollups instead (dashboard/rollups.py)."""
    dated = span.start is not None or span.end is not None
    for village_id, row in summaries(villages, topics=not dated).items():
        indicators = by_village[village_id]
        indicators.update((key, row[key]) for key in COUNTED)
        if not dated:  # a dated period's topics are the rollups' (below), from the blank's zeros
            indicators["visits_by_topic"].update(row["visits_by_topic"])
        queries.add_groups(indicators["groups"], row["groups"])
    if dated:
        rollups.refresh(villages)  # after summaries(): each village has its village_stats row
        for village_id, counts in rollups.period_counts(villages, span).items():
            indicators = by_village[village_id]
            keys = ("visits", "knocks") if span.end is None else ("visited", "covered", "visits", "knocks")
            indicators.update((key, counts[key]) for key in keys)  # by an open end: the summary's
            indicators["visits_by_topic"].update(counts["visits_by_topic"])
    _add_due(by_village, commune_id, span, refreshed=dated)


def _add_due(by_village, commune_id, span, refreshed):
    """The return visits due by the period's last day: from the rollups' due days where they
    are counted (every village once `refreshed`), counted from the households for the villages
    whose rollups are behind their writes (an undated report does not count rollups again) and
    for a period in another zone than the deployment's."""
    ids = list(by_village)
    if span.zone == current_app.config["BABEL_DEFAULT_TIMEZONE"]:
        live = [] if refreshed else rollups.behind(ids)
        due = rollups.due_counts(sorted(set(ids) - set(live)), span.due_by, span.return_after_days)
    else:
        live, due = ids, {}
    if live:
        due.update(db.session.execute(queries.due_counts(commune_id, live, span)).all())
    for village_id, count in due.items():
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
