"""Migration 0021 ends the API tokens of users disabled before disabling ended them.

Disabling a user only paused their tokens (refused while disabled, good again once enabled),
where CONTRACT section 10 says it ends them; it does now, and the tokens that disabled users
still held are revoked on upgrade, each logged as a revocation is."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from annotator import db
from annotator.services.accounts.audit import list_entries
from annotator.services.accounts.tokens import create_token
from annotator.services.accounts.users import create_user
from tests.migration_checks import migration_app


def test_upgrade_revokes_the_tokens_of_disabled_users_only(tmp_path: Path) -> None:
    with migration_app(tmp_path, "annotator_0021") as (url, app), app.app_context():
        db.upgrade(app, "0020")
        session = db.get_session()
        alice = create_user(session, "alice", "annotator")
        carol = create_user(session, "carol", "annotator")
        for user in (alice, carol, carol):
            create_token(session, user, "laptop")
        carol.active = False
        session.commit()

        db.upgrade(app, "0021")
        assert db.current_revision(app) == "0021"
        connection = db.get_engine(app).connect()
        owners = connection.execute(
            text('SELECT u.username FROM api_token t JOIN "user" u ON u.id = t.user_id')
        ).scalars()
        assert list(owners) == ["alice"]
        logged = connection.execute(
            text("SELECT actor, action, target, before FROM audit_entry ORDER BY id")
        ).all()
        assert [(a, b, c) for a, b, c, _ in logged] == [
            ("(database upgrade)", "token.revoke", "carol"),
            ("(database upgrade)", "token.revoke", "carol"),
        ]
        connection.close()
        # The entries read back as the audit page reads them.
        entries, total = list_entries(db.get_session())
        assert total == 2
        assert [(e.actor, e.before["name"]) for e in entries] == [
            ("(database upgrade)", "laptop"),
            ("(database upgrade)", "laptop"),
        ]
        assert all(e.created_at.year >= 2026 for e in entries)
