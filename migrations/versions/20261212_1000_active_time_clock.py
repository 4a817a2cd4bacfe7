"""the moment each layer's active time is credited up to

``layer.active_credited_until``: a report of active time is credited no more than the time
that passed since the layer's last credited report (plus a small allowance), so that a client
cannot book an hour in a second. NULL until the layer's next report, which is taken as the
first (at most one report's seconds); no stored data moves. The downgrade drops the column.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-12 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'layer', sa.Column('active_credited_until', sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    # SQLite rebuilds the table: keep its AUTOINCREMENT (ids never reused, migration 0019).
    with op.batch_alter_table('layer', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_column('active_credited_until')
