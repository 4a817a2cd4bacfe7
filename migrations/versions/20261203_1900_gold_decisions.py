"""gold decisions

A reviewer's decision that gold holds none of a difference's versions (``gold_decision``),
and ``decision`` as a kind of change in a layer's history.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gold_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('difference', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_gold_decision_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_gold_decision_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gold_decision')),
    sa.UniqueConstraint('document_id', 'difference', name=op.f('uq_gold_decision_document_id_difference'))
    )
    with op.batch_alter_table('layer_change') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_layer_change_kind'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_layer_change_kind'),
            "kind IN ('span', 'relation', 'label', 'status', 'decision')",
        )


def downgrade() -> None:
    op.execute("DELETE FROM layer_change WHERE kind = 'decision'")
    with op.batch_alter_table('layer_change') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_layer_change_kind'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_layer_change_kind'), "kind IN ('span', 'relation', 'label', 'status')"
        )
    op.drop_table('gold_decision')
