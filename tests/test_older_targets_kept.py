"""The schema versions' targets, kept between reads of a layer instead of read (every
version's whole schema) on each: what is told stays what the versions say, when a version is
added, rolled back, and across databases that give the same ids and times."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, insert, select, text
from sqlalchemy.engine import make_url

from annotator import create_app
from annotator.core.given_targets import OlderTarget, TargetTimes
from annotator.db import Base, get_session
from annotator.engine import get_engine
from annotator.models import SchemaVersion
from annotator.services.accounts.project_admin import edit_project
from annotator.services.accounts.projects import create_project
from annotator.services.schema.older_targets import target_times
from config import TestingConfig
from tests.conftest import SEED_SCHEMA
from tests.databases import fresh_database
from tests.export_world import World
from tests.helpers import counted_statements
from tests.older_target_world import NEW_TARGET, OLD_TARGET, world  # noqa: F401 (a fixture)

SERVER = os.environ.get("ANNOTATOR_TEST_DATABASE_URL")
STANCE = ("sentence", "stance")
T0 = datetime(2026, 1, 1, tzinfo=UTC)
# A statement that reads the versions' schemas (the JSON), not only their ids and times.
DESCRIPTION = next(f for f in SEED_SCHEMA["sentence_labels"] if f["name"] == "stance")[
    "description"
]
READS_SCHEMAS = re.compile(r'schema_version\."?schema"?\s*(,|FROM)', re.IGNORECASE)


def _schema_with(target: str) -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["target"] = target
    return schema


def _built(session: Any, project_id: int) -> TargetTimes:
    """The targets as every version's rows say them, read in full (what is kept must equal)."""
    v = SchemaVersion
    rows = session.execute(
        select(v.version, v.created_at, v.schema, v.change).where(v.project_id == project_id)
    )
    return TargetTimes(tuple(row) for row in rows)


def _told(times: TargetTimes) -> Any:
    """Everything a reader asks of the targets, for the fields of the seed schema."""
    fields = [("sentence", f["name"]) for f in SEED_SCHEMA["sentence_labels"]]
    fields += [("document", f["name"]) for f in SEED_SCHEMA["document_labels"]]
    return (
        times.times,
        times.changed,
        times.changed_fields(),
        [[times.older_target_at(f, at) for at in range(-1, len(times.times))] for f in fields],
    )


def _stance(client: FlaskClient, world: World, headers: dict[str, str]) -> Any:  # noqa: F811
    url = f"/api/v1/documents/{world.documents['emoji'].id}/annotations"
    layer = client.get(url, headers=headers).get_json()
    return next(x for x in layer["sentence_labels"] if x["name"] == "stance")


def test_a_version_added_is_told_at_the_next_read_and_the_versions_are_not_read_again(
    app: Flask,
    client: FlaskClient,
    session: Any,
    world: World,  # noqa: F811
    make_token: Any,
) -> None:
    headers = make_token(world.users["bob"])
    engine = get_engine(app)
    with counted_statements(engine) as first:
        stance = _stance(client, world, headers)
    assert stance["given_toward"]["target"] == OLD_TARGET
    assert stance["given_toward"]["changed"] == ["target"]
    assert any(READS_SCHEMAS.search(s) for s in first)
    # Kept per database connection: a read on a connection the pool had not used for this
    # project reads once more (in a whole run the pool holds several), so read until one is
    # on a connection that keeps them; main read the schemas on every read.
    schema_reads = []
    for _ in range(10):
        with counted_statements(engine) as again:
            assert _stance(client, world, headers) == stance
        schema_reads.append(len([s for s in again if READS_SCHEMAS.search(s)]))
    assert 0 in schema_reads, schema_reads

    # A third version changes the stance's description: told at once.
    schema = copy.deepcopy(world.project.schema)
    field = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
    field["description"] = "Another wording."
    edit_project(session, world.project, None, schema=schema, confirm_meaning=True)
    session.commit()
    after = _stance(client, world, headers)
    assert after["given_toward"]["changed"] == ["target", "description"]
    assert after["given_toward"]["version"] == 1
    assert _told(target_times(session, world.project.id)) == _told(
        _built(session, world.project.id)
    )


