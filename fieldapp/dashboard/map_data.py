"""Compact point data for the coverage map: one short array per household, so that a commune
of 8,000 households travels in one response of a few hundred kilobytes."""
from sqlalchemy import select

from fieldapp.core.text import name_order
from fieldapp.core.vocabulary import STATUSES
from fieldapp.dashboard.queries import covered_percent
from fieldapp.extensions import db
from fieldapp.households.models import Household

STATUS_ORDER = list(STATUSES)
UNPLACED_LISTED = 500


def map_data(commune_id, villages):
    ids = [village.id for village in villages]
    rows = db.session.execute(
        select(Household.id, Household.village_id, Household.lat, Household.lon, Household.status,
               Household.head_name, Household.address)
        .where(Household.commune_id == commune_id, Household.village_id.in_(ids),
               Household.inactive.is_(False), Household.deleted.is_(False))
    ).all() if ids else []
    counts = {village_id: [0, 0] for village_id in ids}
    points, unplaced = [], []
    for row in rows:
        counts[row.village_id][0] += 1
        counts[row.village_id][1] += row.status == "covered"
        if row.lat is None or row.lon is None:
            unplaced.append(row)
        else:
            points.append([str(row.id), round(row.lat, 5), round(row.lon, 5),
                           STATUS_ORDER.index(row.status), row.village_id])
    unplaced.sort(key=lambda row: name_order(row.head_name, row.id))
    return {
        "statuses": STATUS_ORDER,
        "points": points,
        "villages": [{"id": v.id, "code": v.code, "name": v.name, "lat": v.lat, "lon": v.lon,
                      "households": counts[v.id][0], "covered": counts[v.id][1],
                      "covered_pct": covered_percent(counts[v.id][1], counts[v.id][0])} for v in villages],
        "without_position": len(unplaced),
        "unplaced": [{"id": r.id, "village_id": r.village_id, "head_name": r.head_name, "address": r.address,
                      "status": r.status} for r in unplaced[:UNPLACED_LISTED]],
    }
