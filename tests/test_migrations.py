"""Migrations are the only way the schema is made: they must build what the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from fieldapp.extensions import db


def test_migrations_build_the_schema_the_models_describe(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_table_carries_commune_id():
    without = [t.name for t in db.metadata.sorted_tables
               if "commune_id" not in t.c and t.name != "communes"]
    assert without == []


def test_migrations_build_the_check_constraints_the_models_declare(app):
    from sqlalchemy import CheckConstraint, inspect

    inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        declared = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        built = {c["name"] for c in inspector.get_check_constraints(table.name)}
        assert declared <= built, table.name
