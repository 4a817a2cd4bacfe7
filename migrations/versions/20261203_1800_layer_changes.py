"""layer changes

A layer's history (``layer_change``): every change to a span, relation, label value or
status of a layer, with who, when, which path, and the item before and after.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('layer_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('layer_key', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.CheckConstraint("action IN ('create', 'update', 'delete', 'restore')", name=op.f('ck_layer_change_action')),
    sa.CheckConstraint("kind IN ('span', 'relation', 'label', 'status')", name=op.f('ck_layer_change_kind')),
    sa.CheckConstraint("source IN ('annotator', 'reviewer', 'import', 'suggestion', 'restore', 'sentence-edit')", name=op.f('ck_layer_change_source')),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_layer_change_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_layer_change_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_layer_change'))
    )
    op.create_index('ix_layer_change_document', 'layer_change', ['document_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_layer_change_document', table_name='layer_change')
    op.drop_table('layer_change')
