"""Migration 0019 makes SQLite's id tables AUTOINCREMENT on a database in use.

On SQLite every table keyed by its own id is copied (batch mode), so these check, on a
database at 0018 with rows written through the app, that every row and id comes through, that
neither a deleted span's id nor a later deleted row's id is given again, and that the
downgrade keeps the rows too. On PostgreSQL the migration does nothing, and the same holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from annotator import db
from annotator.models import Assignment, ProjectMember
from annotator.services.accounts.projects import create_project
from annotator.services.accounts.tokens import create_token
from annotator.services.accounts.users import create_user
from annotator.services.datasets.documents import add_document
from annotator.tables import METADATA
from tests.conftest import SEED_SCHEMA
from tests.helpers import bearer
from tests.migration_checks import downgrade, migration_app, schema_and_rows

#: Every table keyed by its own id.
TABLES_WITH_IDS = {
    table.name
    for table in METADATA.tables.values()
    if [c.name for c in table.primary_key] == ["id"]
}

TEXT = "Officials said the talks failed.   Moscow denied it."


@pytest.fixture
def at_0018(tmp_path: Any) -> Iterator[tuple[Any, str, dict[str, Any]]]:
    """An app whose database is at 0018, with alice's layer: three spans made, the newest
    deleted, a relation between the other two; and two tokens of alice's."""
    with migration_app(tmp_path, "annotator_0019") as (url, app):
        with app.app_context():
            db.upgrade(app, "0018")
            # Today's app writes the columns of later revisions (see LATER_COLUMNS): there for
            # the writes alone and dropped after them, leaving the database as 0018 made it.
            _later_columns(app, add=True)
            session = db.get_session()
            alice = create_user(session, "alice", "annotator")
            ada = create_user(session, "ada", "admin")
            project = create_project(session, "demo", "Demo", SEED_SCHEMA)
            document, _ = add_document(session, project, "doc-1", TEXT)
            session.add(Assignment(document_id=document.id, user_id=alice.id))
            # An assignee is a member (access to a document is both).
            session.add(ProjectMember(project_id=project.id, user_id=alice.id, role="annotator"))
            world = {
                "document": document.id,
                "alice": bearer(create_token(session, alice)),
                "ada": bearer(create_token(session, ada)),
            }
            session.commit()
        client = app.test_client()
        spans = [
            _post(client, world, f"/documents/{world['document']}/spans", body)
            for body in (
                {"label": "SOURCE", "start": 0, "end": 9},
                {"label": "CLAIM", "start": 15, "end": 31},
                {"label": "SOURCE", "start": 35, "end": 41},
            )
        ]
        world["deleted span"] = spans[-1]["id"]
        deleted = client.delete(f"/api/v1/spans/{spans[-1]['id']}", headers=world["alice"])
        assert deleted.status_code == 204
        _post(
            client,
            world,
            f"/documents/{world['document']}/relations",
            {"type": "ATTRIBUTED_TO", "from": spans[1]["id"], "to": spans[0]["id"]},
        )
        _later_columns(app, add=False)
        yield app, url, world


#: The columns today's writes need that came after 0018, by table: span.note and
#: relation.note (0020, 0022), the items' sources and the history's item_source (0027), each
#: document's number and its project's counter (0028), the history's caused_by_id (0032).
LATER_COLUMNS = {
    "project": ("documents_numbered INTEGER NOT NULL DEFAULT 0",),
    "document": ("number INTEGER",),
    "span": ("note TEXT", "source_how VARCHAR(16)", "source_of INTEGER"),
    "relation": ("note TEXT", "source_how VARCHAR(16)", "source_of INTEGER"),
    "layer_change": ("item_source TEXT", "caused_by_id INTEGER"),
}


def _later_columns(app: Any, add: bool) -> None:
    with db.get_engine(app).begin() as connection:
        for table, columns in LATER_COLUMNS.items():
            for column in columns:
                change = f"ADD COLUMN {column}" if add else f"DROP COLUMN {column.split()[0]}"
                connection.execute(text(f"ALTER TABLE {table} {change}"))


