"""Sessions and migrations, on the app's engine (:mod:`annotator.engine`).

One sessionmaker per app, made when a session is first needed (a command that reads through
Core never imports the ORM); one session per app context, kept on ``g`` and closed at
teardown. The caller owns the transaction: services flush, views, API and CLI commit.
Endpoints marked :func:`connection_first` work on a
:class:`~annotator.request_connection.RequestConnection` instead, which a session joins only
when a branch needs the ORM (:func:`get_db`, :func:`orm`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, g, request
from sqlalchemy import Connection, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from annotator.engine import EXTENSION, begin_sqlite, get_engine, sqlite_begin_mode
from annotator.request_connection import RequestConnection
from annotator.tables import ALEMBIC_VERSION, METADATA

# The newest migration's revision: what a new database is stamped with when :func:`create_new`
# builds it from the models. tests/test_migrations.py checks that it is Alembic's head, and
# that a database built so equals one migrated from nothing, on SQLite and PostgreSQL.
SCHEMA_HEAD = "0032"

# Inside the package, so that an installed wheel has them (in a checkout, annotator/migrations
# links to the top-level migrations/ folder).
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Where a session keeps the connection of its current transaction (session.info).
_CONNECTION = "annotator.db.connection"


class AppSession(Session):
    """The app's session: also what a precompiled statement runs on
    (:class:`annotator.precompiled.StatementTarget`)."""

    def statement_target(self) -> tuple[Dialect, Any, Any, Connection]:
        """Return the dialect, the driver's connection, the engine's ``before_cursor_execute``
        listeners and the connection of the session's transaction.

        The connection is asked of the session once per transaction: asking again runs its
        transaction's state checks, about as much Python as handing a statement to the
        driver (the span write runs five). A transaction keeps its one connection from its
        start to its end (savepoints included), so the connection found for it serves until
        the session has another transaction.
        """
        transaction = self.get_transaction()
        known = self.info.get(_CONNECTION)
        if (
            known is not None
            and transaction is not None
            and known[0] is transaction
            and transaction.is_active
        ):
            connection: Connection = known[1]
        else:
            connection = self.connection()
            self.info[_CONNECTION] = (self.get_transaction(), connection)
        return (
            connection.dialect,
            connection.connection.driver_connection,
            connection.dispatch.before_cursor_execute,
            connection,
        )


#: What the services on the span write's path take: the request's session, or its connection
#: (on which :func:`orm` gives the session their rarer branches need).
Db = AppSession | RequestConnection[AppSession]
_View = TypeVar("_View", bound=Callable[..., Any])


class Base(DeclarativeBase):
    """Declarative base of the models, on the metadata of :mod:`annotator.tables`."""

    metadata = METADATA


def get_session() -> AppSession:
    """Return the session of the current app context, opening it on first use.

    In a request that works on a :class:`RequestConnection`, it is the session joined to it.
    """
    # g and the app themselves, not their proxies (each attribute read through a proxy
    # first fails on it): a span write asks for its session five times.
    context = g._get_current_object()
    session: AppSession | None = context.get("db_session")
    if session is None:
        opened: RequestConnection[AppSession] | None = context.get("db_request")
        if opened is not None:
            session = opened.session()
        else:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            session = get_sessionmaker(app)()
        context.db_session = session
    return session


def get_sessionmaker(app: Flask) -> sessionmaker[AppSession]:
    """Return the app's sessionmaker, made on first use.

    :raises ValueError: the app's database settings give no usable engine, naming why.
    """
    engine = get_engine(app)  # a database that cannot be used says why, once per context
    state = app.extensions[EXTENSION]
    made: sessionmaker[AppSession] | None = state.get("sessionmaker")
    if made is None:
        # Two threads may both make one here: either serves, and both are alike.
        made = state.setdefault(
            "sessionmaker", sessionmaker(bind=engine, class_=AppSession, expire_on_commit=False)
        )
    return made


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
        # A database that cannot be used says why, as get_session does.
        opened = RequestConnection(get_engine(app), get_sessionmaker(app))
        g._get_current_object().db_request = opened
        return opened
    return get_session()


def request_db() -> Db | None:
    """Return the database handle the current app context has opened, if any (none is opened)."""
    # g's own dict: its get is a method in Python, and a span write asks this four times.
    held = g._get_current_object().__dict__
    opened: Db | None = held.get("db_request") or held.get("db_session")
    return opened


def orm(db: Db) -> AppSession:
    """Return the session of ``db``: itself, or the one joined to the request's connection.

    For the rarer branches of services typed for either (their ORM queries and objects).
    """
    return db if isinstance(db, Session) else db.session()


def rollback_request() -> None:
    """Roll back what the request has begun, if anything (an error's answer)."""
    opened = request_db()
    if opened is not None:
        opened.rollback()


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
    dialect, driver, _, _ = opened.statement_target()
    if dialect.name == "sqlite":
        # On the driver, under the transaction, which goes on: the request keeps its
        # connection (no pool round trip). A read begun DEFERRED ends first; its COMMIT
        # writes nothing.
        if driver.in_transaction:
            driver.execute("COMMIT")
        begin_sqlite(driver, "IMMEDIATE")


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
    from sqlalchemy import inspect

    if not metadata.tables:
        raise ValueError("no tables to create: import annotator.models first")
    with get_engine(app).begin() as connection:
        if inspect(connection).get_table_names():
            return False
        metadata.create_all(connection)
        ALEMBIC_VERSION.create(connection)
        connection.execute(ALEMBIC_VERSION.insert().values(version_num=SCHEMA_HEAD))
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
