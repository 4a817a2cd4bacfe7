"""Migration 0031 indexes each project's documents by content hash, so that an import's look
for texts the project already holds reads the index, not every document row; its downgrade
drops the index and keeps the documents."""

from __future__ import annotations

import os
from typing import Any

from alembic import command
from sqlalchemy import create_engine, inspect, text

from annotator import db
from tests.databases import create_database
from tests.test_migrations import _fresh_app, _gold_layer_row

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
    url, drop = create_database(
        os.environ.get("ANNOTATOR_TEST_DATABASE_URL"), tmp_path, "annotator_0031"
    )
    app = _fresh_app(url)
    try:
        with app.app_context():
            db.upgrade(app, "0027")
            engine = create_engine(url)
            with engine.begin() as connection:
                _gold_layer_row(connection, active_seconds=5)
            engine.dispose()
            db.upgrade(app, "0030")
            assert INDEX not in _document_indexes(url)
            db.upgrade(app, "0031")
            assert _document_indexes(url)[INDEX] == ["project_id", "content_hash"]
            db.check(app)  # the models have the index too
            command.downgrade(db.alembic_config(app), "0030")
            assert INDEX not in _document_indexes(url)
            engine = create_engine(url)
            with engine.connect() as connection:
                count = connection.execute(text("SELECT count(*) FROM document")).scalar()
            engine.dispose()
            assert count == 1
    finally:
        db.get_engine(app).dispose()
        drop()
