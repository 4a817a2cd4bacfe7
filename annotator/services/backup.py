"""Backups of a serving database: a consistent SQLite copy, or the ``pg_dump`` to run.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``): the copy is one
read transaction, so it holds every write committed before it began, and in WAL mode (ours)
writers go on meanwhile. The copy is written beside the target, checked with ``PRAGMA
integrity_check`` and only then moved into place, so that a failed backup never leaves a
half-written file under the name asked for. PostgreSQL has its own tool; we say how to run it.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from annotator.core.errors import AnnotatorError, Invalid


class BackupFailed(AnnotatorError):
    """The copy was made but did not pass the integrity check; it was removed."""


def is_sqlite(url: str | URL) -> bool:
    """Tell whether ``url`` names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def backup_sqlite(url: str | URL, target: str | Path) -> Path:
    """Copy the SQLite database at ``url`` to ``target`` while it serves; return the path.

    :raises Invalid: for an in-memory database, a target that is the database itself, or
        one SQLite cannot create.
    :raises BackupFailed: when the copy does not answer ``ok`` to ``PRAGMA integrity_check``.
    """
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        raise Invalid("an in-memory SQLite database has nothing on disk to back up")
    source_path, target = Path(database), Path(target)
    if not source_path.is_file():
        raise Invalid(f"no SQLite database at {source_path}")
    if target.exists() and target.resolve() == source_path.resolve():
        raise Invalid("the backup cannot overwrite the database itself")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    try:
        try:
            copy = sqlite3.connect(partial)
        except sqlite3.Error as exc:  # no such folder, no permission
            raise Invalid(f"cannot write {target}: {exc}") from exc
        try:
            # pages=-1 (the default): the whole database in one step, one read transaction.
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    answer = integrity_check(partial)
    if answer != "ok":
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"the copy failed PRAGMA integrity_check: {answer}")
    os.replace(partial, target)
    return target


def integrity_check(path: str | Path) -> str:
    """Return what ``PRAGMA integrity_check`` answers for the SQLite file at ``path``."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()
    return "; ".join(str(row[0]) for row in rows)


def pg_dump_command(url: str | URL, target: str | Path) -> str:
    """Return the ``pg_dump`` command that backs up the PostgreSQL database at ``url``.

    The password is never part of it: ``pg_dump`` reads ``PGPASSWORD`` or ``~/.pgpass``.
    """
    parsed = make_url(url)
    words = ["pg_dump", "--format=custom"]
    if parsed.host:
        words += ["--host", parsed.host]
    if parsed.port:
        words += ["--port", str(parsed.port)]
    if parsed.username:
        words += ["--username", parsed.username]
    words += ["--file", str(target), parsed.database or ""]
    return shlex.join(words)
