"""document list indexes

A project's documents in id order, so that a page of the document list is found in the
index without reading the documents before it; assignment statuses by document, so that the
list's status filter and a project's progress read no assignment rows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:30:00
"""

from __future__ import annotations

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index('ix_document_project_order', ['project_id', 'id'], unique=False)
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(
            'ix_assignment_document_status', ['document_id', 'status'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_document_status')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index('ix_document_project_order')
