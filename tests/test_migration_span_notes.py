"""Migration 0020 moves the brat notes an import kept in a document's shared ``meta``
(``brat_notes``) onto the spans they are on (``span.note``), out of the search text too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from annotator import db
from annotator.services.accounts.projects import create_project
from annotator.services.accounts.users import create_user
from annotator.services.datasets.documents import add_document
from tests.conftest import SEED_SCHEMA
from tests.migration_checks import downgrade, migration_app

TEXT = "Officials said the plan will cut costs."


def test_upgrade_moves_each_note_onto_its_span_and_out_of_meta(tmp_path: Path) -> None:
    with migration_app(tmp_path, "annotator_0020") as (url, app), app.app_context():
        db.upgrade(app, "0019")
        # Today's services write each document's number and its project's counter (0028):
        # the columns are there for the writes alone, dropped before the upgrade.
        _number_columns(app, add=True)
        session = db.get_session()
        alice = create_user(session, "alice", "annotator")
        bob = create_user(session, "bob", "annotator")
        project = create_project(session, "fc", "FC", SEED_SCHEMA)
        notes = [
            {"annotator": "alice", "on": "T1", "note": "who?", "label": "SOURCE",
             "start": 0, "end": 9},
            {"annotator": "bob", "on": "T1", "note": "secret", "label": "CLAIM",
             "start": 15, "end": 38},
            {"annotator": "bob", "on": "R1", "note": "on a relation"},
        ]  # fmt: skip
        meta = {"outlet": "Wire", "brat_notes": notes}
        document, _ = add_document(session, project, "n1", TEXT, meta=meta)
        connection = session.connection()
        spans = {}
        for user, label, start, end in ((alice, "SOURCE", 0, 9), (bob, "CLAIM", 15, 38)):
            layer = connection.execute(
                text(
                    "INSERT INTO layer (document_id, user_id, key, active_seconds, created_at)"
                    " VALUES (:d, :u, :k, 0, CURRENT_TIMESTAMP) RETURNING id"
                ),
                {"d": document.id, "u": user.id, "k": f"user:{user.id}"},
            ).scalar_one()
            spans[user.username] = connection.execute(
                text(
                    'INSERT INTO span (layer_id, label, start, "end", attributes, version,'
                    " created_at, updated_at) VALUES (:l, :label, :s, :e, '{}', 1,"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id"
                ),
                {"l": layer, "label": label, "s": start, "e": end},
            ).scalar_one()
        session.commit()
        doc_id = document.id
        session.close()
        _number_columns(app, add=False)

        db.upgrade(app, "0020")
        assert db.current_revision(app) == "0020"
        connection = db.get_engine(app).connect()
        moved = dict(connection.execute(text("SELECT id, note FROM span")).all())
        assert moved == {spans["alice"]: "who?", spans["bob"]: "secret"}
        (stored,) = connection.execute(
            text("SELECT meta FROM document WHERE id = :d"), {"d": doc_id}
        ).one()
        assert (json.loads(stored) if isinstance(stored, str) else stored) == {"outlet": "Wire"}
        (searched,) = connection.execute(
            text("SELECT meta FROM document_search WHERE document_id = :d"), {"d": doc_id}
        ).one()
        assert "secret" not in searched and "wire" in searched
        connection.close()

        downgrade(app, "0019")
        connection = db.get_engine(app).connect()
        (stored,) = connection.execute(
            text("SELECT meta FROM document WHERE id = :d"), {"d": doc_id}
        ).one()
        back = json.loads(stored) if isinstance(stored, str) else stored
        assert sorted(n["note"] for n in back["brat_notes"]) == ["secret", "who?"]
        connection.close()


def _number_columns(app: Any, add: bool) -> None:
    columns = {
        "project": "documents_numbered INTEGER NOT NULL DEFAULT 0",
        "document": "number INTEGER",
    }
    with db.get_engine(app).begin() as connection:
        for table, column in columns.items():
            change = f"ADD COLUMN {column}" if add else f"DROP COLUMN {column.split()[0]}"
            connection.execute(text(f"ALTER TABLE {table} {change}"))
