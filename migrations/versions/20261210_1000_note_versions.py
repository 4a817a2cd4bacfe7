"""versions on document notes

``document_note.version``, bumped on every write, so that a note written from a stale page
(a second tab) is refused with 409 as a span's change is. Notes stored before start at 1.
The downgrade drops the column.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'document_note',
        sa.Column('version', sa.Integer(), nullable=False, server_default='1'),
    )


def downgrade() -> None:
    # SQLite rebuilds the table: keep its AUTOINCREMENT (ids never reused, migration 0019).
    with op.batch_alter_table(
        'document_note', table_kwargs={'sqlite_autoincrement': True}
    ) as batch:
        batch.drop_column('version')
