"""how many documents the newest training learned from

``assist_job.learned_documents``: how many documents to learn from (span gold, or sentence
and document label gold) the last training that stored a model read, so that training by
itself (``train_every``) counts new documents from there. A training that stored label
classifiers alone has no ``assist_model`` row whose ``documents`` says it. NULL until a
training stores a model; no stored data moves. The downgrade drops the column.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-11 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('assist_job', sa.Column('learned_documents', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('assist_job') as batch:
        batch.drop_column('learned_documents')
