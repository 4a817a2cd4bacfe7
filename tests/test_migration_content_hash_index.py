"""Migration 0031 indexes each project's documents by content hash, so that an import's look
for texts the project already holds reads the index, not every document row; its downgrade
drops the index and keeps the documents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect, text

from annotator import db
from tests.migration_checks import downgrade, gold_layer_row, migration_app

INDEX = "ix_document_project_hash"


def _document_indexes(url: str) -> dict[str, list[str]]:
    engine = create_engine(url)
    try:
        return {
            index["name"]: list(index["column_names"])
            for index in inspect(engine).get_indexes("document")
        }
    finally:
        engine.dispose()


def test_0031_indexes_documents_by_project_and_hash_and_its_downgrade_drops_it(
    tmp_path: Any,
) -> None:
    with migration_app(tmp_path, "annotator_0031") as (url, app), app.app_context():
        db.upgrade(app, "0027")
        engine = create_engine(url)
        with engine.begin() as connection:
            gold_layer_row(connection, active_seconds=5)
        engine.dispose()
        db.upgrade(app, "0030")
        assert INDEX not in _document_indexes(url)
        db.upgrade(app, "0031")
        assert _document_indexes(url)[INDEX] == ["project_id", "content_hash"]
        db.upgrade(app)  # the later migrations keep it, and the models have it too
        assert _document_indexes(url)[INDEX] == ["project_id", "content_hash"]
        db.check(app)
        downgrade(app, "0030")
        assert INDEX not in _document_indexes(url)
        engine = create_engine(url)
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM document")).scalar()
        engine.dispose()
        assert count == 1
