"""Database engine, sessions and migrations.

One engine and sessionmaker per app; one session per app context, kept on ``g`` and closed at
teardown. The caller owns the transaction: services flush, views, API and CLI commit.
Endpoints marked :func:`connection_first` work on a
:class:`~annotator.request_connection.RequestConnection` instead, which a session joins only
when a branch needs the ORM (:func:`get_db`, :func:`orm`).
"""

from __future__ import annotations

import contextvars
import itertools
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, g, request
from sqlalchemy import Connection, Engine, MetaData, create_engine, event, text
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from annotator.request_connection import RequestConnection

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The newest migration's revision: what a new database is stamped with when :func:`create_new`
# builds it from the models. tests/test_migrations.py checks that it is Alembic's head, and
# that a database built so equals one migrated from nothing, on SQLite and PostgreSQL.
SCHEMA_HEAD = "0017"

# Inside the package, so that an installed wheel has them (in a checkout, annotator/migrations
# links to the top-level migrations/ folder).
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Where a session keeps the connection of its current transaction (session.info).
_CONNECTION = "annotator.db.connection"

# How SQLite transactions begin. A read-only request may begin DEFERRED; anything that may
# write begins IMMEDIATE, taking the write lock up front so that a competing writer waits for
# busy_timeout instead of failing with "database is locked" when it upgrades a read lock.
# A request that may write reads its caller first with no BEGIN at all ("NONE": the one
# statement is its own read), then begins IMMEDIATE (begin_writes).
sqlite_begin_mode: contextvars.ContextVar[str] = contextvars.ContextVar(
    "sqlite_begin_mode", default="IMMEDIATE"
)


#: What the services on the span write's path take: the request's session, or its connection
#: (on which :func:`orm` gives the session their rarer branches need).
Db = Session | RequestConnection
_View = TypeVar("_View", bound=Callable[..., Any])


