"""The rows a push creates, kept as plain objects and inserted with one executemany a table.

An ORM object costs an instrumented event for every attribute set and a pass of the unit of
work at the flush: for the 300 new rows of a 500-operation push that was half its CPU (issue
18). The handlers (sync/apply.py) work on these rows exactly as on loaded ones (`merge`,
`derive` read and set attributes); `insert_all` then writes them with Core, doing by hand what
the session's write hooks do for ORM rows: each row takes the commune's next `seq` (sync/seq.py)
and its village is noted for the summaries and rollups (dashboard/summary.py).
"""
from fieldapp.core.bulk import insert_rows
from fieldapp.core.model import note_written_villages
from fieldapp.households.models import Household, Member, Visit
from fieldapp.sync.seq import take_seqs

ORDER = (Household, Member, Visit)  # the foreign keys' order


def _defaults(model):
    """({column: value}, ((column, factory), ...)) for every column, as the ORM's flush fills them."""
    values, factories = {}, []
    for column in model.__table__.columns:
        default = column.default
        if default is None:
            # A column only the database fills must be left out, not set to NULL: none here.
            assert column.server_default is None, f"{column} has only a server default"
            values[column.key] = None
        elif default.is_scalar:
            values[column.key] = default.arg
        else:
            assert default.is_callable, f"{column}: {default}"
            factories.append((column.key, default.arg))
    return values, tuple(factories)


DEFAULTS = {model: _defaults(model) for model in ORDER}
COLUMNS = {model: tuple(column.key for column in model.__table__.columns) for model in ORDER}


class NewRow:
    """A row of `model` made by this push: every column an attribute, defaults filled."""

    model = None

    def __init__(self, **values):
        fixed, factories = DEFAULTS[self.model]
        attributes = self.__dict__
        attributes.update(fixed)
        for key, factory in factories:
            if key not in values:
                attributes[key] = factory(None)  # SQLAlchemy's wrapper takes the execution context
        attributes.update(values)


class NewHousehold(NewRow):
    model = Household


class NewMember(NewRow):
    model = Member
    skills = Member.__dict__["skills"]
    groups = Member.__dict__["groups"]


class NewVisit(NewRow):
    model = Visit


def insert_all(session, commune_id, rows):
    """Insert the new rows (of one commune), in the foreign keys' order; number them."""
    if not rows:
        return
    first = take_seqs(session, commune_id, len(rows))
    by_model, villages = {model: [] for model in ORDER}, set()
    for seq, row in enumerate(rows, start=first):
        row.seq = seq
        by_model[row.model].append(row)
        villages.add(row.village_id)
    note_written_villages(session, villages)
    connection = session.connection()
    for model, made in by_model.items():
        insert_rows(connection, model.__table__, COLUMNS[model], [vars(row) for row in made])
