"""desk contacts: the organisation helped (issue 17)

A desk contact for an organisation may name the organisation's record. Contacts recorded
before name none.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 03:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('desk_contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_desk_contacts_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_desk_contacts_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'])


def downgrade():
    with op.batch_alter_table('desk_contacts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_desk_contacts_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_desk_contacts_organisation_id'))
        batch_op.drop_column('organisation_id')