class Base(DeclarativeBase):
    """Declarative base whose constraints are named by one convention (Alembic needs names)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


SQLITE_SYNCHRONOUS_LEVELS = ("FULL", "NORMAL", "EXTRA")
# What config.py gives a deployment that does not set ANNOTATOR_SQLITE_SYNCHRONOUS.
DEFAULT_SQLITE_SYNCHRONOUS = "NORMAL"


def _create_engine(url: str, **kwargs: Any) -> Engine:
    try:
        return create_engine(url, **kwargs)
    except ArgumentError as exc:  # not a URL, or a dialect or driver that is not installed
        raise ValueError(
            f"ANNOTATOR_DATABASE_URL is not a database URL that can be opened: {exc}; give "
            "sqlite:////path/to/annotator.sqlite or postgresql+psycopg://USER@HOST/DATABASE"
        ) from None


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
    :raises ValueError: for a level other than FULL, NORMAL and EXTRA, a URL that names no
        database SQLAlchemy can open, or a SQLite file whose folder cannot be made.
    """
    if not url.startswith("sqlite"):
        return _create_engine(url, pool_pre_ping=True, **kwargs)
    level = synchronous.strip().upper()
    if level not in SQLITE_SYNCHRONOUS_LEVELS:
        raise ValueError(
            f"ANNOTATOR_SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS_LEVELS)}, "
            f"got {synchronous!r}"
        )
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValueError(
                f"ANNOTATOR_DATABASE_URL: cannot make the folder {folder} for the SQLite "
                f"database: {exc.strerror or exc}"
            ) from None
    engine = _create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves (pysqlite's own BEGIN is always DEFERRED).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # NORMAL (the default): a commit is in the WAL file before it is acknowledged, which
        # a crash of the server keeps; FULL also waits for the disk, against a power loss.
        cursor.execute(f"PRAGMA synchronous={level}")
        cursor.close()

    def _begin(connection: Any) -> None:
        # Straight to the driver: every request runs it, and SQLAlchemy's execution path
        # (contexts, events, a result) costs more than the statement.
        begin_sqlite(connection.driver_connection, sqlite_begin_mode.get(), busy_timeout_ms)

    # The dialect's own BEGIN (pysqlite's is none at all), on this engine's dialect object
    # alone. A "begin" event would do the same, but any engine event makes SQLAlchemy look
    # for listeners at every step of every transaction (about 10 µs of a span write's CPU);
    # and a BEGIN that fails here comes back as SQLAlchemy's OperationalError, like any other
    # statement's.
    engine.dialect.do_begin = _begin  # type: ignore[method-assign]
    return engine


# How long a writer waiting for SQLite's write lock sleeps between tries: briefly at first, as
# a span write holds the lock for a fraction of a millisecond.
_LOCK_POLL_S = (0.0001, 0.0002, 0.0005, 0.001, 0.002)


def begin_sqlite(driver: sqlite3.Connection, mode: str, busy_timeout_ms: int) -> None:
    """Begin a transaction on a pysqlite connection; an IMMEDIATE one waits for the write lock.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15... ms between its tries, while a span
    write holds the lock for about 0.3 ms: under concurrent writes a waiting worker slept
    through the next writes with its CPU idle (a fifth of the machine, measured). An IMMEDIATE
    begin therefore tries without SQLite's handler and polls on a short schedule instead, up
    to the same busy timeout. Other statements keep SQLite's handler.

    :raises sqlite3.OperationalError: "database is locked" once ``busy_timeout_ms`` is spent.
    """
    if mode == "NONE":
        return  # each statement runs as its own transaction until begin_writes
    if mode != "IMMEDIATE":
        driver.execute(f"BEGIN {mode}")
        return
    driver.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + busy_timeout_ms / 1000
        for attempt in itertools.count():
            try:
                driver.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                # The extended code's low byte: SQLITE_BUSY_RECOVERY (another connection
                # recovering the WAL after a crash) is worth waiting for too.
                busy = (exc.sqlite_errorcode & 0xFF) == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() >= deadline:
                    raise
            time.sleep(_LOCK_POLL_S[min(attempt, len(_LOCK_POLL_S) - 1)])
    finally:
        driver.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")


def init_app(app: Flask) -> None:
    """Build the app's engine and sessionmaker and close sessions at teardown.

    Settings that give no usable engine still give an app, so that help can list its
    commands (``flask --app annotator --help`` makes the app to list them); the reason is
    raised where the database is first needed (:func:`get_engine`, :func:`get_session`).
    """
    engine: Engine | None = None
    unusable: ValueError | None = None
    try:
        engine = make_engine(
            app.config["DATABASE_URL"],
            busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
            synchronous=app.config.get("SQLITE_SYNCHRONOUS", DEFAULT_SQLITE_SYNCHRONOUS),
        )
    except ValueError as reason:
        unusable = reason
    app.extensions["annotator.db"] = {
        "engine": engine,
        "unusable": unusable,
        "busy_timeout_ms": app.config["SQLITE_BUSY_TIMEOUT_MS"],
        "sessionmaker": sessionmaker(bind=engine, expire_on_commit=False),
    }
    app.teardown_appcontext(_close_session)


def get_engine(app: Flask | None = None) -> Engine:
    """Return the app's engine.

    :raises ValueError: the app's database settings give no usable engine, naming why.
    """
    state = (app or current_app).extensions["annotator.db"]
    if state["unusable"] is not None:
        raise state["unusable"]
    engine: Engine = state["engine"]
    return engine


def get_session() -> Session:
    """Return the session of the current app context, opening it on first use.

    In a request that works on a :class:`RequestConnection`, it is the session joined to it.
    """
    # g and the app themselves, not their proxies (each attribute read through a proxy
    # first fails on it): a span write asks for its session five times.
    context = g._get_current_object()  # type: ignore[attr-defined]
    session: Session | None = context.get("db_session")
    if session is None:
        opened: RequestConnection | None = context.get("db_request")
        if opened is not None:
            session = opened.session()
        else:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            get_engine(app)  # a database that cannot be used says why, once per context
            session = app.extensions["annotator.db"]["sessionmaker"]()
        context.db_session = session
    return session


def connection_first(view: _View) -> _View:
    """Mark a view whose request works on a :class:`RequestConnection` (:func:`get_db`).

    For views whose usual path runs precompiled statements and needs no ORM object: the
    request then pays for an engine connection, not a session's life.
    """
    view.connection_first = True  # type: ignore[attr-defined]
    return view


def get_db() -> Db:
    """Return the request's database handle, opening it on first use.

    A :class:`RequestConnection` for a view marked :func:`connection_first`, else the
    session (:func:`get_session`). The caller's read before the view already uses it.
    """
    opened = request_db()
    if opened is not None:
        return opened
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    endpoint = request._get_current_object().endpoint  # type: ignore[attr-defined]
    view = app.view_functions.get(endpoint) if endpoint is not None else None
    if getattr(view, "connection_first", False):
        # get_engine: a database that cannot be used says why, as get_session does.
        make_session = app.extensions["annotator.db"]["sessionmaker"]
        opened = RequestConnection(get_engine(app), make_session)
        g._get_current_object().db_request = opened  # type: ignore[attr-defined]
        return opened
    return get_session()


def request_db() -> Db | None:
    """Return the database handle the current app context has opened, if any (none is opened)."""
    context = g._get_current_object()  # type: ignore[attr-defined]
    opened: Db | None = context.get("db_request") or context.get("db_session")
    return opened


def orm(db: Db) -> Session:
    """Return the session of ``db``: itself, or the one joined to the request's connection.

    For the rarer branches of services typed for either (their ORM queries and objects).
    """
    return db if isinstance(db, Session) else db.session()


def rollback_request() -> None:
    """Roll back what the request has begun, if anything (an error's answer)."""
    opened = request_db()
    if opened is not None:
        opened.rollback()


def transaction_connection(session: Db) -> Connection:
    """Return the connection of the session's transaction, asking the session once per transaction.

    Asking the session again runs its transaction's state checks, about as much Python as
    handing a statement to the driver (the span write asks five times). A transaction keeps
    its one connection from its start to its end (savepoints included), so the connection
    found for it serves until the session has another transaction. A
    :class:`RequestConnection` is its own connection.
    """
    if isinstance(session, RequestConnection):
        return session.connection()
    transaction = session.get_transaction()
    known = session.info.get(_CONNECTION)
    if (
        known is not None
        and transaction is not None
        and known[0] is transaction
        and transaction.is_active
    ):
        return known[1]  # type: ignore[no-any-return]
    connection = session.connection()
    session.info[_CONNECTION] = (session.get_transaction(), connection)
    return connection


def ping(session: Db) -> None:
    """Run the smallest query; raise if the database does not answer."""
    session.execute(text("SELECT 1"))


def begin_writes() -> None:
    """Let the request's writes begin IMMEDIATE, after the read of its caller (SQLite).

    A request that may write reads its caller first, outside any transaction (or in a
    DEFERRED one), so that it never waits for a writer. Beginning the write transaction here
    holds SQLite's write lock from the first statement after authentication to the commit,
    not through the request's setup. Other databases go on in one transaction.
    """
    sqlite_begin_mode.set("IMMEDIATE")
    opened = request_db()
    if opened is None or not opened.in_transaction():
        return
    connection = transaction_connection(opened)
    if connection.dialect.name == "sqlite":
        # On the driver, under SQLAlchemy's transaction, which goes on: the session keeps
        # its connection (no pool round trip). A read begun DEFERRED ends first; its COMMIT
        # writes nothing.
        driver = connection.connection.driver_connection
        if driver.in_transaction:
            driver.execute("COMMIT")
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        timeout_ms = app.extensions["annotator.db"]["busy_timeout_ms"]
        begin_sqlite(driver, "IMMEDIATE", timeout_ms)


def _close_session(_exc: BaseException | None) -> None:
    context = g._get_current_object()  # type: ignore[attr-defined]
    # The connection first: it closes the session joined to it, then gives itself back.
    for name in ("db_request", "db_session"):
        opened = context.pop(name, None)
        if opened is not None:
            opened.close()


def alembic_config(app: Flask | None = None, connection: Any = None) -> Any:
    """Build an Alembic config for the app's database, optionally on an open connection."""
    from alembic.config import Config as AlembicConfig

    app = app or current_app
    # No ini or pyproject file: an installed package has neither ([tool.alembic] in
    # pyproject.toml serves `alembic revision` in a checkout).
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = app.config["DATABASE_URL"]
    cfg.attributes["engine"] = get_engine(app)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(
    app: Flask | None = None, revision: str = "head", *, metadata: MetaData | None = None
) -> None:
    """Create or upgrade the database to ``revision``.

    :param metadata: the models' tables (``Base.metadata`` once :mod:`annotator.models` is
        imported). Given, a database without any table that is upgraded to the newest
        revision is built from them (:func:`create_new`); otherwise, and for any other
        database, every Alembic migration on the way runs.
    """
    if metadata is not None and revision in ("head", SCHEMA_HEAD) and create_new(metadata, app):
        return
    from alembic import command

    command.upgrade(alembic_config(app), revision)


def create_new(metadata: MetaData, app: Flask | None = None) -> bool:
    """Build a database that has no table yet at :data:`SCHEMA_HEAD`; False if it has tables.

    The tables come from ``metadata`` in one transaction, and Alembic's version table is
    written as ``alembic stamp`` writes it, so that later migrations run on it as on a
    migrated database. Importing Alembic and replaying every migration (SQLite's batch
    mode copies a table for each change) was a third of the demo's first start.
    """
    from sqlalchemy import Column, PrimaryKeyConstraint, String, Table, inspect

    if not metadata.tables:
        raise ValueError("no tables to create: import annotator.models first")
    with get_engine(app).begin() as connection:
        if inspect(connection).get_table_names():
            return False
        metadata.create_all(connection)
        # Alembic's own table, by its default names (alembic.runtime.migration).
        version = Table(
            "alembic_version",
            MetaData(),
            Column("version_num", String(32), nullable=False),
            PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
        )
        version.create(connection)
        connection.execute(version.insert().values(version_num=SCHEMA_HEAD))
    return True


def check(app: Flask | None = None) -> None:
    """Raise if the models have drifted from the migrations."""
    from alembic import command

    command.check(alembic_config(app))


def current_revision(app: Flask | None = None) -> str | None:
    """Return the database's Alembic revision, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(app).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
