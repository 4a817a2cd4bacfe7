"""each history row may name the change that caused it

``layer_change`` gets ``caused_by_id``: a gold relation's row written because one of its end
spans moved names that span's change, so that a restore of the span's change finds the source
the relation had there by that link, not by the relation's type and ends (which another row
of the same relation, later, may share). NULL for rows written before, as for every other
change; a restore reads those as it did. No stored data moves; the downgrade drops the column.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-18 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('layer_change', sa.Column('caused_by_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    # SQLite rebuilds the table: keep its AUTOINCREMENT (ids never reused, migration 0019).
    with op.batch_alter_table('layer_change', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_column('caused_by_id')
