"""Waiting for SQLite's write lock (annotator.engine.begin_sqlite): soon after it is free, never
past the busy timeout, and with SQLite's own busy timeout back in place afterwards."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.engine import begin_sqlite


@pytest.fixture
def connections(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    path = tmp_path / "lock.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x INTEGER)")
    waiter = sqlite3.connect(path, isolation_level=None)
    waiter.execute("PRAGMA busy_timeout=4000")
    yield holder, waiter
    holder.close()
    waiter.close()


def _busy_timeout(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA busy_timeout").fetchone()[0])


def test_a_waiting_writer_gets_the_lock_once_it_is_free(
    connections: tuple[sqlite3.Connection, sqlite3.Connection],
) -> None:
    holder, waiter = connections
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    released: list[float] = []

    def release() -> None:
        released.append(time.monotonic())  # before the COMMIT: no waiter can get in earlier
        holder.execute("COMMIT")

    timer = threading.Timer(0.24, release)
    timer.start()
    begin_sqlite(waiter, "IMMEDIATE", 4000)
    acquired = time.monotonic()
    timer.join()
    # Polled within a few milliseconds of the release; SQLite's own busy handler would be
    # asleep until 328 ms (its sleeps: 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms), 88 ms
    # after it. The bound leaves room for a loaded machine.
    assert 0 <= acquired - released[0] < 0.06
    # The waiter holds the write lock now, and sees the holder's committed row.
    assert waiter.in_transaction
    waiter.execute("INSERT INTO t VALUES (2)")
    waiter.execute("COMMIT")
    assert sorted(x for (x,) in holder.execute("SELECT x FROM t")) == [1, 2]
    assert _busy_timeout(waiter) == 4000


def test_a_writer_gives_up_after_the_busy_timeout(
    connections: tuple[sqlite3.Connection, sqlite3.Connection],
) -> None:
    holder, waiter = connections
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        begin_sqlite(waiter, "IMMEDIATE", 200)
    waited = time.monotonic() - started
    assert 0.2 <= waited < 2.0
    assert not waiter.in_transaction
    assert _busy_timeout(waiter) == 200
    holder.execute("COMMIT")


def test_a_deferred_begin_takes_no_lock_and_leaves_the_timeout_alone(
    connections: tuple[sqlite3.Connection, sqlite3.Connection],
) -> None:
    holder, waiter = connections
    holder.execute("BEGIN IMMEDIATE")
    begin_sqlite(waiter, "DEFERRED", 200)  # a reader never waits for a writer
    assert waiter.execute("SELECT count(*) FROM t").fetchone() == (0,)
    waiter.execute("COMMIT")
    assert _busy_timeout(waiter) == 4000
    holder.execute("COMMIT")


def test_a_free_lock_is_taken_at_once_with_the_timeout_back(
    connections: tuple[sqlite3.Connection, sqlite3.Connection],
) -> None:
    holder, waiter = connections
    begin_sqlite(waiter, "IMMEDIATE", 4000)
    assert waiter.in_transaction
    assert _busy_timeout(waiter) == 4000
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        holder.execute("BEGIN IMMEDIATE")  # the waiter holds the write lock
    waiter.execute("ROLLBACK")


def test_an_open_transaction_is_refused_not_committed(
    connections: tuple[sqlite3.Connection, sqlite3.Connection],
) -> None:
    holder, waiter = connections
    waiter.execute("BEGIN")
    waiter.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
        begin_sqlite(waiter, "IMMEDIATE", 4000)
    assert waiter.in_transaction
    assert holder.execute("SELECT count(*) FROM t").fetchone() == (0,)  # nothing committed
    waiter.execute("ROLLBACK")
    assert _busy_timeout(waiter) == 4000


class _RecoveringDriver:
    """A DBAPI connection whose first BEGIN IMMEDIATE finds another connection recovering the
    WAL (SQLITE_BUSY_RECOVERY, an extended code of SQLITE_BUSY), as after a crash."""

    in_transaction = False

    def __init__(self, error_code: int) -> None:
        self.error_code = error_code
        self.statements: list[str] = []

    def execute(self, sql: str) -> None:
        self.statements.append(sql)
        if sql == "BEGIN IMMEDIATE" and self.statements.count(sql) == 1:
            error = sqlite3.OperationalError("database is locked")
            error.sqlite_errorcode = self.error_code
            raise error

    def executescript(self, script: str) -> None:
        # As SQLite runs a script: statement after statement, up to the first error.
        for sql in script.split(";"):
            self.execute(sql.strip())


def test_every_kind_of_busy_is_waited_out() -> None:
    driver = _RecoveringDriver(error_code=261)  # SQLITE_BUSY_RECOVERY
    begin_sqlite(driver, "IMMEDIATE", 1000)  # type: ignore[arg-type]
    assert driver.statements == [
        "PRAGMA busy_timeout=0", "BEGIN IMMEDIATE", "BEGIN IMMEDIATE", "PRAGMA busy_timeout=1000",
    ]  # fmt: skip


def test_other_errors_are_not_retried() -> None:
    driver = _RecoveringDriver(error_code=sqlite3.SQLITE_IOERR)
    with pytest.raises(sqlite3.OperationalError):
        begin_sqlite(driver, "IMMEDIATE", 1000)  # type: ignore[arg-type]
    assert driver.statements == [
        "PRAGMA busy_timeout=0", "BEGIN IMMEDIATE", "PRAGMA busy_timeout=1000",
    ]  # fmt: skip
