"""plans: desk contacts, sessions, entered indicators, targets (issue 17)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 07:28:38.473869

New tables only: nothing stored before changes meaning.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('entered_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Double(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_entered_indicators_commune_id_communes')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_entered_indicators_entered_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entered_indicators')),
    sa.UniqueConstraint('commune_id', 'month', 'indicator', name=op.f('uq_entered_indicators_commune_id_month_indicator'))
    )
    with op.batch_alter_table('entered_indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entered_indicators_commune_id'), ['commune_id'], unique=False)

    op.create_table('outreach_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('audience', sa.String(length=200), nullable=True),
    sa.Column('attendance', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('conference','training','campaign_day')", name=op.f('ck_outreach_sessions_kind')),
    sa.CheckConstraint('attendance >= 0', name=op.f('ck_outreach_sessions_attendance')),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_outreach_sessions_commune_id_communes')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_outreach_sessions_created_by_id_users')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_outreach_sessions_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_sessions'))
    )
    with op.batch_alter_table('outreach_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_outreach_sessions_commune_held_on', ['commune_id', 'held_on'], unique=False)

    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Double(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('start_value', sa.Double(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_targets_commune_id_communes')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_targets_created_by_id_users')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_targets_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets'))
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_commune_id'), ['commune_id'], unique=False)

    op.create_table('session_volunteers',
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_session_volunteers_commune_id_communes')),
    sa.ForeignKeyConstraint(['session_id'], ['outreach_sessions.id'], name=op.f('fk_session_volunteers_session_id_outreach_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_session_volunteers_user_id_users')),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_session_volunteers'))
    )
    with op.batch_alter_table('session_volunteers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_volunteers_commune_id'), ['commune_id'], unique=False)

    op.create_table('desk_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('helped_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('party', sa.String(length=20), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('self_done', sa.Boolean(), nullable=False),
    sa.Column('paid_online', sa.Boolean(), nullable=False),
    sa.Column('rated', sa.Boolean(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("party IN ('person','organisation')", name=op.f('ck_desk_contacts_party')),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_desk_contacts_commune_id_communes')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_desk_contacts_created_by_id_users')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_desk_contacts_member_id_members')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_desk_contacts_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_contacts'))
    )
    with op.batch_alter_table('desk_contacts', schema=None) as batch_op:
        batch_op.create_index('ix_desk_contacts_commune_helped_at', ['commune_id', 'helped_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_contacts_member_id'), ['member_id'], unique=False)

    op.create_table('session_members',
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_session_members_commune_id_communes')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_session_members_member_id_members')),
    sa.ForeignKeyConstraint(['session_id'], ['outreach_sessions.id'], name=op.f('fk_session_members_session_id_outreach_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'member_id', name=op.f('pk_session_members'))
    )
    with op.batch_alter_table('session_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_members_commune_id'), ['commune_id'], unique=False)



def downgrade():
    with op.batch_alter_table('session_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_members_commune_id'))

    op.drop_table('session_members')
    with op.batch_alter_table('desk_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_contacts_member_id'))
        batch_op.drop_index('ix_desk_contacts_commune_helped_at')

    op.drop_table('desk_contacts')
    with op.batch_alter_table('session_volunteers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_volunteers_commune_id'))

    op.drop_table('session_volunteers')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_targets_commune_id'))

    op.drop_table('targets')
    with op.batch_alter_table('outreach_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_outreach_sessions_commune_held_on')

    op.drop_table('outreach_sessions')
    with op.batch_alter_table('entered_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entered_indicators_commune_id'))

    op.drop_table('entered_indicators')
