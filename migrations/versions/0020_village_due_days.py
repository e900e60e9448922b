"""village_due_days: the open households by the day they fall due for a return visit (issue 18
item 1)

A report counted its return visits due from every open household (about 100 ms for a province
of a million); it now reads two rows a village of this table, counted with the village's
rollups (dashboard/rollup_count.py). The villages whose rollups are counted get their due days
counted now, in the database; the others are counted, with their rollups, by their next report.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('village_due_days',
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('dated', sa.Integer(), nullable=False),
    sa.Column('not_home', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_village_due_days_commune_id_communes')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_village_due_days_village_id_villages')),
    sa.PrimaryKeyConstraint('village_id', 'day', name=op.f('pk_village_due_days'))
    )
    with op.batch_alter_table('village_due_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_village_due_days_commune_id'), ['commune_id'], unique=False)

    from fieldapp.dashboard import rollup_count

    bind = op.get_bind()
    counted = sa.text("SELECT village_id FROM village_stats WHERE days_counted = changes")
    rollup_count.count(bind, bind.execute(counted).scalars().all(), current_app.config["BABEL_DEFAULT_TIMEZONE"],
                       making=rollup_count.due_statements)


def downgrade():
    with op.batch_alter_table('village_due_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_village_due_days_commune_id'))
    op.drop_table('village_due_days')
