"""notes on relations

A relation gets its own note, as a span has since 0020: ``relation.note``, its annotator's
notes on it one per line (written in the API, or brat's ``#`` AnnotatorNotes on an ``R``
line, which a brat import counted and left out before). NULL for none; no stored data moves.
The downgrade drops the column and the notes in it.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('relation', sa.Column('note', sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite rebuilds the table: keep its AUTOINCREMENT (ids never reused, migration 0019).
    with op.batch_alter_table('relation', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_column('note')
