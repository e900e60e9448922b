"""issued reports: the commune's monthly, quarterly, six-monthly and yearly reports, frozen (issue 17)

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-05 16:30:00

A new table only: nothing stored before changes meaning.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('issued_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('date_from', sa.Date(), nullable=False),
    sa.Column('date_to', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('difficulties', sa.Text(), nullable=False),
    sa.Column('causes', sa.Text(), nullable=False),
    sa.Column('proposals', sa.Text(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('month','quarter','half','year')", name=op.f('ck_issued_reports_kind')),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_issued_reports_commune_id_communes')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_issued_reports_issued_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_reports')),
    sa.UniqueConstraint('commune_id', 'year', 'seq', name=op.f('uq_issued_reports_commune_id_year_seq'))
    )
    with op.batch_alter_table('issued_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_reports_commune_id'), ['commune_id'], unique=False)


def downgrade():
    with op.batch_alter_table('issued_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_reports_commune_id'))

    op.drop_table('issued_reports')
