"""project members, schema versions, audit log

A user's role in one project (annotator, reviewer, manager); every version of a project's
label schema; a log of administrative changes. Existing assignments become annotator
memberships and each project's current schema becomes its first stored version, so that
nothing an upgraded database could do before is lost.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('project_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('annotator', 'reviewer', 'manager')", name=op.f('ck_project_member_role')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_member_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_project_member_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_member')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_project_member_project_id_user_id'))
    )
    with op.batch_alter_table('project_member', schema=None) as batch_op:
        batch_op.create_index('ix_project_member_user_id', ['user_id'], unique=False)

    op.create_table('schema_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('schema', sa.JSON(), nullable=False),
    sa.Column('change', sa.Text(), server_default='', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_schema_version_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_schema_version_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schema_version')),
    sa.UniqueConstraint('project_id', 'version', name=op.f('uq_schema_version_project_id_version'))
    )

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('project_slug', sa.String(length=64), nullable=True),
    sa.Column('target', sa.String(length=300), server_default='', nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_entry_actor_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_audit_entry_project', ['project_slug', 'created_at'], unique=False)

    # Everyone assigned a document of a project is an annotator of it.
    op.execute(
        "INSERT INTO project_member (project_id, user_id, role, created_at)"
        " SELECT d.project_id, a.user_id, 'annotator', MIN(a.created_at)"
        " FROM assignment a JOIN document d ON d.id = a.document_id"
        " GROUP BY d.project_id, a.user_id"
    )
    # Each project's schema as it is today is its stored version.
    op.execute(
        "INSERT INTO schema_version (project_id, version, schema, change, created_at)"
        " SELECT id, schema_version, schema, 'the schema the project had before versions were kept',"
        " created_at FROM project"
    )


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_project')
        batch_op.drop_index('ix_audit_entry_created_at')
    op.drop_table('audit_entry')
    op.drop_table('schema_version')
    with op.batch_alter_table('project_member', schema=None) as batch_op:
        batch_op.drop_index('ix_project_member_user_id')
    op.drop_table('project_member')
