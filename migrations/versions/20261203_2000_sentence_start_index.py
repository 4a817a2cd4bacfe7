"""sentence start index

A document's sentences by start offset, so that the sentence holding a span's start (every
span write asks) is one seek in the index instead of a read of every sentence of the
document; the index holds the sentence's number too, so the table itself is not read.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 20:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sentence', schema=None) as batch_op:
        batch_op.create_index(
            'ix_sentence_document_start', ['document_id', 'start', 'index'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('sentence', schema=None) as batch_op:
        batch_op.drop_index('ix_sentence_document_start')