def _post(client: Any, world: dict[str, Any], path: str, body: Any) -> dict[str, Any]:
    response = client.post(f"/api/v1{path}", json=body, headers=world["alice"])
    assert response.status_code == 201, response.get_json()
    made: dict[str, Any] = response.get_json()
    return made


def _schema(found: dict[str, Any]) -> dict[str, Any]:
    """What :func:`_schema_and_rows` found, but the rows and what SQLite's AUTOINCREMENT
    changes: the flag, and the primary key's name (an AUTOINCREMENT key is written inline,
    where SQLAlchemy names it not; no statement can name a SQLite key anyway)."""
    return {
        name: table
        | {"rows": None, "autoincrement": None}
        | {"primary key": table["primary key"] | {"name": None}}
        for name, table in found.items()
    }


def _autoincrement_tables(url: str) -> set[str]:
    """The tables SQLite numbers AUTOINCREMENT (none on PostgreSQL)."""
    if not url.startswith("sqlite"):
        return set()
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'"
            )
        )
        found = {row.name for row in rows}
    engine.dispose()
    return found


def test_upgrade_keeps_every_row_and_gives_no_deleted_id_again(
    at_0018: tuple[Any, str, dict[str, Any]],
) -> None:
    app, url, world = at_0018
    before = schema_and_rows(url)
    assert before["relation"]["rows"] and before["api_token"]["rows"]
    with app.app_context():
        db.upgrade(app, "0019")
        assert db.current_revision(app) == "0019"
    after = schema_and_rows(url)
    assert {name: table["rows"] for name, table in after.items() if name != "alembic_version"} == {
        name: table["rows"] for name, table in before.items() if name != "alembic_version"
    }
    assert _schema(after) == _schema(before), "every column, key, index and constraint as it was"
    if url.startswith("sqlite"):
        # Every table keyed by its id that 0019 has (later revisions add tables of their own).
        assert _autoincrement_tables(url) == TABLES_WITH_IDS & set(after)
    with app.app_context():
        db.upgrade(app)  # today's app writes the columns of later revisions (span.note)
    client = app.test_client()
    # The span deleted before the upgrade: its id is not given to the next.
    span = _post(
        client,
        world,
        f"/documents/{world['document']}/spans",
        {"label": "CUE", "start": 10, "end": 14},
    )
    assert span["id"] > world["deleted span"]
    # The newest token, revoked after the upgrade: its id is not given to the next.
    revoked = client.post("/api/v1/tokens", json={"name": "one"}, headers=world["alice"])
    assert (
        client.delete(
            f"/api/v1/tokens/{revoked.get_json()['id']}", headers=world["ada"]
        ).status_code
        == 204
    )
    again = client.post("/api/v1/tokens", json={"name": "two"}, headers=world["alice"])
    assert again.get_json()["id"] > revoked.get_json()["id"]


def test_downgrade_keeps_every_row_and_takes_autoincrement_off(
    at_0018: tuple[Any, str, dict[str, Any]],
) -> None:
    app, url, _ = at_0018
    before = schema_and_rows(url)
    with app.app_context():
        db.upgrade(app)
        downgrade(app, "0018")
        assert db.current_revision(app) == "0018"
    assert schema_and_rows(url) == before
    assert _autoincrement_tables(url) == set()


def test_a_failed_upgrade_changes_nothing_and_leaves_foreign_keys_on(
    at_0018: tuple[Any, str, dict[str, Any]],
) -> None:
    """A row that refers to none (written with foreign keys off, say) stops the upgrade
    before its commit; the app's connections check references again after it."""
    app, url, _ = at_0018
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's foreign keys are switched off for its migrations alone")
    engine = db.get_engine(app)
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA foreign_keys=OFF")
        connection.execute(
            text("UPDATE api_token SET user_id = 999 WHERE id = (SELECT max(id) FROM api_token)")
        )
        connection.commit()
        driver.execute("PRAGMA foreign_keys=ON")
    before = schema_and_rows(url)
    with app.app_context(), pytest.raises(RuntimeError, match="api_token row .* missing user"):
        db.upgrade(app)
    assert schema_and_rows(url) == before
    assert _autoincrement_tables(url) == set()
    with engine.connect() as connection:
        (on,) = connection.execute(text("PRAGMA foreign_keys")).one()
    assert on == 1
