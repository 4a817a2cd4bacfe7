"""A worker thread keeps its SQLite connection between span writes (annotator.thread_connections).

Kept only when clean and while the pool is not short; given back when the thread ends; never
reused once its engine was disposed; in a forked child neither used nor closed.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from annotator import thread_connections
from annotator.engine import EXTENSION, get_engine, make_engine

TEXT = "Officials said the talks failed. Nobody knows why. Then it rained."


@pytest.fixture
def world(app: Any, make_span_writers: Any) -> dict[str, Any]:
    if get_engine(app).dialect.name != "sqlite":
        pytest.skip("connections are kept on SQLite only")
    return make_span_writers(TEXT)


def _write(client: Any, world: dict[str, Any], start: int) -> None:
    response = client.post(
        f"/api/v1/documents/{world['document_id']}/spans",
        json={"label": "CLAIM", "start": start, "end": start + 3},
        headers=world["alice"],
    )
    assert response.status_code == 201, response.get_json()


@contextmanager
def pool_traffic(engine: Any) -> Iterator[dict[str, list[Any]]]:
    """Collect the DBAPI connections the engine's pool hands out to this thread and takes back.

    Only this thread's: the process's training thread may use the same engine meanwhile.
    """
    seen: dict[str, list[Any]] = {"checkout": [], "checkin": []}
    mine = threading.get_ident()

    def out(dbapi_connection: Any, *_args: Any) -> None:
        if threading.get_ident() == mine:
            seen["checkout"].append(dbapi_connection)

    def back(dbapi_connection: Any, *_args: Any) -> None:
        if threading.get_ident() == mine:
            seen["checkin"].append(dbapi_connection)

    event.listen(engine, "checkout", out)
    event.listen(engine, "checkin", back)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", out)
        event.remove(engine, "checkin", back)


def _is_open(dbapi_connection: sqlite3.Connection) -> bool:
    try:
        dbapi_connection.total_changes  # noqa: B018 (raises once the connection is closed)
    except sqlite3.ProgrammingError:
        return False
    return True


def test_a_thread_keeps_its_connection_between_span_writes(
    app: Any, client: Any, world: dict[str, Any]
) -> None:
    _write(client, world, 0)  # the layer, in a session: its connection goes back to the pool
    _write(client, world, 4)  # a clean span write: its connection stays with the thread
    with pool_traffic(get_engine(app)) as traffic:
        for start in (10, 15, 20):
            _write(client, world, start)
    assert traffic == {"checkout": [], "checkin": []}
    # A request that made SQLAlchemy's Connection gives the connection back to the pool.
    with pool_traffic(get_engine(app)) as traffic:
        assert client.post("/api/v1/tokens", json={"name": "t"}, headers=world["alice"]).json
        _write(client, world, 25)
    # The token's request takes the kept connection and returns it to the pool through its
    # session's Connection; the write after it checks one out and keeps it.
    assert (len(traffic["checkout"]), len(traffic["checkin"])) == (1, 1)


def test_a_read_on_the_request_connection_keeps_it_and_ends_its_transaction(
    app: Any, client: Any, world: dict[str, Any]
) -> None:
    _write(client, world, 0)
    _write(client, world, 4)
    seen: list[str] = []

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(sql)

    engine = get_engine(app)
    event.listen(engine, "before_cursor_execute", statement)
    try:
        with pool_traffic(engine) as traffic:
            # A health check's read begins DEFERRED on the kept connection; it is rolled
            # back at the request's end, and the connection stays with the thread.
            assert client.get("/api/v1/health").json == {"status": "ok"}
            assert client.get("/api/v1/health").json == {"status": "ok"}
            _write(client, world, 10)
    finally:
        event.remove(engine, "before_cursor_execute", statement)
    assert traffic == {"checkout": [], "checkin": []}
    # Statement listeners still see the check's query.
    assert [sql for sql in seen if "1" in sql and sql.lstrip().upper().startswith("SELECT")]
    # What the thread kept is clean: no read transaction left open on it.
    connection, _pool = thread_connections.take(engine)
    try:
        assert not connection.driver_connection.in_transaction
    finally:
        thread_connections.give_back(engine, _pool, connection, connection.driver_connection)


def test_a_thread_that_ends_gives_its_connection_back(
    app: Any, world: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    engine = get_engine(app)
    kept_while_alive: list[int] = []

    def work() -> None:
        client = app.test_client()
        _write(client, world, 0)
        _write(client, world, 4)
        kept_while_alive.append(engine.pool.checkedout())

    before = engine.pool.checkedout()
    caplog.set_level(logging.ERROR, logger="sqlalchemy.pool")
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert kept_while_alive == [before + 1]
    del thread
    gc.collect()
    assert engine.pool.checkedout() == before
    assert [record.getMessage() for record in caplog.records] == []


def test_a_kept_connection_of_a_disposed_engine_is_closed_not_reused(
    app: Any, client: Any, world: dict[str, Any]
) -> None:
    engine = get_engine(app)
    _write(client, world, 0)
    engine.dispose()  # whatever this thread kept, a fresh connection next
    with pool_traffic(engine) as traffic:
        _write(client, world, 4)
    (kept,) = traffic["checkout"]
    engine.dispose()
    with pool_traffic(engine) as traffic:
        _write(client, world, 10)
    (fresh,) = traffic["checkout"]
    assert fresh is not kept
    assert not _is_open(kept)


def test_the_pool_is_never_short_of_connections_idle_threads_keep(
    app: Any, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pool of two and one more: four threads writing one after another, each then idle
    # until all are done, would hold all three if each kept its own, and the fourth would
    # wait out the timeout.
    _write(app.test_client(), world, 40)  # the layer, made before the threads write
    small = make_engine(str(get_engine(app).url), pool_size=2, max_overflow=1, pool_timeout=0.5)
    state = app.extensions[EXTENSION]
    monkeypatch.setitem(state, "engine", small)
    monkeypatch.delitem(state, "sessionmaker", raising=False)
    done = threading.Event()
    turns = [threading.Event() for _ in range(5)]
    turns[0].set()
    answers: list[int] = []

    def work(turn: int) -> None:
        turns[turn].wait()
        response = app.test_client().post(
            f"/api/v1/documents/{world['document_id']}/spans",
            json={"label": "CLAIM", "start": 4 * turn, "end": 4 * turn + 3},
            headers=world["alice"],
        )
        answers.append(response.status_code)
        turns[turn + 1].set()
        done.wait()

    threads = [threading.Thread(target=work, args=(turn,)) for turn in range(4)]
    for thread in threads:
        thread.start()
    try:
        assert turns[4].wait(timeout=30)
        assert answers == [201, 201, 201, 201]
        # Fewer than pool_size kept: one, by the first thread.
        assert small.pool.checkedout() == 1
    finally:
        done.set()
        for thread in threads:
            thread.join()
        del threads, thread
        gc.collect()
        small.dispose()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_a_forked_child_neither_reuses_nor_closes_what_its_parent_kept(
    app: Any, client: Any, world: dict[str, Any]
) -> None:
    engine = get_engine(app)
    engine.dispose()
    with pool_traffic(engine) as traffic:
        _write(client, world, 0)
        _write(client, world, 4)
    kept = traffic["checkout"][-1]
    pid = os.fork()
    if pid == 0:  # the child: its own connection, the parent's untouched, then out at once
        code = 1
        try:
            with pool_traffic(get_engine(app)) as child_traffic:
                _write(app.test_client(), world, 10)
            (own,) = child_traffic["checkout"]
            gc.collect()
            code = 0 if own is not kept and _is_open(kept) else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with pool_traffic(engine) as traffic:
        _write(client, world, 20)  # the parent goes on with the connection it kept
    assert traffic == {"checkout": [], "checkin": []}
    assert _is_open(kept)
