"""Whether the database answers, and at the schema revision the code needs: the health check's
one query, also read once when a server starts."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError

from annotator.core.errors import SchemaMismatch
from annotator.db import SCHEMA_HEAD
from annotator.engine import get_engine
from annotator.precompiled import Precompiled, StatementTarget
from annotator.tables import ALEMBIC_VERSION

log = logging.getLogger(__name__)

# Precompiled (annotator.precompiled): through SQLAlchemy's execution path the check made an
# engine Connection, an execution context and a result for one query, about 250,000
# instructions of the request against 9,000 on the driver (docs/benchmarks.md, "Span writes,
# round 12"). Reading the revision is the check's only query: a database that answers it
# answers.
_REVISION = select(ALEMBIC_VERSION.c.version_num)
_REVISION_NOW = Precompiled(_REVISION)
#: PostgreSQL's SQLSTATE for a table that does not exist.
_UNDEFINED_TABLE = "42P01"


def check_schema(db: StatementTarget) -> None:
    """Read the database's revision in ``db``'s transaction; raise unless it is the code's.

    :raises SchemaMismatch: (503) naming both revisions and the fix.
    :raises Exception: the driver's error when the database does not answer.
    """
    try:
        row = _REVISION_NOW.first(db, {})
    except Exception as exc:  # the driver's own, unwrapped (annotator.precompiled)
        if not _no_version_table(exc):
            raise
        row = None
    mismatch = schema_mismatch(None if row is None else str(row[0]))
    if mismatch is not None:
        raise mismatch


def revision_of(connection: Connection) -> str | None:
    """Return the database's schema revision (Alembic's), or None for one never upgraded."""
    try:
        found = connection.execute(_REVISION).scalar()
    except DBAPIError as exc:
        if not _no_version_table(exc.orig):
            raise
        return None
    return None if found is None else str(found)


def schema_mismatch(revision: str | None) -> SchemaMismatch | None:
    """Return the error that says the database at ``revision`` is not the code's, or None."""
    if revision == SCHEMA_HEAD:
        return None
    found = "no revision (never upgraded)" if revision is None else f"revision {revision}"
    if revision is not None and revision.isdigit() and int(revision) > int(SCHEMA_HEAD):
        fix = "it was upgraded by a newer annotator: run that one"
    else:
        fix = "run 'annotator db upgrade'"
    return SchemaMismatch(
        f"the database is at {found}; this code needs {SCHEMA_HEAD}: {fix}",
        {"database_revision": revision, "code_revision": SCHEMA_HEAD},
    )


def log_schema_mismatch(app: Flask) -> None:
    """Log an error when a server starts on a database not at the code's revision.

    The server starts all the same, its health check answering 503 until the database is
    upgraded: a deployment that upgrades from another process after starting the new code
    then needs no restart.
    """
    # Reading app.logger gives the "annotator" loggers Flask's handler (each line's time and
    # level), as the pages' error handlers do; `annotator run` logs this before it has pages.
    _ = app.logger
    try:
        with get_engine(app).connect() as connection:
            mismatch = schema_mismatch(revision_of(connection))
            # Closed, not pooled: a gunicorn master (--preload) then holds no connection
            # while it serves nothing and forks the workers (README, "Production").
            connection.invalidate()
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        log.error("could not read the database's schema revision at start: %s", reason)
        return
    if mismatch is not None:
        log.error("%s", mismatch.message)


def _no_version_table(error: Any) -> bool:
    """Tell whether a driver's ``error`` says that Alembic's version table does not exist."""
    if isinstance(error, sqlite3.OperationalError):
        return str(error).startswith("no such table")
    return getattr(error, "sqlstate", None) == _UNDEFINED_TABLE
