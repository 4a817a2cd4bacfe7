"""assist models and suggested spans

The models trained on a project's gold layer to suggest spans (``assist_model``), and on a
span the score and model of the suggestion it is or came from. The suggestions layer of a
document is a layer like the others, with the key ``suggestions`` and no user.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assist_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.CheckConstraint("kind IN ('tagger')", name=op.f('ck_assist_model_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_assist_model_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_assist_model_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_model')),
    sa.UniqueConstraint('project_id', 'version', name=op.f('uq_assist_model_project_id_version'))
    )
    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('model', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.drop_column('model')
        batch_op.drop_column('score')
    op.drop_table('assist_model')
