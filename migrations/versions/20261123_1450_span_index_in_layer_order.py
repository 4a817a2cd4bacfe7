"""span index in layer order

The index on span.layer_id becomes one on (layer_id, start, end, id): a layer's spans are read
in that order (the export, a layer's payload), and the index now gives it without a sort. It
still serves every lookup by layer_id alone, so the old index goes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:50:00
"""

from __future__ import annotations

from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.create_index('ix_span_layer_order', ['layer_id', 'start', 'end', 'id'], unique=False)
        batch_op.drop_index('ix_span_layer_id')


def downgrade() -> None:
    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.create_index('ix_span_layer_id', ['layer_id'], unique=False)
        batch_op.drop_index('ix_span_layer_order')
