"""the tokens of disabled users ended

Disabling a user paused their API tokens (refused while the user was disabled, good again
once enabled), where CONTRACT section 10 says disabling ends them; the app now revokes a
user's tokens when it disables them. The tokens that users disabled before still hold are
revoked here, each logged ``token.revoke`` (by "(database upgrade)") with the token's id and
name, as a revocation on the users page is. The downgrade cannot bring them back: a revoked
token's row is deleted, and only its hash was ever stored.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 11:00:00
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

ACTOR = '(database upgrade)'


def upgrade() -> None:
    connection = op.get_bind()
    held = connection.execute(
        sa.text(
            'SELECT t.id, t.name, u.username FROM api_token t JOIN "user" u ON u.id = t.user_id'
            ' WHERE NOT u.active ORDER BY t.id'
        )
    ).all()
    moment = datetime.now(UTC)
    # On SQLite as SQLAlchemy writes a time there (and reads it back): naive UTC, six places.
    now: datetime | str = (
        moment.replace(tzinfo=None).isoformat(' ', 'microseconds')
        if connection.dialect.name == 'sqlite'
        else moment
    )
    # A JSON column takes text on SQLite and needs it cast on PostgreSQL.
    before = 'CAST(:before AS JSON)' if connection.dialect.name == 'postgresql' else ':before'
    for token_id, name, username in held:
        connection.execute(
            sa.text(
                'INSERT INTO audit_entry (created_at, actor_id, actor, action, project_slug,'
                ' target, "before", "after") VALUES (:at, NULL, :actor, :action, NULL, :target,'
                f' {before}, NULL)'
            ),
            {
                'at': now,
                'actor': ACTOR,
                'action': 'token.revoke',
                'target': username,
                'before': json.dumps({'token': token_id, 'name': name}),
            },
        )
    if held:
        connection.execute(
            sa.text(
                'DELETE FROM api_token WHERE user_id IN (SELECT id FROM "user" WHERE NOT active)'
            )
        )


def downgrade() -> None:
    """Nothing to put back (see the module's doc)."""
