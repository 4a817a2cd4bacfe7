"""layer active time

Each layer keeps the seconds its author spent actively on the document (page visible, input
within the last minute), as the workspace reports them; 0 for existing layers.

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('layer', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('active_seconds', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade() -> None:
    with op.batch_alter_table('layer', schema=None) as batch_op:
        batch_op.drop_column('active_seconds')
