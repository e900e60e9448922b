"""village summaries: knocks beside guidance visits

`visits` now counts the met visits only (the doors that opened) and `knocks` every visit: the
summaries counted before hold the old meaning, so every one is marked stale and is counted
again by the next report.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-04 17:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('village_stats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('knocks', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE village_stats SET counted = -1")


def downgrade():
    with op.batch_alter_table('village_stats', schema=None) as batch_op:
        batch_op.drop_column('knocks')
    op.execute("UPDATE village_stats SET counted = -1")
