"""Migration 0029 lets a history row say that a schema rename or a copies merge wrote it.

Before, a rename over final gold wrote its rows as ``reviewer``'s and ``annotator db copies
--merge`` as ``reviewer``'s (gold) or ``annotator``'s (an annotator's layer): paths not
theirs. 0029 widens the CHECK on ``layer_change.source`` with ``schema`` and ``merge``
(SQLite copies the table, batch mode; PostgreSQL replaces the constraint); rows stored before
keep the source they were given. The downgrade gives the new sources' rows back the source
the older code wrote, so that the narrower CHECK holds again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

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
    (2, 1, "gold", None, "2026-12-01 10:01:00.000000", "span", "delete", "reviewer", 3,
     '{"label": "CLAIM", "start": 0, "end": 4}', None),
    (3, 1, "gold", 1, "2026-12-01 10:02:00.000000", "status", "update", "sentence-edit",
     None, None, None),
]  # fmt: skip


@pytest.fixture
def at_0028(tmp_path: Any) -> Iterator[tuple[Any, Engine]]:
    """An app whose database is at 0028 with a user, a document and :data:`ROWS` of history."""
    with migration_app(tmp_path, "annotator_0029") as (_, app):
        engine = db.get_engine(app)  # the app's: SQLite's foreign keys on, as in use
        with app.app_context():
            db.upgrade(app, "0028")
        with engine.begin() as connection:
            connection.execute(
                text(
                    'INSERT INTO "user" (id, username, username_key, role, created_at, active,'
                    " session_epoch) VALUES (1, 'ann', 'ann', 'annotator', '2026-01-01', true, 0)"
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
                    "INSERT INTO document (id, project_id, number, external_id, meta, text,"
                    " content_hash, segmenter_version, created_at)"
                    " VALUES (1, 1, 1, 'd', '{}', 'x', 'h', 'v', '2026-01-01')"
                )
            )
            insert_history(connection, ROWS)
        yield app, engine


def _sources(engine: Engine) -> dict[int, str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, source FROM layer_change ORDER BY id"))
        return {row[0]: row[1] for row in rows}


SNAPSHOT = '{"label": "CLAIM", "start": 0, "end": 4}'


def _row(number: int, key: str, source: str) -> tuple[Any, ...]:
    at = "2026-12-02 00:00:00.000000"
    return (number, 1, key, None, at, "span", "update", source, 7, SNAPSHOT, SNAPSHOT)


def _refuses(engine: Engine, source: str) -> bool:
    return history_refuses(engine, _row(100, "gold", source))


def test_0029_takes_schema_and_merge_keeps_every_row_and_its_downgrade_gives_them_back(
    at_0028: Any,
) -> None:
    app, engine = at_0028
    before = history(engine)
    assert len(before) == len(ROWS)
    assert _refuses(engine, "schema") and _refuses(engine, "merge")
    with app.app_context():
        db.upgrade(app, "0029")
        assert db.current_revision(app) == "0029"
    # Every row as it was: none is given a new source.
    assert history(engine) == before
    assert not _refuses(engine, "schema") and not _refuses(engine, "merge")
    assert _refuses(engine, "bogus") and _refuses(engine, "Merge")
    # The index and the cascade from the document came through the copy.
    indexes = {index["name"] for index in inspect(engine).get_indexes("layer_change")}
    assert "ix_layer_change_document" in indexes
    with engine.begin() as connection:
        insert_history(
            connection,
            [_row(10, "gold", "schema"), _row(11, "gold", "merge"), _row(12, "user:1", "merge")],
        )
    with app.app_context():
        downgrade(app, "0028")
        assert db.current_revision(app) == "0028"
    # The source the older code wrote for each: a reviewer's on gold, the owner's elsewhere.
    assert _sources(engine) == {
        1: "annotator", 2: "reviewer", 3: "sentence-edit",
        10: "reviewer", 11: "reviewer", 12: "annotator",
    }  # fmt: skip
    assert [row for row in history(engine) if row[0] < 10] == before
    assert _refuses(engine, "schema") and _refuses(engine, "merge")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM document WHERE id = 1"))
    assert history(engine) == []
