"""Covered % week by week, for the leader's chart. Covering is recorded once (covered_at), so
the curve counts households covered by each week's end over today's active households: read
from the village summaries and the per-day rollups (dashboard/rollups.py: "covered" at each
week's last day, one index lookup a village and week), or counted from the households in a
zone the rollups do not keep."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from fieldapp.dashboard import rollups
from fieldapp.dashboard.activity import VillageRef
from fieldapp.dashboard.queries import covered_percent, period
from fieldapp.dashboard.summary import summaries
from fieldapp.extensions import db
from fieldapp.households.models import Household
from fieldapp.households.queries import counted


def _week_ends(weeks, until, today):
    """The last days (Sundays) of the `weeks` weeks ending with the one of `until`, or with the
    current one (of `today`) when `until` is later: weeks to come are not drawn."""
    until = min(until, today)
    week_end = until + timedelta(days=6 - until.weekday())
    return [week_end - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def weekly_covered(commune_id, village_ids, weeks, until, zone_name, today):
    """[(week's last day, covered %)] for the `weeks` weeks ending with the one of `until`, or
    with the current one (of `today`) when `until` is later."""
    last_days = _week_ends(weeks, until, today)
    if not village_ids or not rollups.usable(period(None, last_days[0], zone_name)):
        return counted_weekly_covered(commune_id, village_ids, weeks, until, zone_name, today)
    villages = [VillageRef(village_id, commune_id) for village_id in village_ids]
    households = sum(row["households"] for row in summaries(villages).values())
    covered = rollups.covered_by(villages, last_days)
    return [(day, covered_percent(covered[day], households)) for day in last_days]


def counted_weekly_covered(commune_id, village_ids, weeks, until, zone_name, today):
    """The same, counted from the households."""
    active = ((Household.commune_id == commune_id) & Household.village_id.in_(village_ids)
              & Household.inactive.is_(False) & counted(Household))
    rows = db.session.execute(select(Household.status, Household.covered_at).where(active)).all()
    households = len(rows)
    # A covered household without a time (made before covered_at existed) counts from the start.
    covered_times = [at or datetime.min.replace(tzinfo=UTC) for status, at in rows if status == "covered"]
    points = []
    for last_day in _week_ends(weeks, until, today):
        end = period(None, last_day, zone_name).end
        points.append((last_day, covered_percent(sum(1 for at in covered_times if at < end), households)))
    return points


def chart(points, width=600, height=200, pad=30):
    """Coordinates for an inline SVG line chart of 0-100 %: `x` and `y` in a width × height
    box, and `left`, x as a percentage of the width, for an SVG drawn without a viewBox (so its
    labels keep their size in pixels on a phone, where a scaled drawing shrinks them)."""
    if not points:
        return {"width": width, "height": height, "line": "", "dots": [], "pad": pad}
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    dots = [{"x": round(pad + i * step, 1), "y": round(height - pad - (height - 2 * pad) * pct / 100, 1),
             "left": round(100 * (pad + i * step) / width, 2), "pct": pct, "day": day}
            for i, (day, pct) in enumerate(points)]
    return {"width": width, "height": height, "pad": pad, "dots": dots,
            "line": " ".join(f"{d['x']},{d['y']}" for d in dots)}
