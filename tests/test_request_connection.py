"""A request's connection: the span writes without a session, and a session that joins it.

The span writes (a span's create, change and deletion) work on a :class:`RequestConnection`;
only a branch that needs the ORM (a first write creating its layer, a gold write's
permission reads, a keyed write's claim) joins a session to it, and then both commit or
roll back as one transaction."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, event, func, insert, select
from sqlalchemy.orm import Session

from annotator import thread_connections
from annotator.core.look_alike import look_alike_key
from annotator.db import get_sessionmaker
from annotator.engine import get_engine
from annotator.models import Assignment, LayerChange, Span, User, utcnow
from annotator.precompiled import PrecompiledInsert
from annotator.request_connection import RequestConnection

TEXT = "Officials said the talks failed. Nobody knows why."


@contextmanager
def sessions_begun(app: Any) -> Iterator[list[Session]]:
    """Collect the ORM sessions that begin a transaction in this thread while the block runs.

    The test's own session (committed around each request by the test client) is left out.
    """
    begun: list[Session] = []
    mine = threading.get_ident()
    tests_own = app.extensions["test_sessions"]

    def note(session: Session, transaction: Any) -> None:
        if threading.get_ident() != mine or transaction.parent is not None:
            return
        if not any(session is own for own in tests_own):
            begun.append(session)

    event.listen(Session, "after_transaction_create", note)
    try:
        yield begun
    finally:
        event.remove(Session, "after_transaction_create", note)


@pytest.fixture
def world(make_span_writers: Any) -> dict[str, Any]:
    return make_span_writers(TEXT)


def _write(client: Any, world: dict[str, Any], start: int, end: int) -> Any:
    response = client.post(
        f"/api/v1/documents/{world['document_id']}/spans",
        json={"label": "CLAIM", "start": start, "end": end},
        headers=world["alice"],
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_span_write_on_an_open_layer_runs_without_a_session(
    app: Any, client: Any, session: Session, world: dict[str, Any]
) -> None:
    _write(client, world, 0, 9)  # creates the layer, starts the assignment, notes the token
    with sessions_begun(app) as begun:
        span = _write(client, world, 33, 39)
    assert begun == []
    stored = session.get(Span, span["id"])
    assert stored is not None and (stored.start, stored.end) == (33, 39)
    actors = session.scalars(select(LayerChange.actor_id).where(LayerChange.item_id == span["id"]))
    assert list(actors) == [world["alice_id"]]


def test_a_span_change_and_deletion_run_without_a_session(
    app: Any, client: Any, session: Session, world: dict[str, Any]
) -> None:
    span = _write(client, world, 0, 9)  # the layer, the assignment's start, the token's use
    url = f"/api/v1/spans/{span['id']}"
    with sessions_begun(app) as begun:
        changed = client.patch(url, json={"label": "SOURCE", "end": 8}, headers=world["alice"])
        assert changed.status_code == 200, changed.get_json()
        assert client.delete(url, headers=world["alice"]).status_code == 204
    assert begun == []
    assert session.get(Span, span["id"]) is None
    changes = session.execute(
        select(LayerChange.action, LayerChange.actor_id)
        .where(LayerChange.item_id == span["id"], LayerChange.kind == "span")
        .order_by(LayerChange.id)
    )
    assert [tuple(change) for change in changes] == [
        ("create", world["alice_id"]),
        ("update", world["alice_id"]),
        ("delete", world["alice_id"]),
    ]


def test_a_first_write_joins_a_session_and_commits_its_layer_status_and_span_together(
    app: Any, client: Any, session: Session, world: dict[str, Any]
) -> None:
    with sessions_begun(app) as begun:
        span = _write(client, world, 0, 9)
    # One session joined the request's connection (the layer's insert under a savepoint,
    # the assignment's UPDATE); the token's first use is written in a session of its own.
    joined = [one for one in begun if isinstance(one.bind, Connection)]
    assert len(joined) == 1
    assert session.get(Span, span["id"]) is not None
    status = session.scalar(
        select(Assignment.status).where(Assignment.document_id == world["document_id"])
    )
    assert status == "in_progress"
    kinds = session.scalars(select(LayerChange.kind).order_by(LayerChange.id))
    assert list(kinds) == ["status", "span"]


def _user_row(name: str) -> dict[str, Any]:
    return {"username": name, "role": "annotator", "password_hash": None, "active": True}


def _usernames(app: Any) -> set[str]:
    with get_engine(app).connect() as connection:
        return set(connection.scalars(select(User.username)))


@pytest.fixture
def request_connection(app: Any) -> Iterator[RequestConnection]:
    opened = RequestConnection(get_engine(app), get_sessionmaker(app))
    yield opened
    opened.close()


def test_statements_before_the_join_and_after_a_commit_are_the_sessions_to_commit(
    app: Any, request_connection: RequestConnection
) -> None:
    request_connection.execute(insert(User.__table__), _user_row("before-join"))
    request_connection.info["note"] = 1
    session = request_connection.session()
    assert session.info["note"] == 1
    session.add(User(username="by-the-orm", role="annotator"))
    request_connection.commit()
    # A transaction begun after the commit is the session's too: the next commit ends it.
    request_connection.execute(insert(User.__table__), _user_row("after-commit"))
    request_connection.commit()
    request_connection.close()
    assert _usernames(app) == {"before-join", "by-the-orm", "after-commit"}


def test_a_rollback_drops_the_connections_and_the_sessions_work_alike(
    app: Any, request_connection: RequestConnection
) -> None:
    request_connection.execute(insert(User.__table__), _user_row("kept"))
    request_connection.commit()
    request_connection.execute(insert(User.__table__), _user_row("on-the-connection"))
    request_connection.session().add(User(username="in-the-session", role="annotator"))
    request_connection.rollback()
    request_connection.execute(insert(User.__table__), _user_row("never-committed"))
    request_connection.close()
    assert _usernames(app) == {"kept"}
    with get_engine(app).connect() as connection:
        assert connection.scalar(select(func.count()).select_from(User)) == 1


_INSERT_USER = PrecompiledInsert(
    User.__table__,
    # A precompiled insert takes every value: the name's look-alike key too (a Python default
    # of the table, which only SQLAlchemy's execution path would fill).
    column_keys=[
        "username",
        "username_key",
        "role",
        "password_hash",
        "active",
        "created_at",
        "session_epoch",
    ],
)


@contextmanager
def connections_made(app: Any) -> Iterator[list[Connection]]:
    """Collect the SQLAlchemy ``Connection`` objects made on the app's engine meanwhile."""
    made: list[Connection] = []

    def note(connection: Connection) -> None:
        made.append(connection)

    engine = get_engine(app)
    event.listen(engine, "engine_connect", note)
    try:
        yield made
    finally:
        event.remove(engine, "engine_connect", note)


