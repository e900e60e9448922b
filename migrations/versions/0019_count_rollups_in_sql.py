"""count the per-day rollups of existing data, in SQL (issue 18 item 1)

Migration 0017 left every village's rollups to be counted by the first dated report that needed
them (`days_counted = -1`): for a province that first report took minutes. This one counts them
all now, in the database (dashboard/rollup_count.py: `INSERT ... SELECT` grouped by village and
local day), so reports after the upgrade only read. A village without a summary row yet (never
in a report) is counted, the same way, by its first report.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 04:00:00

"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    from fieldapp.dashboard import rollup_count

    bind = op.get_bind()
    claim = sa.text("UPDATE village_stats SET days_counted = changes RETURNING village_id")
    ids = bind.execute(claim).scalars().all()
    rollup_count.count(bind, ids, current_app.config["BABEL_DEFAULT_TIMEZONE"])


def downgrade():
    pass  # the rows stay right; 0017's downgrade drops them
