"""Migrations build the whole schema from nothing, and the models have not drifted from them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import create_engine, inspect

from annotator import db
from annotator.db import Base
from tests.migration_checks import (
    downgrade,
    fresh_app,
    gold_layer_row,
    migration_app,
    schema_and_rows,
)


def test_upgrade_empty_database_to_head_without_drift(tmp_path: Any) -> None:
    """Every migration from nothing to the head, then `alembic check` finds nothing."""

    with migration_app(tmp_path) as (url, app):
        with app.app_context():
            assert db.current_revision(app) is None
            db.upgrade(app)
            assert db.current_revision(app) == db.SCHEMA_HEAD
            db.check(app)  # raises if models and migrations differ
        engine = create_engine(url)
        tables = set(inspect(engine).get_table_names())
        engine.dispose()
        assert set(Base.metadata.tables) <= tables


def test_upgrade_to_0006_keeps_who_annotates_and_the_schema(tmp_path: Any) -> None:
    """Assignments made before 0006 become annotator memberships; the schema its version 1."""

    from sqlalchemy import text

    with migration_app(tmp_path) as (url, app):
        with app.app_context():
            db.upgrade(app, "0005")
            engine = create_engine(url)
            with engine.begin() as connection:
                connection.execute(
                    text(
                        'INSERT INTO "user" (id, username, role, created_at, active,'
                        " session_epoch) VALUES (1, 'ann', 'annotator', '2026-01-01', true, 0),"
                        " (2, 'bo', 'annotator', '2026-01-01', true, 0)"
                    )
                )
                connection.execute(
                    text(
                        "INSERT INTO project (id, slug, name, schema, schema_version, created_at)"
                        " VALUES (1, 'p', 'P', '{\"span_labels\": []}', 3, '2026-01-01')"
                    )
                )
                for document_id in (1, 2):
                    connection.execute(
                        text(
                            "INSERT INTO document (id, project_id, external_id, meta, text,"
                            " content_hash, segmenter_version, created_at) VALUES"
                            f" ({document_id}, 1, 'd{document_id}', '{{}}', 'x', 'h', 'v',"
                            " '2026-01-01')"
                        )
                    )
                    connection.execute(
                        text(
                            "INSERT INTO assignment (document_id, user_id, status, created_at,"
                            f" updated_at) VALUES ({document_id}, 1, 'new', '2026-01-01',"
                            " '2026-01-01')"
                        )
                    )
            db.upgrade(app)
            with engine.connect() as connection:
                members = connection.execute(
                    text("SELECT project_id, user_id, role FROM project_member")
                ).all()
                versions = connection.execute(
                    text("SELECT project_id, version FROM schema_version")
                ).all()
            engine.dispose()
        assert [tuple(row) for row in members] == [(1, 1, "annotator")]
        assert [tuple(row) for row in versions] == [(1, 3)]


def test_upgrade_to_0009_fills_the_search_rows_of_existing_documents(tmp_path: Any) -> None:
    """Documents stored before 0009 get the same search rows a new document would."""

    from sqlalchemy import text

    from annotator.core.search_text import search_fields

    documents = [
        (1, "Émile à Genève", "A-1", {"ville": "Zürich", "n": 1}),
        (2, None, "untitled.txt", {}),
    ]
    with migration_app(tmp_path) as (url, app):
        with app.app_context():
            db.upgrade(app, "0008")
            engine = create_engine(url)
            with engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO project (id, slug, name, schema, schema_version, created_at)"
                        " VALUES (1, 'p', 'P', '{}', 1, '2026-01-01')"
                    )
                )
                for document_id, title, external_id, meta in documents:
                    connection.execute(
                        text(
                            "INSERT INTO document (id, project_id, external_id, title, meta, text,"
                            " content_hash, segmenter_version, created_at) VALUES"
                            " (:id, 1, :external_id, :title, :meta, 'x', 'h', 'v', '2026-01-01')"
                        ),
                        {
                            "id": document_id,
                            "external_id": external_id,
                            "title": title,
                            "meta": json.dumps(meta),
                        },
                    )
            db.upgrade(app)
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT document_id, project_id, title, external_id, meta"
                        " FROM document_search ORDER BY document_id"
                    )
                ).all()
            engine.dispose()
        assert [tuple(row) for row in rows] == [
            (document_id, 1, *search_fields(title, external_id, meta))
            for document_id, title, external_id, meta in documents
        ]
        assert rows[0][2] == "émile à genève" and "zürich" in rows[0][4]


def test_schema_head_is_the_newest_migration() -> None:
    """A new database is stamped with SCHEMA_HEAD: it must be Alembic's only head."""
    from alembic.script import ScriptDirectory

    app = fresh_app("sqlite://")
    try:
        with app.app_context():
            script = ScriptDirectory.from_config(db.alembic_config(app))
        assert script.get_heads() == [db.SCHEMA_HEAD]
    finally:
        db.get_engine(app).dispose()


