"""The app's database engine, and a plain connection for work that needs no ORM.

SQLAlchemy Core only: the command line imports this (through the factory) for every
command, and a command that reads through Core (:func:`get_connection`) then never imports
``sqlalchemy.orm`` (docs/benchmarks.md, "Small and quick"). Sessions, built on the same
engine, are :mod:`annotator.db`'s.
"""

from __future__ import annotations

import contextvars
import itertools
import os
import sqlite3
import time
import weakref
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, Pool, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from annotator.core import json_text
from annotator.core.errors import SettingsError

_JSON_COLUMN = json_text.encoder()

# The state :func:`init_app` keeps in ``app.extensions``.
EXTENSION = "annotator.db"

# How SQLite transactions begin. A read-only request may begin DEFERRED; anything that may
# write begins IMMEDIATE, taking the write lock up front so that a competing writer waits for
# busy_timeout instead of failing with "database is locked" when it upgrades a read lock.
# A request that may write reads its caller first with no BEGIN at all ("NONE": the one
# statement is its own read), then begins IMMEDIATE (annotator.db.begin_writes). Such reads
# run precompiled (annotator.precompiled), which waits out a busy database as SQLite's own
# handler would, on a connection that left it off (BusyHandlerConnection).
sqlite_begin_mode: contextvars.ContextVar[str] = contextvars.ContextVar(
    "sqlite_begin_mode", default="IMMEDIATE"
)

SQLITE_SYNCHRONOUS_LEVELS = ("FULL", "NORMAL", "EXTRA")
# What config.py gives a deployment that does not set ANNOTATOR_SQLITE_SYNCHRONOUS.
DEFAULT_SQLITE_SYNCHRONOUS = "NORMAL"


# pysqlite hands a parameter that is not exactly an int, float, str or bytearray to its
# adapters, and for None, which has none, looks for ``__adapt__`` on its protocol type: an
# AttributeError made and dropped, about 2,200 instructions a None (a span write binds five;
# docs/benchmarks.md, "Span writes, round 7"). An adapter for None that gives None back (a
# C function: an empty dict's get) still binds NULL. Process-wide, as pysqlite's adapters are.
sqlite3.register_adapter(type(None), {}.get)  # type: ignore[arg-type]  # dict.get gives None


