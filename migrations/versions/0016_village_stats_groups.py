"""village summaries: the groups' figures (issue 17 items 1 and 2)

Each village's summary keeps, for each group of members, its members and those of them with a
portal account. The summaries counted before have none: every one is marked stale and is
counted again by the next report.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 00:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('village_stats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('groups', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.execute("UPDATE village_stats SET counted = -1")


def downgrade():
    with op.batch_alter_table('village_stats', schema=None) as batch_op:
        batch_op.drop_column('groups')
    op.execute("UPDATE village_stats SET counted = -1")
