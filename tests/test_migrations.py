"""Migrations build the whole schema from nothing, and the models have not drifted from them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect

from annotator import create_app, db
from annotator.db import Base
from tests.databases import create_database


def _fresh_app(database_url: str) -> Any:
    return create_app({"DATABASE_URL": database_url, "TESTING": True})


def test_upgrade_empty_database_to_head_without_drift(tmp_path: Any) -> None:
    """`annotator db upgrade` on an empty database, then `alembic check` finds nothing."""
    import os

    server = os.environ.get("ANNOTATOR_TEST_DATABASE_URL")
    url, drop = create_database(server, tmp_path, "annotator_migrated")
    app = _fresh_app(url)
    try:
        with app.app_context():
            assert db.current_revision(app) is None
            db.upgrade(app)
            assert db.current_revision(app) is not None
            db.check(app)  # raises if models and migrations differ
        engine = create_engine(url)
        tables = set(inspect(engine).get_table_names())
        engine.dispose()
        assert set(Base.metadata.tables) <= tables
    finally:
        db.get_engine(app).dispose()
        drop()
