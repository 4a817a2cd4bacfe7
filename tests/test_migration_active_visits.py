"""Migration 0030 gives each layer ``active_visits``: how far its latest visits reported their
active time. Stored layers keep their seconds and start with none (NULL); the downgrade drops
the column and keeps the seconds, and the table's AUTOINCREMENT on SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect, text

from annotator import db
from annotator.services.annotation.active_time import Visit, unreported_seconds
from tests.migration_checks import downgrade, gold_layer_row, migration_app


def test_0030_adds_no_visits_to_stored_layers_and_its_downgrade_keeps_their_seconds(
    tmp_path: Any,
) -> None:
    with migration_app(tmp_path, "annotator_0030") as (url, app), app.app_context():
        # The rows as 0027 takes them (0028 numbers the document), then up to 0029.
        db.upgrade(app, "0027")
        engine = create_engine(url)
        with engine.begin() as connection:
            gold_layer_row(connection, active_seconds=412)
        db.upgrade(app, "0029")
        db.upgrade(app, "0030")
        with engine.connect() as connection:
            row = connection.execute(text("SELECT active_seconds, active_visits FROM layer"))
            assert tuple(row.one()) == (412, None)
        # A layer with no visits yet takes a visit's report whole.
        assert unreported_seconds([], Visit("v1", 30), 30) == (30, [["v1", 30]])
        engine.dispose()
        downgrade(app, "0029")
        engine = create_engine(url)
        with engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("layer")}
            seconds = connection.execute(text("SELECT active_seconds FROM layer")).scalar()
            if engine.dialect.name == "sqlite":
                sql = connection.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'layer'")
                ).scalar()
                assert "AUTOINCREMENT" in sql
        engine.dispose()
        assert "active_visits" not in columns and seconds == 412