def test_a_project_of_one_version_reads_no_schema_of_its_versions(
    app: Flask, session: Any, make_project: Any
) -> None:
    project = make_project("single")
    with counted_statements(get_engine(app)) as seen:
        times = target_times(session, project.id)
    assert not [s for s in seen if READS_SCHEMAS.search(s)]
    assert _told(times) == _told(_built(session, project.id))
    assert not times.changed


def test_a_version_rolled_back_is_not_told_after(
    session: Any,
    world: World,  # noqa: F811
) -> None:
    """A version read in a transaction that is then rolled back (SQLite then gives the next
    version the same id) is not what the next one is told by."""
    project_id = world.project.id

    def changed(**wordings: str) -> None:
        project = session.get(type(world.project), project_id)
        schema = copy.deepcopy(project.schema)
        next(f for f in schema["sentence_labels"] if f["name"] == "stance").update(wordings)
        edit_project(session, project, None, schema=schema, confirm_meaning=True)

    changed(target="Rolled back")
    rolled = target_times(session, project_id)
    assert rolled.older_target_at(STANCE, 1) == OlderTarget(NEW_TARGET, 2, DESCRIPTION)
    session.rollback()
    changed(description="Kept.")
    session.commit()
    kept = target_times(session, project_id)
    assert kept.older_target_at(STANCE, 1) == OlderTarget(
        NEW_TARGET, 2, DESCRIPTION, ("description",)
    )
    assert _told(kept) == _told(_built(session, project_id))


@contextmanager
def _app_on(url: str) -> Iterator[Flask]:
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    settings = {key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()}
    other = create_app(settings | {"DATABASE_URL": url})
    try:
        yield other
    finally:
        get_engine(other).dispose()


def _twin_project(app: Flask, targets: list[str]) -> int:
    """Make a project whose versions have the stance's ``targets``, with the same ids and
    times in every database (as two loads of one project's file edited would)."""
    with app.app_context():
        session = get_session()
        project = create_project(session, "twin", "Twin", _schema_with(targets[-1]))
        session.execute(delete(SchemaVersion).where(SchemaVersion.project_id == project.id))
        for number, target in enumerate(targets, 1):
            session.execute(
                insert(SchemaVersion).values(
                    id=1000 + number,
                    project_id=project.id,
                    version=number,
                    schema=_schema_with(target),
                    change="",
                    created_at=T0 + timedelta(days=number),
                )
            )
        project.schema_version = len(targets)
        session.commit()
        return project.id


def _first_target(app: Flask, project_id: int) -> str | None:
    """The target a stance given under the first version was given toward, as read now."""
    with app.app_context():
        older = target_times(get_session(), project_id).older_target(
            STANCE, T0 + timedelta(days=1, hours=1)
        )
        return None if older is None else older.target


def test_two_databases_in_one_process_are_told_each_by_its_own_versions(
    tmp_path: Path,
) -> None:
    with (
        fresh_database(SERVER, tmp_path, "annotator_kept_a") as url_a,
        fresh_database(SERVER, tmp_path, "annotator_kept_b") as url_b,
        _app_on(url_a) as app_a,
        _app_on(url_b) as app_b,
    ):
        project_a = _twin_project(app_a, ["A1", "A2", "A3"])
        project_b = _twin_project(app_b, ["B1", "B2", "B3"])
        assert project_a == project_b
        for _ in range(2):
            assert _first_target(app_a, project_a) == "A1"
            assert _first_target(app_b, project_b) == "B1"


def test_a_database_made_anew_under_the_same_url_is_told_by_its_own_versions(
    tmp_path: Path,
) -> None:
    """The project of the same id in a new database at the same place (the old one removed),
    its versions of the same ids and times, is told by what they say."""
    with fresh_database(SERVER, tmp_path, "annotator_kept") as url, _app_on(url) as app:
        project = _twin_project(app, ["A1", "A2", "A3"])
        assert _first_target(app, project) == "A1"
        get_engine(app).dispose()
        _remake(url)
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        assert _twin_project(app, ["B1", "B2", "B3"]) == project
        assert _first_target(app, project) == "B1"


def _remake(url: str) -> None:
    """Remove the database at ``url`` and make an empty one of the same name."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    assert SERVER is not None
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
