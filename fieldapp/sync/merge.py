"""Field-by-field last-writer-wins, with conflicts kept (SYNC.md, "Conflicts").

Each synced row keeps, per field, a stamp of the change that wrote it: the phone time in
microseconds (`at`), the user (`by`) and the row version it produced (`v`).
"""
from dataclasses import dataclass
from datetime import datetime

from fieldapp.core.clock import from_micros, micros
from fieldapp.sync.models import Conflict


@dataclass(frozen=True)
class Change:
    """Who changes what, when (the phone's time), knowing which version."""

    user_id: int
    at: datetime
    base_version: int | None


def merge(row, values, change, entity_type, village_id):
    """Write into `row` the `values` (attribute -> value) that win; return the conflicts found.

    A value wins unless its attribute was last written by a change with a later phone time
    (ties go to the later arrival, this one). When the phone had not seen the stored value
    (its base_version is older than the stamp) and the two values differ, a Conflict keeps
    both, whichever won. The row's version goes up by one when anything is written.
    """
    stamps = dict(row.field_stamps or {})
    at = micros(change.at)
    seen = change.base_version or 0
    new_version = (row.version or 0) + 1
    conflicts, written, restamped = [], False, False
    for attribute, value in values.items():
        stamp = stamps.get(attribute)
        current = getattr(row, attribute)
        wins = stamp is None or at >= stamp["at"]
        if stamp is not None and stamp["v"] > seen and current != value:
            conflicts.append(_conflict(row, attribute, value, current, stamp, change, wins,
                                       entity_type, village_id))
        if not wins:
            continue
        if current != value or stamp is None:
            setattr(row, attribute, value)
            stamps[attribute] = {"at": at, "by": change.user_id, "v": new_version}
            written = True
        elif at > stamp["at"]:
            # The same value again, but later: an older change arriving after this one must
            # still lose to it, so the field keeps this change's time (not a new version).
            stamps[attribute] = {**stamp, "at": at, "by": change.user_id}
            restamped = True
    if written:
        row.version = new_version
    if written or restamped:
        row.field_stamps = stamps  # a new dict: JSON columns do not see changes made in place
    return conflicts


def _conflict(row, attribute, incoming, stored, stamp, change, incoming_wins, entity_type, village_id):
    ours = (incoming, change.user_id, change.at)
    theirs = (stored, stamp["by"], from_micros(stamp["at"]))
    (kept, kept_by, kept_at), (lost, lost_by, lost_at) = (
        (ours, theirs) if incoming_wins else (theirs, ours)
    )
    return Conflict(
        commune_id=row.commune_id, village_id=village_id, entity_type=entity_type, entity_id=row.id,
        field=_field_name(attribute), kept_value=_json(kept), kept_by_id=kept_by,
        kept_at=kept_at, lost_value=_json(lost), lost_by_id=lost_by, lost_at=lost_at,
    )


def _field_name(attribute):
    """The field as the phone names it: skill_x is skills.x, group_x is groups.x."""
    for prefix, field in (("skill_", "skills."), ("group_", "groups.")):
        if attribute.startswith(prefix):
            return field + attribute.removeprefix(prefix)
    return attribute


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def stamp_new(row, values, change):
    """Set every value of a row created by this change, stamped as version 1."""
    at = micros(change.at)
    for attribute, value in values.items():
        setattr(row, attribute, value)
    row.field_stamps = {a: {"at": at, "by": change.user_id, "v": 1} for a in values}
    row.version = 1
