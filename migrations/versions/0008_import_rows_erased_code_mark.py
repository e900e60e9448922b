"""import previews keep normalised rows, not the file; erased households keep a keyed hash of their code

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-04 17:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # An upload's file may hold columns the law forbids: previews waiting now are dropped with it.
    op.execute("DELETE FROM import_uploads WHERE imported_at IS NULL")
    with op.batch_alter_table('import_uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rows', sa.JSON(), nullable=True))
        batch_op.drop_column('data')

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_code_mark', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_column('erased_code_mark')

    with op.batch_alter_table('import_uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.LargeBinary(), nullable=True))
        batch_op.drop_column('rows')
