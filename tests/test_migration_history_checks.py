"""Migration 0017 rewrites the history CHECKs of ``layer_change`` on a database with rows.

On SQLite the table is copied (batch mode: a new table, the rows copied, the old one dropped,
the new one renamed), so these check that every row comes through, that the new CHECKs hold,
that a failure half-way leaves the database as it was, and that the downgrade undoes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from annotator import db
from tests.migration_checks import (
    downgrade,
    history,
    history_refuses,
    insert_history,
    migration_app,
)

ROWS = [
    # id, document_id, layer_key, actor_id, at, kind, action, source, item_id, before, after
    (1, 1, "user:1", 1, "2026-12-01 10:00:00.000000", "span", "create", "annotator", 7, None,
     '{"label": "CLAIM", "start": 0, "end": 4}'),
    (2, 1, "gold", None, "2026-12-01 10:01:00.000000", "relation", "delete", "reviewer", 3,
     '{"type": "ATTRIBUTED_TO"}', None),
    (5, 1, "gold", 1, "2026-12-01 10:02:00.000000", "decision", "restore", "sentence-edit",
     None, None, None),
    (9, 1, "user:1", None, "2026-12-01 10:03:00.000000", "status", "update", "import", None,
     '{"status": "new"}', '{"status": "in_progress"}'),
]  # fmt: skip


@pytest.fixture
def at_0016(tmp_path: Any) -> Iterator[tuple[Any, Engine]]:
    """An app whose database is at 0016 with a user, a document and :data:`ROWS` of history."""
    with migration_app(tmp_path, "annotator_0017") as (_, app):
        engine = db.get_engine(app)  # the app's: SQLite's foreign keys on, as in use
        with app.app_context():
            db.upgrade(app, "0016")
        with engine.begin() as connection:
            connection.execute(
                text(
                    'INSERT INTO "user" (id, username, role, created_at, active, session_epoch)'
                    " VALUES (1, 'ann', 'annotator', '2026-01-01', true, 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO project (id, slug, name, schema, schema_version, created_at)"
                    " VALUES (1, 'p', 'P', '{}', 1, '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO document (id, project_id, external_id, meta, text, content_hash,"
                    " segmenter_version, created_at)"
                    " VALUES (1, 1, 'd', '{}', 'x', 'h', 'v', '2026-01-01')"
                )
            )
            insert_history(connection, ROWS)
        yield app, engine


def _checks(engine: Engine) -> dict[str, str]:
    found = inspect(engine).get_check_constraints("layer_change")
    return {check["name"]: " ".join(check["sqltext"].split()) for check in found}


def _refuses_kind(engine: Engine, kind: str) -> bool:
    row = (100, 1, "gold", None, "2026-12-02 00:00:00.000000", kind, "create", "reviewer")
    return history_refuses(engine, (*row, None, None, None))


def test_0017_keeps_every_history_row_and_its_downgrade_too(at_0016: Any) -> None:
    app, engine = at_0016
    before = history(engine)
    assert [row[:4] for row in before] == [row[:4] for row in ROWS]
    # An IN list before (PostgreSQL shows it as "= ANY (ARRAY[...])"), comparisons joined by OR
    # after.
    assert " OR " not in _checks(engine)["ck_layer_change_kind"]
    with app.app_context():
        db.upgrade(app, "0017")
    assert history(engine) == before
    checks = _checks(engine)
    assert checks["ck_layer_change_kind"].count(" OR ") == 4
    assert "'decision'" in checks["ck_layer_change_kind"]
    assert "'sentence-edit'" in checks["ck_layer_change_source"]
    assert _refuses_kind(engine, "bogus") and _refuses_kind(engine, "SPAN")
    assert not _refuses_kind(engine, "label")
    # The index and the cascade from the document came through the copy.
    indexes = {index["name"] for index in inspect(engine).get_indexes("layer_change")}
    assert "ix_layer_change_document" in indexes
    with app.app_context():
        db.upgrade(app, "0017")  # a no-op at 0017

        downgrade(app, "0016")
        assert db.current_revision(app) == "0016"
    assert history(engine) == before
    assert " OR " not in _checks(engine)["ck_layer_change_kind"]
    assert _refuses_kind(engine, "bogus")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM document WHERE id = 1"))
    assert history(engine) == []


def test_0017_that_fails_half_way_leaves_the_table_as_it_was(at_0016: Any) -> None:
    """A row the new CHECK refuses (smuggled past the old one) stops the upgrade: the table,
    its rows and its CHECKs are as before, and the database stays at 0016."""
    app, engine = at_0016
    smuggled = (50, 1, "gold", None, "2026-12-02 00:00:00.000000", "bogus", "create", "reviewer")
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
            insert_history(connection, [(*smuggled, None, None, None)])
            connection.exec_driver_sql("PRAGMA ignore_check_constraints = OFF")
        else:  # the old CHECK again, kept for new rows only
            kind = _checks(engine)["ck_layer_change_kind"]
            connection.exec_driver_sql(
                "ALTER TABLE layer_change DROP CONSTRAINT ck_layer_change_kind"
            )
            insert_history(connection, [(*smuggled, None, None, None)])
            connection.exec_driver_sql(
                f"ALTER TABLE layer_change ADD CONSTRAINT ck_layer_change_kind CHECK ({kind})"
                " NOT VALID"
            )
    before, checks = history(engine), _checks(engine)
    assert len(before) == len(ROWS) + 1
    with app.app_context(), pytest.raises(IntegrityError):
        db.upgrade(app, "0017")
    with app.app_context():
        assert db.current_revision(app) == "0016"
    assert history(engine) == before
    assert _checks(engine) == checks
    assert set(inspect(engine).get_table_names()) >= {"layer_change", "document"}
    assert not [name for name in inspect(engine).get_table_names() if "tmp" in name]
