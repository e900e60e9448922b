"""provinces: communes belong to a province, whose supervisor has no commune (issue 17 item 7)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 16:30:00

Every existing commune and user keeps what it had: province_id starts empty, and every existing
user has a commune, as the new check constraint asks of all roles but the supervisor. On SQLite
the users table is rebuilt (batch mode); migrations/env.py turns foreign keys off around the
migrations there, so the rebuild cascades nothing (village assignments, phones) and checks the
references once at the end.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('volunteer','leader','officer','admin')"
ROLES = "role IN ('volunteer','leader','officer','admin','supervisor')"
SCOPE = ("(role = 'supervisor' AND commune_id IS NULL AND province_id IS NOT NULL)"
         " OR (role <> 'supervisor' AND commune_id IS NOT NULL)")


def upgrade():
    op.create_table('provinces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('portal_name', sa.String(length=200), nullable=True),
    sa.Column('portal_url', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provinces')),
    sa.UniqueConstraint('code', name=op.f('uq_provinces_code'))
    )
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_communes_province_id'), ['province_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_communes_province_id_provinces'), 'provinces',
                                    ['province_id'], ['id'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province_id', sa.Integer(), nullable=True))
        batch_op.alter_column('commune_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_users_province_id'), ['province_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_province_id_provinces'), 'provinces',
                                    ['province_id'], ['id'])
        batch_op.drop_constraint(op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_users_role'), sa.text(ROLES))
        batch_op.create_check_constraint(op.f('ck_users_scope'), sa.text(SCOPE))


def downgrade():
    # Supervisors have no commune: they cannot exist below this revision, and their audit
    # trail is not for a migration to delete.
    supervisors = op.get_bind().execute(sa.text("SELECT count(*) FROM users WHERE role = 'supervisor'")).scalar()
    if supervisors:
        raise RuntimeError(f"{supervisors} supervisor accounts exist: remove them before downgrading.")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_scope'), type_='check')
        batch_op.drop_constraint(op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_users_role'), sa.text(OLD_ROLES))
        batch_op.drop_constraint(op.f('fk_users_province_id_provinces'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_province_id'))
        batch_op.alter_column('commune_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('province_id')

    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_communes_province_id_provinces'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_communes_province_id'))
        batch_op.drop_column('province_id')

    op.drop_table('provinces')
