"""how far each layer's latest visits reported their active time

``layer.active_visits``: a report of active time may name the visit (page load) it belongs to
and how far that visit's count reaches; the layer keeps ``[id, seconds]`` for its latest
visits, so that a report arriving twice is credited once. NULL until a report names its
visit; no stored data moves. The downgrade drops the column (SQLite copies the table: batch
mode, keeping its AUTOINCREMENT as 0019 made it).

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-16 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('layer', sa.Column('active_visits', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('layer', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_column('active_visits')
