"""The reports of DOMAIN.md, built once for every face that shows them: the coverage report
(every indicator per village and in total, for a period) and the barrier report. The stats API
(dashboard/api.py) answers them as JSON, the leader's pages and the office's reports and
workbooks (dashboard/views.py, office/views.py) render them."""
from fieldapp.core.permissions import sees_whole_commune
from fieldapp.dashboard import queries
from fieldapp.dashboard.barriers import barrier_counts, totals
from fieldapp.dashboard.summary import COUNTED, summaries
from fieldapp.extensions import db
from fieldapp.places.models import Village
from fieldapp.plans.figures import add_plan_counts


def with_percentage(indicators):
    indicators["covered_pct"] = queries.covered_percent(indicators["covered"], indicators["households"])
    return indicators


def _summary_counts(by_village, villages, commune_id, span):
    """The counts of the open period ("from the start"), read from the village summaries
    instead of counted, plus the return visits due, which depend on the day."""
    for village_id, row in summaries(villages).items():
        indicators = by_village[village_id]
        indicators.update((key, row[key]) for key in COUNTED)
        indicators["visits_by_topic"].update(row["visits_by_topic"])
    for village_id, due in db.session.execute(queries.due_counts(commune_id, list(by_village), span)):
        by_village[village_id]["due_for_return"] = due


def coverage_report(user, village_id, span, across_communes=False):
    """Every indicator per village of the report and in total."""
    statement = queries.villages_in_scope(user, village_id, across_communes)
    villages = db.session.execute(statement.with_only_columns(
        Village.id, Village.commune_id, Village.code, Village.name)).all()
    by_village = {village.id: queries.blank_indicators() for village in villages}
    commune_id = queries.report_commune(user, across_communes)
    if by_village and span.start is None and span.end is None:
        _summary_counts(by_village, villages, commune_id, span)
    elif by_village:
        queries.count_records(by_village, commune_id, span)
    total = queries.blank_indicators()
    for indicators in by_village.values():
        for key in queries.COUNTS:
            total[key] += indicators[key]
        for topic, visits in indicators["visits_by_topic"].items():
            total["visits_by_topic"][topic] += visits
    add_plan_counts(by_village, total, commune_id, span,  # the desk's and the sessions' figures
                    whole_commune=sees_whole_commune(user) and village_id is None)
    return {
        "total": with_percentage(total),
        "villages": [{"village_id": v.id, "code": v.code, "name": v.name, **with_percentage(by_village[v.id])}
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