def test_a_new_database_built_from_the_models_equals_a_migrated_one(tmp_path: Any) -> None:
    """`annotator db upgrade` builds a database without tables from the models in one
    transaction; the result has the same tables, columns, keys, indexes, constraints and rows
    (a data migration writing rows into an empty database would show here) as every migration
    run from nothing, and the same Alembic revision."""

    with (
        migration_app(tmp_path) as (migrated_url, migrated),
        migration_app(tmp_path, "annotator_created") as (created_url, created),
    ):
        with migrated.app_context():
            db.upgrade(migrated)
        with created.app_context():
            db.upgrade(created, metadata=Base.metadata)
            assert db.create_new(Base.metadata, created) is False, "it has tables now"
            assert db.current_revision(created) == db.SCHEMA_HEAD
        assert schema_and_rows(created_url) == schema_and_rows(migrated_url)


def test_upgrade_builds_only_a_database_without_tables(tmp_path: Any) -> None:
    """A database at an older revision is migrated, never rebuilt: its rows stay."""

    from sqlalchemy import text

    with migration_app(tmp_path) as (url, app):
        with app.app_context():
            db.upgrade(app, "0009")
            engine = create_engine(url)
            with engine.begin() as connection:
                connection.execute(
                    text(
                        'INSERT INTO "user" (id, username, role, created_at, active,'
                        " session_epoch) VALUES (1, 'ann', 'annotator', '2026-01-01', true, 0)"
                    )
                )
            db.upgrade(app, metadata=Base.metadata)
            assert db.current_revision(app) == db.SCHEMA_HEAD
            with engine.connect() as connection:
                names = connection.execute(text('SELECT username FROM "user"')).scalars().all()
            engine.dispose()
        assert names == ["ann"]


def test_upgrade_to_0018_keys_every_user_and_a_look_alike_is_refused(tmp_path: Any) -> None:
    """Users made before 0018 get their look-alike key; a new name reading as one is refused."""

    import pytest
    from sqlalchemy import text

    from annotator.core.errors import Conflict
    from annotator.services.accounts import people

    full_width = "\uff41\uff4c\uff49\uff43\uff45"  # 'alice' in full-width letters
    with migration_app(tmp_path) as (url, app), app.app_context():
        db.upgrade(app, "0017")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(
                text(
                    'INSERT INTO "user" (username, role, created_at, active, session_epoch)'
                    " VALUES ('Carla', 'annotator', '2026-01-01', true, 0),"
                    f" ('{full_width}', 'annotator', '2026-01-01', true, 0)"
                )
            )
        db.upgrade(app, "0018")
        with engine.connect() as connection:
            keys = connection.execute(
                text('SELECT username, username_key FROM "user" ORDER BY id')
            ).all()
            indexes = {
                i["name"]: i["column_names"] for i in inspect(connection).get_indexes("user")
            }
        engine.dispose()
        assert [tuple(row) for row in keys] == [("Carla", "carla"), (full_width, "alice")]
        assert indexes["ix_user_username_key"] == ["username_key"]
        session = db.get_session()
        for name, existing in (("carla", "Carla"), ("ALICE", full_width)):
            with pytest.raises(Conflict, match=f"existing user '{existing}'"):
                people.add_user(session, None, name, "annotator", None)
        assert people.add_user(session, None, "carl", "annotator", None).username_key == "carl"
        session.rollback()

        downgrade(app, "0017")
        engine = create_engine(url)
        columns = {c["name"] for c in inspect(engine).get_columns("user")}
        engine.dispose()
        assert "username_key" not in columns


def test_upgrade_to_0023_keeps_label_values_without_provenance_and_back(tmp_path: Any) -> None:
    """Label values stored before 0023 come through with no score or model (no suggestion
    made them); the classifiers' table is there; the downgrade drops both, keeping values."""

    from sqlalchemy import text

    with migration_app(tmp_path) as (url, app), app.app_context():
        db.upgrade(app, "0022")
        engine = create_engine(url)
        with engine.begin() as connection:
            gold_layer_row(connection, active_seconds=0)
            connection.execute(
                text(
                    "INSERT INTO label_value (layer_id, sentence_index, name, value,"
                    " created_at, updated_at) VALUES (1, 0, 'stance', '\"FAVOR\"',"
                    " '2026-01-01', '2026-01-01')"
                )
            )
        db.upgrade(app, "0023")
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT name, score, model FROM label_value")).all()
            tables = set(inspect(connection).get_table_names())
        assert [tuple(row) for row in rows] == [("stance", None, None)]
        assert "assist_label_model" in tables
        engine.dispose()
        downgrade(app, "0022")
        engine = create_engine(url)
        with engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("label_value")}
            count = connection.execute(text("SELECT count(*) FROM label_value")).scalar()
            tables = set(inspect(connection).get_table_names())
        engine.dispose()
        assert {"score", "model"}.isdisjoint(columns) and count == 1
        assert "assist_label_model" not in tables


