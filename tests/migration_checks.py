"""What the migration tests share: a new database with an app on it, and what they compare.

A migration test builds its database from nothing on the run's server (PostgreSQL when
``ANNOTATOR_TEST_DATABASE_URL`` names one, a SQLite file otherwise), upgrades it to an old
revision, writes rows as that revision took them, upgrades (or downgrades) and reads back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from flask import Flask
from sqlalchemy import MetaData, create_engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from annotator import create_app, db
from tests.databases import create_database


def fresh_app(database_url: str) -> Flask:
    """Return an app on ``database_url``, whose tables are left to the test to make."""
    return create_app({"DATABASE_URL": database_url, "TESTING": True})


@contextmanager
def migration_app(
    tmp_path: Path, prefix: str = "annotator_migrated"
) -> Iterator[tuple[str, Flask]]:
    """Yield the URL of a new, empty database and an app on it; remove both after.

    :param prefix: the start of the database's name (a random suffix follows).
    """
    url, drop = create_database(os.environ.get("ANNOTATOR_TEST_DATABASE_URL"), tmp_path, prefix)
    app = fresh_app(url)
    try:
        yield url, app
    finally:
        db.get_engine(app).dispose()
        drop()


def downgrade(app: Flask, revision: str) -> None:
    """Downgrade the app's database to ``revision``, as ``alembic downgrade`` does."""
    command.downgrade(db.alembic_config(app), revision)


def down_by_one(app: Flask, url: str, revision: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Upgrade to the revision before ``revision``, then to it and down by one again.

    Return :func:`schema_and_rows` at the revision before and after the downgrade, for the
    caller to compare: a downgrade leaves the database as the revision before had it.
    """
    from alembic.script import ScriptDirectory

    previous = ScriptDirectory.from_config(db.alembic_config(app)).get_revision(revision)
    assert isinstance(previous.down_revision, str)  # no merge revision here
    db.upgrade(app, previous.down_revision)
    before = schema_and_rows(url)
    db.upgrade(app, revision)
    downgrade(app, previous.down_revision)
    return before, schema_and_rows(url)


def schema_and_rows(url: str) -> dict[str, Any]:
    """Everything reflection sees of each table, and every table's rows.

    Columns are compared by name: a migration adds a column at the end of its table, the
    models put it where it reads best, and every statement names the columns it uses.
    """
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        found: dict[str, Any] = {}
        for table in sorted(inspector.get_table_names()):
            columns = sorted(
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in inspector.get_columns(table)
            )
            found[table] = {
                "columns": columns,
                "primary key": inspector.get_pk_constraint(table),
                "foreign keys": sorted(
                    inspector.get_foreign_keys(table), key=lambda fk: str(fk["name"])
                ),
                "indexes": sorted(inspector.get_indexes(table), key=lambda ix: str(ix["name"])),
                "unique": sorted(
                    inspector.get_unique_constraints(table), key=lambda uq: str(uq["name"])
                ),
                "checks": sorted(
                    inspector.get_check_constraints(table), key=lambda ck: str(ck["name"])
                ),
            }
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":  # reflection does not tell AUTOINCREMENT
                for name, sql in connection.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
                ):
                    if name in found:
                        found[name]["autoincrement"] = "AUTOINCREMENT" in sql
            for name, table in metadata.tables.items():
                rows = connection.execute(select(table).order_by(*table.primary_key.columns))
                found[name]["rows"] = [tuple(row) for row in rows]
        return found
    finally:
        engine.dispose()


def gold_layer_row(connection: Any, active_seconds: int) -> None:
    """Insert, as raw rows an old schema takes, project 1, its document 1 and that document's
    gold layer 1 with ``active_seconds``: what a migration test upgrades over."""
    connection.execute(
        text(
            "INSERT INTO project (id, slug, name, schema, schema_version, created_at)"
            " VALUES (1, 'p', 'P', '{}', 1, '2026-01-01')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO document (id, project_id, external_id, title, text, meta,"
            " content_hash, segmenter_version, created_at) VALUES (1, 1, 'd', '',"
            " 'A text.', '{}', 'h', '1', '2026-01-01')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO layer (id, document_id, key, active_seconds, created_at)"
            " VALUES (1, 1, 'gold', :seconds, '2026-01-01')"
        ),
        {"seconds": active_seconds},
    )


#: The columns of ``layer_change`` (the history) that the history's migration tests write.
HISTORY_COLUMNS = (
    "id, document_id, layer_key, actor_id, at, kind, action, source, item_id, before, after"
)


def insert_history(connection: Any, rows: list[tuple[Any, ...]]) -> None:
    """Insert raw history rows, each a value for every one of :data:`HISTORY_COLUMNS`."""
    names = [name.strip() for name in HISTORY_COLUMNS.split(",")]
    placeholders = ", ".join(f":{name}" for name in names)
    statement = text(f"INSERT INTO layer_change ({HISTORY_COLUMNS}) VALUES ({placeholders})")
    connection.execute(statement, [dict(zip(names, row, strict=True)) for row in rows])


def history(engine: Any) -> list[tuple[Any, ...]]:
    """Return every history row (:data:`HISTORY_COLUMNS`, then ``at`` as text), by id."""
    query = f"SELECT {HISTORY_COLUMNS}, CAST(at AS VARCHAR) FROM layer_change ORDER BY id"
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def history_refuses(engine: Any, row: tuple[Any, ...]) -> bool:
    """Whether the history's CHECKs refuse ``row`` (id 100); a row taken is deleted again."""
    try:
        with engine.begin() as connection:
            insert_history(connection, [row])
    except IntegrityError:
        return True
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM layer_change WHERE id = 100"))
    return False
