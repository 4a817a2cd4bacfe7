"""suggested sentence and document labels

The classifiers a training stores for a project's sentence and document label fields
(``assist_label_model``: one per field and version, with its held-out scores and the
documents it learned from), and on a label value the score and model of the suggestion it
is or came from (``label_value.score``, ``label_value.model``), as a span has since 0008.
NULL on every value stored before; no stored data moves. The downgrade drops both, and the
suggested labels' provenance with them.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assist_label_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('field', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.CheckConstraint("scope = 'sentence' OR scope = 'document'", name=op.f('ck_assist_label_model_scope')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_assist_label_model_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_label_model')),
    sa.UniqueConstraint('project_id', 'version', 'scope', 'field', name=op.f('uq_assist_label_model_project_id_version_scope_field')),
    sqlite_autoincrement=True,
    )
    op.add_column('label_value', sa.Column('score', sa.Float(), nullable=True))
    op.add_column('label_value', sa.Column('model', sa.String(length=32), nullable=True))


def downgrade() -> None:
    # SQLite copies the table to drop a column: keep its ids never reused (0021).
    with op.batch_alter_table('label_value', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('model')
        batch_op.drop_column('score')
    op.drop_table('assist_label_model')
