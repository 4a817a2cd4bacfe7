"""Migration 0032 lets a history row name the change that caused it (``caused_by_id``): a
gold relation's row written because its end span moved names that span's change. Rows kept
before name none (a restore reads them as it did); the downgrade drops the column and keeps
every row, and the table as it was (on SQLite its AUTOINCREMENT: ids never reused)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect, text

from annotator import db
from tests.migration_checks import (
    downgrade,
    gold_layer_row,
    history,
    insert_history,
    migration_app,
    schema_and_rows,
)

SPAN = '{"attributes":{},"end":9,"label":"SOURCE","start":0}'
MOVED = '{"attributes":{},"end":14,"label":"SOURCE","start":0}'
ROWS = [
    # id, document_id, layer_key, actor_id, at, kind, action, source, item_id, before, after
    (1, 1, "gold", None, "2026-12-01 10:00:00.000000", "span", "update", "reviewer", 3,
     SPAN, MOVED),
    (2, 1, "gold", None, "2026-12-01 10:00:00.000000", "relation", "update", "reviewer", 4,
     '{"from":{"end":9},"to":{"end":31},"type":"T"}',
     '{"from":{"end":14},"to":{"end":31},"type":"T"}'),
]  # fmt: skip


def _columns(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return [column["name"] for column in inspect(engine).get_columns("layer_change")]
    finally:
        engine.dispose()


def test_0032_adds_caused_by_empty_for_rows_kept_before_and_its_downgrade_keeps_them(
    tmp_path: Any,
) -> None:
    with migration_app(tmp_path, "annotator_0032") as (url, app), app.app_context():
        db.upgrade(app, "0027")
        engine = create_engine(url)
        with engine.begin() as connection:
            gold_layer_row(connection, active_seconds=0)
            insert_history(connection, ROWS)
        kept = history(engine)
        db.upgrade(app, "0031")
        assert "caused_by_id" not in _columns(url)
        at_0031 = schema_and_rows(url)
        db.upgrade(app, "0032")
        assert "caused_by_id" in _columns(url)
        db.upgrade(app)  # to the newest: check compares the models with the head
        db.check(app)  # the models have the column too
        with engine.connect() as connection:
            linked = connection.execute(text("SELECT id, caused_by_id FROM layer_change"))
            assert sorted(tuple(row) for row in linked) == [(1, None), (2, None)]
        assert history(engine) == kept
        downgrade(app, "0031")
        assert "caused_by_id" not in _columns(url)
        assert history(engine) == kept
        engine.dispose()
        # The table as 0031 had it, constraints, indexes and (SQLite) AUTOINCREMENT too: the
        # rebuild that drops the column on SQLite lost AUTOINCREMENT, so ids were reused.
        assert schema_and_rows(url) == at_0031
