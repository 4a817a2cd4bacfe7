"""username look-alike key

Each user's look-alike key (annotator.core.look_alike: NFKC, case-folded) beside the name,
indexed: refusing a new name that reads as an existing one ('Carla' beside 'carla') is one
indexed lookup instead of a read of every user name for each user created (an import of
2,000 annotators read four million names). Filled here for the users that exist, by the
same function the app's inserts use.

The column stays nullable: on SQLite, NOT NULL would mean copying the user table (batch mode),
and dropping the old copy, with foreign keys on, deletes every row that refers to a user
(memberships, assignments, tokens) by their ON DELETE CASCADE. Adding a column and an index
are done in place.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The one definition of the key: rows filled here must equal those the app writes for a new
# user, or a look-alike of an older user would pass.
from annotator.core.look_alike import look_alike_key


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

#: Users read and written a batch, by id.
BATCH = 1000


def upgrade() -> None:
    op.add_column('user', sa.Column('username_key', sa.String(), nullable=True))
    _fill()
    op.create_index(op.f('ix_user_username_key'), 'user', ['username_key'], unique=False)


def _fill() -> None:
    """Write every user's key, a batch at a time."""
    user = sa.table(
        'user',
        sa.column('id', sa.Integer()),
        sa.column('username', sa.String()),
        sa.column('username_key', sa.String()),
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(user.c.id, user.c.username)
            .where(user.c.id > last)
            .order_by(user.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            user.update().where(user.c.id == sa.bindparam('row_id')),
            [{'row_id': row.id, 'username_key': look_alike_key(row.username)} for row in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index(op.f('ix_user_username_key'), table_name='user')
    # SQLite 3.35 and later drop a column in place (no copy of the table, see above).
    op.drop_column('user', 'username_key')
