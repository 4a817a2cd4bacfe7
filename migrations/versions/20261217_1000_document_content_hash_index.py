"""an index on each project's documents by content hash

An import warns of (or, asked to, leaves out) a document whose text the project already holds
under another id (annotator.services.datasets.same_texts): it looks the new texts' hashes up
among the project's documents. Without an index that lookup read every document row of the
project, which on SQLite holds its long text. No stored data moves.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-17 10:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(
            'ix_document_project_hash', ['project_id', 'content_hash'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index('ix_document_project_hash')
