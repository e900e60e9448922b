"""URL pieces shared by every feature."""
from werkzeug.routing import IntegerConverter


class RowIdConverter(IntegerConverter):
    """`<id:name>`: a row id that fits the databases' 32-bit integers; any other number is a
    404, as on both engines, never an overflow."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)
