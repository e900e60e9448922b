"""return visits: index of the households found not home without a return date

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-04 17:50:00

A "not home" visit without a date now puts the household on the return queue (DOMAIN.md);
the reports count those households with an index-only scan of this index, as they count the
dated ones with ix_households_due. Nothing stored changes meaning: the rule reads the
household's latest visit, kept by every write path, and applies FIELDAPP_RETURN_AFTER_DAYS
when asked, so there is nothing to recompute.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

WHERE = ("next_visit_on IS NULL AND last_outcome = 'not_home' AND status <> 'covered' "
         "AND inactive IS false AND deleted IS false")


def upgrade():
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index('ix_households_due_not_home', ['last_visit_at', 'village_id'], unique=False,
                              postgresql_where=sa.text(WHERE), sqlite_where=sa.text(WHERE))


def downgrade():
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index('ix_households_due_not_home', postgresql_where=sa.text(WHERE),
                            sqlite_where=sa.text(WHERE))
