"""how each gold item was decided, and each gold change's source

``span``, ``relation`` and ``label_value`` get ``source_how`` (``unanimous``, ``majority``,
``chosen`` or ``written``) and ``source_of`` (over how many annotators a quorum was
counted); ``layer_change`` gets ``item_source`` (the gold item's source after the change, as
JSON text). All NULL for rows written before: how those were decided was not kept (an item
written in gold by hand still says so by its ``source_layer``, ``gold``). No stored data
moves. The downgrade drops the columns.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-13 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

ITEMS = ('span', 'relation', 'label_value')


def upgrade() -> None:
    for table in ITEMS:
        op.add_column(table, sa.Column('source_how', sa.String(length=16), nullable=True))
        op.add_column(table, sa.Column('source_of', sa.Integer(), nullable=True))
    op.add_column('layer_change', sa.Column('item_source', sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite rebuilds each table: keep its AUTOINCREMENT (ids never reused, migration 0019).
    with op.batch_alter_table('layer_change', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_column('item_source')
    for table in ITEMS:
        with op.batch_alter_table(table, table_kwargs={'sqlite_autoincrement': True}) as batch:
            batch.drop_column('source_of')
            batch.drop_column('source_how')
