"""Pages of a list, one way for every JSON list endpoint: the query arguments (`page`,
`per_page`), the page's shape (`items`, `page`, `per_page`, `total`) and the two queries that
make it, the page's rows and the count of all of them, both run in SQL."""
from marshmallow import Schema, fields
from sqlalchemy import func, select

from fieldapp.core.validation import StrictSchema, between
from fieldapp.extensions import db

MAX_PER_PAGE = 200
MAX_PAGE = 100_000  # far past any commune's list; keeps the offset a number every engine takes


class PageArgsSchema(StrictSchema):
    page = fields.Integer(load_default=1, validate=between(1, MAX_PAGE))
    per_page = fields.Integer(load_default=50, validate=between(1, MAX_PER_PAGE))


class PageSchema(Schema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


def count_of(statement):
    """The number of rows `statement` selects."""
    return select(func.count()).select_from(statement.order_by(None).subquery())


def fetch_page(statement, page, per_page):
    """One page of `statement`'s rows, with the total, as the list endpoints answer."""
    total = db.session.scalar(count_of(statement))
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": items, "page": page, "per_page": per_page, "total": total}