def test_upgrade_to_0026_keeps_active_time_and_starts_its_clock_empty(tmp_path: Any) -> None:
    """A layer's seconds recorded before 0026 stay; its credited-until moment is NULL, so its
    next report is taken as a first one; the downgrade drops the column, keeping the seconds."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    from annotator.services.annotation.active_time import credited_report

    with migration_app(tmp_path) as (url, app), app.app_context():
        db.upgrade(app, "0025")
        engine = create_engine(url)
        with engine.begin() as connection:
            gold_layer_row(connection, active_seconds=412)
        db.upgrade(app, "0026")
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT active_seconds, active_credited_until FROM layer")
            ).one()
        assert tuple(row) == (412, None)
        moment = datetime(2026, 12, 12, 10, tzinfo=UTC)
        assert credited_report(90, row[1], moment) == (90, moment)
        engine.dispose()
        downgrade(app, "0025")
        engine = create_engine(url)
        with engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("layer")}
            seconds = connection.execute(text("SELECT active_seconds FROM layer")).scalar()
        engine.dispose()
        assert "active_credited_until" not in columns and seconds == 412


def test_upgrade_to_0027_keeps_gold_rows_with_no_recorded_how(tmp_path: Any) -> None:
    """A gold span decided before 0027 keeps its reviewer's names; how it was decided was not
    kept (NULL), and the export says so; the downgrade drops the new columns, keeping it."""

    from sqlalchemy import text

    from annotator.core.gold_source import source_json

    with migration_app(tmp_path) as (url, app), app.app_context():
        db.upgrade(app, "0026")
        engine = create_engine(url)
        with engine.begin() as connection:
            gold_layer_row(connection, active_seconds=0)
            connection.execute(
                text(
                    'INSERT INTO span (id, layer_id, label, start, "end", attributes,'
                    " version, source_layer, created_at, updated_at) VALUES (1, 1, 'C',"
                    " 0, 1, '{}', 1, 'alice,bob', '2026-01-01', '2026-01-01')"
                )
            )
        db.upgrade(app, "0027")
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT source_how, source_of, source_layer FROM span")
            ).one()
            changes = [c["name"] for c in inspect(connection).get_columns("layer_change")]
        assert tuple(row) == (None, None, "alice,bob") and "item_source" in changes
        assert source_json(*row) == {"how": None, "of": None, "annotators": ["alice", "bob"]}
        engine.dispose()
        downgrade(app, "0026")
        engine = create_engine(url)
        with engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("span")}
            kept = connection.execute(text("SELECT source_layer FROM span")).scalar()
        engine.dispose()
        assert {"source_how", "source_of"}.isdisjoint(columns) and kept == "alice,bob"


def test_upgrade_to_0028_numbers_each_projects_documents_in_their_order(tmp_path: Any) -> None:
    """Documents stored before 0028 are numbered within their project in the order they were
    stored, and each project's counter goes on after its last number."""

    from sqlalchemy import text

    with migration_app(tmp_path) as (url, app):
        with app.app_context():
            db.upgrade(app, "0027")
            engine = create_engine(url)
            with engine.begin() as connection:
                for project_id in (1, 2, 3):
                    connection.execute(
                        text(
                            "INSERT INTO project (id, slug, name, schema, schema_version,"
                            " created_at) VALUES (:id, :slug, 'P', '{}', 1, '2026-01-01')"
                        ),
                        {"id": project_id, "slug": f"p{project_id}"},
                    )
                # Interleaved, as two projects' imports leave them; project 3 has none.
                for document_id, project_id in [(1, 1), (2, 2), (3, 1), (4, 2), (7, 1)]:
                    connection.execute(
                        text(
                            "INSERT INTO document (id, project_id, external_id, meta, text,"
                            " content_hash, segmenter_version, created_at) VALUES"
                            " (:id, :project, :name, '{}', 'x', 'h', 'v', '2026-01-01')"
                        ),
                        {"id": document_id, "project": project_id, "name": str(document_id)},
                    )
            db.upgrade(app, "0028")
            with engine.connect() as connection:
                numbers = connection.execute(
                    text("SELECT id, number FROM document ORDER BY id")
                ).all()
                counters = connection.execute(
                    text("SELECT id, documents_numbered FROM project ORDER BY id")
                ).all()
            engine.dispose()
        assert [tuple(row) for row in numbers] == [(1, 1), (2, 1), (3, 2), (4, 2), (7, 3)]
        assert [tuple(row) for row in counters] == [(1, 3), (2, 2), (3, 0)]
