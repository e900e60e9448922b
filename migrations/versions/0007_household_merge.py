"""household match keys and merge tombstones

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-04 17:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('match_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('match_address', sa.String(length=300), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('merged_into_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_households_merged_into_id_households'), 'households',
                                    ['merged_into_id'], ['id'])
        batch_op.create_index('ix_households_village_match_name', ['village_id', 'match_name'], unique=False)
        batch_op.create_index('ix_households_village_phone', ['village_id', 'phone'], unique=False)

    # The keys of the households already recorded, as households/matching.py makes them.
    from fieldapp.households.matching import match_key

    households = sa.table('households', sa.column('id', sa.Uuid()), sa.column('head_name', sa.String()),
                          sa.column('address', sa.String()), sa.column('match_name', sa.String()),
                          sa.column('match_address', sa.String()))
    conn = op.get_bind()
    rows = conn.execute(sa.select(households.c.id, households.c.head_name, households.c.address)).all()
    update = (households.update().where(households.c.id == sa.bindparam('row_id'))
              .values(match_name=sa.bindparam('name'), match_address=sa.bindparam('address_key')))
    keys = [{'row_id': row.id, 'name': match_key(row.head_name), 'address_key': match_key(row.address)}
            for row in rows]
    if keys:
        conn.execute(update, keys)


def downgrade():
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index('ix_households_village_phone')
        batch_op.drop_index('ix_households_village_match_name')
        batch_op.drop_constraint(batch_op.f('fk_households_merged_into_id_households'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('match_address')
        batch_op.drop_column('match_name')
