"""document search

A narrow table of each document's title, external id and metadata, lowercased, which the
document list's search (``q``) scans instead of the documents' own rows; filled here for the
documents that exist.

Revision ID: 0009
Revises: 0011
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The one definition of what a search compares: the rows filled here must equal those the
# app writes for a new document, or a search would find old and new documents differently.
from annotator.core.search_text import search_fields


revision = '0009'
down_revision = '0011'
branch_labels = None
depends_on = None

#: Documents read and written a batch, by id.
BATCH = 1000


def upgrade() -> None:
    op.create_table('document_search',
    sa.Column('document_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('external_id', sa.Text(), nullable=False),
    sa.Column('meta', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_search_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_document_search_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document_search'))
    )
    with op.batch_alter_table('document_search', schema=None) as batch_op:
        batch_op.create_index('ix_document_search_project', ['project_id', 'document_id'], unique=False)
    _fill()


def _fill() -> None:
    """Write the search row of every document, a batch at a time, never reading the texts."""
    document = sa.table(
        'document',
        sa.column('id', sa.Integer()),
        sa.column('project_id', sa.Integer()),
        sa.column('title', sa.String()),
        sa.column('external_id', sa.String()),
        sa.column('meta', sa.JSON()),
    )
    search = sa.table(
        'document_search',
        sa.column('document_id', sa.Integer()),
        sa.column('project_id', sa.Integer()),
        sa.column('title', sa.Text()),
        sa.column('external_id', sa.Text()),
        sa.column('meta', sa.Text()),
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(document)
            .where(document.c.id > last)
            .order_by(document.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            search.insert(),
            [
                {'document_id': row.id, 'project_id': row.project_id}
                | search_fields(row.title, row.external_id, row.meta or {})._asdict()
                for row in rows
            ],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table('document_search', schema=None) as batch_op:
        batch_op.drop_index('ix_document_search_project')
    op.drop_table('document_search')