def _precompiled_user(request_connection: RequestConnection, name: str) -> None:
    row = _user_row(name) | {"created_at": utcnow(), "session_epoch": 0}
    row["username_key"] = look_alike_key(name)
    _INSERT_USER.insert(request_connection, row)


def test_precompiled_statements_run_on_the_driver_and_commit_without_a_connection(
    app: Any, request_connection: RequestConnection
) -> None:
    with connections_made(app) as made:
        _precompiled_user(request_connection, "on-the-driver")
        request_connection.commit()
        _precompiled_user(request_connection, "rolled-back")
        request_connection.rollback()
        _precompiled_user(request_connection, "never-committed")
        request_connection.close()
    assert made == []
    assert _usernames(app) == {"on-the-driver"}
    # Rolled back at its close, and kept by the thread (annotator.thread_connections): the one
    # connection out of the pool, with no transaction open on it.
    # (SQLite only; elsewhere back in the pool.)
    engine = get_engine(app)
    if engine.dialect.name == "sqlite":
        assert engine.pool.checkedout() == 1
        kept, _pool = thread_connections.take(engine)
        assert not kept.driver_connection.in_transaction
        kept.close()
    assert engine.pool.checkedout() == 0


def test_core_and_the_orm_take_over_the_transaction_begun_on_the_driver(
    app: Any, request_connection: RequestConnection
) -> None:
    _precompiled_user(request_connection, "first-on-the-driver")
    request_connection.execute(insert(User.__table__), _user_row("then-core"))
    request_connection.session().add(User(username="then-the-orm", role="annotator"))
    request_connection.rollback()
    assert _usernames(app) == set()
    _precompiled_user(request_connection, "again-on-the-driver")
    request_connection.execute(insert(User.__table__), _user_row("again-core"))
    request_connection.commit()
    request_connection.close()
    assert _usernames(app) == {"again-on-the-driver", "again-core"}
    assert get_engine(app).pool.checkedout() == 0


def test_a_span_write_makes_no_sqlalchemy_connection_once_its_layer_exists(
    app: Any, client: Any, world: dict[str, Any]
) -> None:
    _write(client, world, 0, 9)  # the first write makes the layer, in a session
    with connections_made(app) as made:
        second = _write(client, world, 10, 15)
    assert made == []
    assert second["text"] == TEXT[10:15]
    # Out of the pool: on SQLite, the one this thread keeps for its next request
    # (annotator.thread_connections); PostgreSQL's go back at once.
    engine = get_engine(app)
    assert engine.pool.checkedout() == (1 if engine.dialect.name == "sqlite" else 0)
