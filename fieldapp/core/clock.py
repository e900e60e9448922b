"""The field stamps' clock: a moment as whole microseconds since 1970 (UTC), the unit in which
sync's merge (sync/merge.py) and the merging of two households (households/merging.py) compare
who wrote a field last."""
from datetime import UTC, datetime

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - _EPOCH


def micros(moment):
    return (moment - _EPOCH) // _MICROSECOND


def from_micros(value):
    return _EPOCH + value * _MICROSECOND