class BusyHandlerConnection(sqlite3.Connection):
    """pysqlite's connection, which knows whether SQLite's busy handler is off, and its timeout.

    An IMMEDIATE begin switches SQLite's busy handler off and polls for the write lock
    itself (:func:`begin_sqlite`). Switching it back on at once cost a ``PRAGMA`` a write,
    which SQLite prepares again on every use (about 10,000 instructions; docs/benchmarks.md,
    "Span writes, round 10"), while in WAL mode no statement inside an IMMEDIATE
    transaction can find the database busy: it holds the write lock, readers never block it,
    and its commit's checkpoint is a passive one. So on a WAL database the handler stays
    off, and what needs it gets it back first: a begin of another kind, and a statement run
    outside a transaction that finds the database busy (:func:`wait_when_busy`). A write
    after a write then switches nothing. In a rollback journal (WAL refused, as on some
    network file systems) a commit waits for readers, so the handler comes back at once.
    """

    __slots__ = ("busy_handler_off", "busy_timeout_ms", "wal")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Connect as :func:`sqlite3.connect` does, noting the busy timeout it sets."""
        super().__init__(*args, **kwargs)
        #: True from the moment a PRAGMA may have switched the handler off, False only once
        #: one switched it back on: a doubt costs a PRAGMA, never a missing handler.
        self.busy_handler_off = False
        timeout = kwargs.get("timeout", args[1] if len(args) > 1 else 5.0)
        self.busy_timeout_ms = round(float(timeout) * 1000)
        #: Whether the database is in WAL mode, as :meth:`use_wal` found it.
        self.wal = False

    def use_wal(self) -> bool:
        """Put the database in WAL mode; return (and note) whether it is in it now."""
        (mode,) = self.execute("PRAGMA journal_mode=WAL").fetchone()
        self.wal = str(mode).lower() == "wal"
        return self.wal

    def restore_busy_handler(self) -> None:
        """Switch SQLite's busy handler back on, with the connection's timeout."""
        self.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
        self.busy_handler_off = False


def wait_when_busy(driver: Any, error: Exception) -> bool:
    """Tell whether a statement that failed with ``error`` may run again, SQLite's busy
    handler now back on to wait as long as the busy timeout.

    True only for a "database is locked" (or busy recovering) error of a connection whose
    handler was off (:class:`BusyHandlerConnection`); a statement inside an IMMEDIATE
    transaction never finds the database busy, so only one outside a transaction gets here.
    """
    if (
        isinstance(error, sqlite3.OperationalError)
        and getattr(driver, "busy_handler_off", False)
        and _is_busy(error)
    ):
        driver.restore_busy_handler()
        return True
    return False


# Every engine this process made, and the pools a forked child inherited from its parent.
# ``gunicorn --preload`` builds the app in the master and forks the workers from it: a
# connection the master had pooled would be one socket (or SQLite handle) in every worker at
# once. Each child therefore starts every engine on an empty pool; the inherited pools are
# kept, never used and never closed, since closing a connection the parent opened acts for
# the parent (PostgreSQL: a goodbye on its socket; SQLite: the last handle of a process on
# the file checkpoints and removes the WAL).
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()
_INHERITED_POOLS: list[Pool] = []


def _fresh_pools_in_child() -> None:
    for engine in list(_ENGINES):
        _INHERITED_POOLS.append(engine.pool)
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_fresh_pools_in_child)


#: The databases the app runs on, by SQLAlchemy's backend name (a URL's scheme before "+").
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
_URL_EXAMPLES = "sqlite:////path/to/annotator.sqlite or postgresql+psycopg://USER@HOST/DATABASE"


def _create_engine(url: str, **kwargs: Any) -> Engine:
    # JSON columns written as json.dumps writes them, by an encoder built once
    # (annotator.core.json_text): json.dumps builds one per value, and a span write has one.
    kwargs.setdefault("json_serializer", _JSON_COLUMN)
    # A failed statement's error, which logs and tracebacks print, never shows what was bound
    # to it: a password's hash, a token's, an annotator's text.
    kwargs.setdefault("hide_parameters", True)
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError as exc:  # not a URL at all
        raise SettingsError(
            f"ANNOTATOR_DATABASE_URL is not a database URL: {exc}; give {_URL_EXAMPLES}"
        ) from None
    if backend not in SUPPORTED_BACKENDS:
        raise SettingsError(
            f"ANNOTATOR_DATABASE_URL is not a database URL this app supports ({backend}); "
            f"supported: {', '.join(SUPPORTED_BACKENDS)} ({_URL_EXAMPLES})"
        )
    try:
        engine = create_engine(url, **kwargs)
    except ArgumentError as exc:  # a driver SQLAlchemy does not know
        raise SettingsError(
            f"ANNOTATOR_DATABASE_URL is not a database URL that can be opened: {exc}; give "
            f"{_URL_EXAMPLES}"
        ) from None
    except ImportError as exc:  # a driver that is not installed
        extra = " (pip install 'annotator[postgres]')" if backend == "postgresql" else ""
        raise SettingsError(
            f"ANNOTATOR_DATABASE_URL needs the database driver {exc.name or exc}, which is not "
            f"installed{extra}"
        ) from None
    _ENGINES.add(engine)
    return engine


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = 30_000,
    synchronous: str = DEFAULT_SQLITE_SYNCHRONOUS,
    **kwargs: Any,
) -> Engine:
    """Create an engine; on SQLite turn on WAL, foreign keys, a busy timeout and a sync level.

    :param synchronous: SQLite's ``synchronous`` level; NORMAL leaves the fsync to the next
        checkpoint, FULL puts each commit on disk before it returns (see the README).
    :raises SettingsError: for a level other than FULL, NORMAL and EXTRA, a URL that names no
        database SQLAlchemy can open, or a SQLite file whose folder cannot be made.
    """
    if not url.startswith("sqlite"):
        return _create_engine(url, pool_pre_ping=True, **kwargs)
    level = synchronous.strip().upper()
    if level not in SQLITE_SYNCHRONOUS_LEVELS:
        raise SettingsError(
            f"ANNOTATOR_SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS_LEVELS)}, "
            f"got {synchronous!r}"
        )
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SettingsError(
                f"ANNOTATOR_DATABASE_URL: cannot make the folder {folder} for the SQLite "
                f"database: {exc.strerror or exc}"
            ) from None
    engine = _create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "factory": BusyHandlerConnection},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves (pysqlite's own BEGIN is always DEFERRED).
        dbapi_connection.isolation_level = None
        dbapi_connection.use_wal()
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # NORMAL (the default): a commit is in the WAL file before it is acknowledged, which
        # a crash of the server keeps; FULL also waits for the disk, against a power loss.
        cursor.execute(f"PRAGMA synchronous={level}")
        cursor.close()

    def _begin(connection: Any) -> None:
        # Straight to the driver: every request runs it, and SQLAlchemy's execution path
        # (contexts, events, a result) costs more than the statement.
        driver = connection.driver_connection
        if driver.in_transaction:
            # Begun on the driver by a request's connection before SQLAlchemy's Connection
            # was made over it (annotator.request_connection): that Connection takes it over.
            return
        begin_sqlite(driver, sqlite_begin_mode.get())

    # The dialect's own BEGIN (pysqlite's is none at all), on this engine's dialect object
    # alone. A "begin" event would do the same, but any engine event makes SQLAlchemy look
    # for listeners at every step of every transaction (about 10 µs of a span write's CPU);
    # and a BEGIN that fails here comes back as SQLAlchemy's OperationalError, like any other
    # statement's.
    engine.dialect.do_begin = _begin  # type: ignore[method-assign,assignment]
    return engine


# How long a writer waiting for SQLite's write lock sleeps between tries: briefly at first, as
# a span write holds the lock for a fraction of a millisecond.
_LOCK_POLL_S = (0.0001, 0.0002, 0.0005, 0.001, 0.002)


def begin_sqlite(driver: BusyHandlerConnection, mode: str) -> None:
    """Begin a transaction on a pysqlite connection; an IMMEDIATE one waits for the write lock.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15... ms between its tries, while a span
    write holds the lock for about 0.3 ms: under concurrent writes a waiting worker slept
    through the next writes with its CPU idle (a fifth of the machine, measured). An IMMEDIATE
    begin therefore tries without SQLite's handler and polls on a short schedule instead, up
    to the connection's busy timeout. On a WAL database it leaves the handler off for the
    next IMMEDIATE begin (:class:`BusyHandlerConnection`), and a begin of another kind
    switches it back on first; in a rollback journal it switches it back on at once.

    :raises sqlite3.OperationalError: "database is locked" once the busy timeout is spent.
    """
    if mode == "NONE":
        return  # each statement runs as its own transaction until begin_writes
    if mode != "IMMEDIATE":
        if driver.busy_handler_off:
            driver.restore_busy_handler()
        driver.execute(f"BEGIN {mode}")
        return
    if driver.in_transaction:
        # Refused by SQLite ("within a transaction"), as it always was; the script below would
        # commit the open transaction first.
        driver.execute("BEGIN IMMEDIATE")
    try:
        _begin_immediate(driver)
    finally:
        if not driver.wal:
            driver.restore_busy_handler()


def _begin_immediate(driver: BusyHandlerConnection) -> None:
    """Take the write lock without SQLite's busy handler, polling until the busy timeout."""
    deadline = time.monotonic() + driver.busy_timeout_ms / 1000
    try:
        if driver.busy_handler_off:
            driver.execute("BEGIN IMMEDIATE")
        else:
            # The handler off and the first try in one call to the driver (a script stops
            # at its first error, with the handler off).
            driver.busy_handler_off = True
            driver.executescript("PRAGMA busy_timeout=0; BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as exc:
        if not _is_busy(exc) or time.monotonic() >= deadline:
            raise
    # Another connection holds the lock.
    for attempt in itertools.count():
        time.sleep(_LOCK_POLL_S[min(attempt, len(_LOCK_POLL_S) - 1)])
        try:
            driver.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise


def _is_busy(error: sqlite3.OperationalError) -> bool:
    # The extended code's low byte: SQLITE_BUSY_RECOVERY (another connection recovering the
    # WAL after a crash) is worth waiting for too.
    return (error.sqlite_errorcode & 0xFF) == sqlite3.SQLITE_BUSY


def init_app(app: Flask) -> None:
    """Build the app's engine and close the app context's database handles at teardown.

    Settings that give no usable engine still give an app, so that help can list its
    commands (``flask --app annotator --help`` makes the app to list them); the reason is
    raised where the database is first needed (:func:`get_engine`).
    """
    engine: Engine | None = None
    unusable: SettingsError | None = None
    try:
        engine = make_engine(
            app.config["DATABASE_URL"],
            busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
            synchronous=app.config.get("SQLITE_SYNCHRONOUS", DEFAULT_SQLITE_SYNCHRONOUS),
        )
    except SettingsError as reason:
        unusable = reason
    app.extensions[EXTENSION] = {
        "engine": engine,
        "unusable": unusable,
    }
    app.teardown_appcontext(_close_handles)


def get_engine(app: Flask | None = None) -> Engine:
    """Return the app's engine.

    :raises SettingsError: the app's database settings give no usable engine, naming why.
    """
    state = (app or current_app).extensions[EXTENSION]
    if state["unusable"] is not None:
        raise state["unusable"]
    engine: Engine = state["engine"]
    return engine


def get_connection() -> Connection:
    """Return the current app context's Core connection, connecting on first use.

    For work that needs no ORM object; its transaction begins with its first statement (on
    SQLite in :data:`sqlite_begin_mode`), and the caller commits or rolls back.
    """
    context = g._get_current_object()
    connection: Connection | None = context.get("db_connection")
    if connection is None:
        connection = context.db_connection = get_engine().connect()
    return connection


def _close_handles(_exc: BaseException | None) -> None:
    # g's own dict: its pop is a method in Python.
    held = g._get_current_object().__dict__
    # A request's connection first: it closes the session joined to it, then gives itself back.
    for name in ("db_request", "db_session", "db_connection"):
        opened = held.pop(name, None)
        if opened is not None:
            opened.close()
