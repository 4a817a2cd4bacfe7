"""assist jobs and document uncertainty

The claim a worker holds while it trains a project's model (``assist_job``: one row per
project, so that one training runs at a time across workers, and a claim expires), and how
unsure the model was about each document when it last suggested there
(``document_uncertainty``), which orders an uncertainty queue without running the model.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assist_job',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=128), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_version', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_assist_job_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', name=op.f('pk_assist_job'))
    )
    op.create_table('document_uncertainty',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('model', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_uncertainty_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document_uncertainty'))
    )


def downgrade() -> None:
    op.drop_table('document_uncertainty')
    op.drop_table('assist_job')
