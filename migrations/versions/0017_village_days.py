"""village_days and volunteer_days: per-village per-day running totals for dated reports (issue 18
item 1)

A dated report (a month, a quarter, a campaign) reads two rows a village of village_days instead
of counting the visits of every household. Both tables are counted from the records by
dashboard/rollups.py for the villages whose `days_counted` is behind `changes` in
village_stats, the stale mark every write already bumps. Every existing village starts with
`days_counted = -1`: nothing is read from the new tables until the village has been counted
from the records again, by the next dated report or, all at once, by `flask rebuild-rollups`
(docs/deploy.md: run it after this upgrade on a large deployment).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 00:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('village_stats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('days_counted', sa.Integer(), nullable=False, server_default='-1'))
    op.create_table('village_days',
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('visited', sa.Integer(), nullable=False),
    sa.Column('covered', sa.Integer(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('knocks', sa.Integer(), nullable=False),
    sa.Column('visits_by_topic', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_village_days_commune_id_communes')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_village_days_village_id_villages')),
    sa.PrimaryKeyConstraint('village_id', 'day', name=op.f('pk_village_days'))
    )
    with op.batch_alter_table('village_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_village_days_commune_id'), ['commune_id'], unique=False)
    op.create_table('volunteer_days',
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('knocks', sa.Integer(), nullable=False),
    sa.Column('covered', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_volunteer_days_commune_id_communes')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_volunteer_days_village_id_villages')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_volunteer_days_volunteer_id_users')),
    sa.PrimaryKeyConstraint('village_id', 'volunteer_id', 'day', name=op.f('pk_volunteer_days'))
    )
    with op.batch_alter_table('volunteer_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_days_commune_id'), ['commune_id'], unique=False)


def downgrade():
    with op.batch_alter_table('volunteer_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_days_commune_id'))
    op.drop_table('volunteer_days')
    with op.batch_alter_table('village_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_village_days_commune_id'))
    op.drop_table('village_days')
    with op.batch_alter_table('village_stats', schema=None) as batch_op:
        batch_op.drop_column('days_counted')
