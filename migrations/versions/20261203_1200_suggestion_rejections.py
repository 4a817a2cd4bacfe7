"""suggestion rejections and the first time an assignment was done

An annotator's rejections of suggested spans (``suggestion_rejection``), kept per annotator
with the model that suggested them, and ``assignment.first_done_at``, so that a project
showing suggestions only after a first unaided pass keeps them on show after a reopening;
on a relation accepted from a suggestion, the model that suggested it and its score.

Revision ID: 0011
Revises: 0013
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('suggestion_rejection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=32), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_suggestion_rejection_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_suggestion_rejection_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_rejection')),
    sa.UniqueConstraint('document_id', 'user_id', 'label', 'start', 'end', name=op.f('uq_suggestion_rejection_document_id_user_id_label_start_end'))
    )
    with op.batch_alter_table('suggestion_rejection', schema=None) as batch_op:
        batch_op.create_index('ix_suggestion_rejection_user_id', ['user_id'], unique=False)
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_done_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('relation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('model', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('relation', schema=None) as batch_op:
        batch_op.drop_column('model')
        batch_op.drop_column('score')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('first_done_at')
    with op.batch_alter_table('suggestion_rejection', schema=None) as batch_op:
        batch_op.drop_index('ix_suggestion_rejection_user_id')
    op.drop_table('suggestion_rejection')
