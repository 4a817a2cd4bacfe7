"""Waiting for SQLite's write lock (annotator.engine.begin_sqlite): soon after it is free, never
past the busy timeout; SQLite's own busy handler left off for the next IMMEDIATE begin, and
back for whatever else needs it (a DEFERRED begin, a read outside a transaction)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import column, select, table
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

from annotator.engine import BusyHandlerConnection, begin_sqlite
from annotator.precompiled import Precompiled


@pytest.fixture
def connections(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, BusyHandlerConnection]]:
    path = tmp_path / "lock.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x INTEGER)")
    # As the app's engine connects (annotator.engine.make_engine): a 4 s busy timeout.
    waiter = sqlite3.connect(path, isolation_level=None, timeout=4, factory=BusyHandlerConnection)
    assert waiter.use_wal()
    yield holder, waiter
    holder.close()
    waiter.close()


def _busy_timeout(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA busy_timeout").fetchone()[0])


def test_a_waiting_writer_gets_the_lock_once_it_is_free(
    connections: tuple[sqlite3.Connection, BusyHandlerConnection],
) -> None:
    holder, waiter = connections
    released: list[float] = []

    def release() -> None:
        released.append(time.monotonic())  # before the COMMIT: no waiter can get in earlier
        holder.execute("COMMIT")

    delays: list[float] = []
    # Three rounds, the quickest judged: one scheduling stall of a loaded machine (CI once saw
    # 103 ms) can delay any one round, while SQLite's own busy handler would be asleep until
    # 328 ms in every round (its sleeps: 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms),
    # 88 ms after the release (measured: 92 to 97 ms in each of three rounds).
    for round_number in (1, 2, 3):
        holder.execute("BEGIN IMMEDIATE")
        holder.execute(f"INSERT INTO t VALUES ({round_number})")
        timer = threading.Timer(0.24, release)
        timer.start()
        begin_sqlite(waiter, "IMMEDIATE")
        acquired = time.monotonic()
        timer.join()
        delays.append(acquired - released[-1])
        # The waiter holds the write lock now, and sees the holder's committed row.
        assert waiter.in_transaction
        waiter.execute(f"INSERT INTO t VALUES ({-round_number})")
        waiter.execute("COMMIT")
        assert waiter.busy_handler_off  # left off for the next IMMEDIATE begin
        if delays[-1] < 0.06:
            break
    assert all(delay >= 0 for delay in delays)
    assert min(delays) < 0.06, delays
    rounds = len(delays)
    stored = sorted(x for (x,) in holder.execute("SELECT x FROM t"))
    assert stored == sorted([*range(1, rounds + 1), *range(-rounds, 0)])


def test_a_writer_gives_up_after_the_busy_timeout(
    connections: tuple[sqlite3.Connection, BusyHandlerConnection],
) -> None:
    holder, waiter = connections
    waiter.busy_timeout_ms = 200
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        begin_sqlite(waiter, "IMMEDIATE")
    waited = time.monotonic() - started
    assert 0.2 <= waited < 2.0
    assert not waiter.in_transaction
    assert waiter.busy_handler_off and _busy_timeout(waiter) == 0
    holder.execute("COMMIT")


def test_a_deferred_begin_takes_no_lock_and_leaves_the_timeout_alone(
    connections: tuple[sqlite3.Connection, BusyHandlerConnection],
) -> None:
    holder, waiter = connections
    holder.execute("BEGIN IMMEDIATE")
    begin_sqlite(waiter, "DEFERRED")  # a reader never waits for a writer
    assert waiter.execute("SELECT count(*) FROM t").fetchone() == (0,)
    waiter.execute("COMMIT")
    assert _busy_timeout(waiter) == 4000
    holder.execute("COMMIT")


def test_a_free_lock_is_taken_at_once_and_the_handler_left_off(
    connections: tuple[sqlite3.Connection, BusyHandlerConnection],
) -> None:
    holder, waiter = connections
    begin_sqlite(waiter, "IMMEDIATE")
    assert waiter.in_transaction
    assert waiter.busy_handler_off and _busy_timeout(waiter) == 0
    holder.execute("PRAGMA busy_timeout=0")  # no need to wait 5 s to be refused
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        holder.execute("BEGIN IMMEDIATE")  # the waiter holds the write lock
    waiter.execute("ROLLBACK")


def test_a_write_after_a_write_switches_nothing(
    connections: tuple[sqlite3.Connection, BusyHandlerConnection],
) -> None:
    _holder, waiter = connections
    seen: list[str] = []
    waiter.set_trace_callback(lambda statement: seen.append(statement.strip().rstrip(";")))
    for value in (1, 2):
        begin_sqlite(waiter, "IMMEDIATE")
        waiter.execute("INSERT INTO t VALUES (?)", (value,))
        waiter.execute("COMMIT")
    waiter.set_trace_callback(None)
    # The handler is switched off once, with the first BEGIN, and not back on in between: no
    # statement of an IMMEDIATE transaction can find the database busy.
    assert seen == [
        "PRAGMA busy_timeout=0", "BEGIN IMMEDIATE", "INSERT INTO t VALUES (1)", "COMMIT",
        "BEGIN IMMEDIATE", "INSERT INTO t VALUES (2)", "COMMIT",
    ]  # fmt: skip


def test_a_deferred_begin_after_a_write_has_the_handler_back(
    connections: tuple[sqlite3.Connection, BusyHandlerConnection],
) -> None:
    _holder, waiter = connections
    begin_sqlite(waiter, "IMMEDIATE")
    waiter.execute("COMMIT")
    begin_sqlite(waiter, "DEFERRED")
    assert waiter.in_transaction
    assert not waiter.busy_handler_off and _busy_timeout(waiter) == 4000
    waiter.execute("COMMIT")


def test_in_a_rollback_journal_the_handler_is_back_at_once(tmp_path: Path) -> None:
    # There a commit waits for readers to let go of the database, with SQLite's handler.
    path = tmp_path / "journal.sqlite"
    writer = sqlite3.connect(path, isolation_level=None, timeout=4, factory=BusyHandlerConnection)
    assert not writer.wal
    writer.execute("CREATE TABLE t (x INTEGER)")
    begin_sqlite(writer, "IMMEDIATE")
    assert writer.in_transaction
    assert not writer.busy_handler_off and _busy_timeout(writer) == 4000
    writer.execute("ROLLBACK")
    writer.close()


class _OnDriver:
    """Where a precompiled statement runs: a pysqlite connection, nobody listening."""

    dialect = SQLiteDialect_pysqlite()

    def __init__(self, driver: sqlite3.Connection) -> None:
        self.driver = driver

    def statement_target(self) -> tuple[Any, sqlite3.Connection, None, None]:
        return self.dialect, self.driver, None, None


_COUNT = Precompiled(select(column("x")).select_from(table("t")).order_by(column("x")))


def test_a_read_outside_a_transaction_waits_out_a_busy_database_with_the_handler_off(
    tmp_path: Path,
) -> None:
    # A request's caller is read with no BEGIN, after the last write left the handler off.
    # A reader finds a WAL database busy only while another connection recovers it; in
    # SQLite's rollback journal, a writer's EXCLUSIVE lock shuts readers out the same way.
    path = tmp_path / "journal.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x INTEGER)")
    reader = sqlite3.connect(path, isolation_level=None, timeout=4, factory=BusyHandlerConnection)
    reader.wal = True  # as on a WAL database, whose recovery a test cannot time
    begin_sqlite(reader, "IMMEDIATE")
    reader.execute("COMMIT")
    assert reader.busy_handler_off
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO t VALUES (1)")
    timer = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    timer.start()
    started = time.monotonic()
    try:
        rows = _COUNT.all(_OnDriver(reader), {})
    finally:
        timer.join()
    assert rows == [(1,)]  # the row committed after the wait, not a "database is locked"
    assert time.monotonic() - started >= 0.25
    assert not reader.busy_handler_off and _busy_timeout(reader) == 4000
    holder.close()
    reader.close()


def test_a_read_that_fails_otherwise_is_not_run_again(
    connections: tuple[sqlite3.Connection, BusyHandlerConnection],
) -> None:
    _holder, waiter = connections
    begin_sqlite(waiter, "IMMEDIATE")
    waiter.execute("COMMIT")
    missing = Precompiled(select(column("x")).select_from(table("nowhere")))
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        missing.all(_OnDriver(waiter), {})
    assert waiter.busy_handler_off  # nothing to wait for: the handler stays off


def test_an_open_transaction_is_refused_not_committed(
    connections: tuple[sqlite3.Connection, BusyHandlerConnection],
) -> None:
    holder, waiter = connections
    waiter.execute("BEGIN")
    waiter.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
        begin_sqlite(waiter, "IMMEDIATE")
    assert waiter.in_transaction
    assert holder.execute("SELECT count(*) FROM t").fetchone() == (0,)  # nothing committed
    waiter.execute("ROLLBACK")
    assert not waiter.busy_handler_off and _busy_timeout(waiter) == 4000


class _RecoveringDriver:
    """A DBAPI connection whose first BEGIN IMMEDIATE finds another connection recovering the
    WAL (SQLITE_BUSY_RECOVERY, an extended code of SQLITE_BUSY), as after a crash."""

    in_transaction = False
    busy_handler_off = False
    busy_timeout_ms = 1000
    wal = True

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
    begin_sqlite(driver, "IMMEDIATE")  # type: ignore[arg-type]
    assert driver.statements == ["PRAGMA busy_timeout=0", "BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]
    assert driver.busy_handler_off


def test_other_errors_are_not_retried() -> None:
    driver = _RecoveringDriver(error_code=sqlite3.SQLITE_IOERR)
    with pytest.raises(sqlite3.OperationalError):
        begin_sqlite(driver, "IMMEDIATE")  # type: ignore[arg-type]
    assert driver.statements == ["PRAGMA busy_timeout=0", "BEGIN IMMEDIATE"]
    assert driver.busy_handler_off
