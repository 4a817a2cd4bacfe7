"""each document's number in its project

``document`` gets ``number``, its place in its project (#1, #2...), which the project page
shows and ``#12`` names, where it showed and named the instance-wide row id; ``project`` gets
``documents_numbered``, the last number it gave, so that a deleted document's number is never
given again. Existing documents are numbered in each project in the order they were stored
(their ids). The downgrade drops both columns.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-14 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'project',
        sa.Column('documents_numbered', sa.Integer(), nullable=False, server_default='0'),
    )
    op.add_column('document', sa.Column('number', sa.Integer(), nullable=True))
    # One statement over the whole table (a window, not a count per row): PostgreSQL and
    # SQLite 3.33+ both take UPDATE ... FROM.
    op.execute(
        'UPDATE document SET number = ranked.n FROM ('
        ' SELECT id, row_number() OVER (PARTITION BY project_id ORDER BY id) AS n'
        ' FROM document) AS ranked WHERE document.id = ranked.id'
    )
    op.execute(
        'UPDATE project SET documents_numbered = COALESCE('
        '(SELECT MAX(number) FROM document WHERE document.project_id = project.id), 0)'
    )
    # SQLite rebuilds the table: keep its AUTOINCREMENT (ids never reused, migration 0019).
    with op.batch_alter_table('document', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(
            batch.f('uq_document_project_id_number'), ['project_id', 'number']
        )


def downgrade() -> None:
    with op.batch_alter_table('document', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_constraint('uq_document_project_id_number', type_='unique')
        batch.drop_column('number')
    with op.batch_alter_table('project', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_column('documents_numbered')
