"""Empty databases for a test run or a benchmark: a SQLite file, or a PostgreSQL database.

A PostgreSQL database is made on the server a URL names and dropped afterwards (even with
sessions still open on it), so that every run starts from nothing. Used by the tests'
``database_url`` fixture and by the scripts in ``benchmarks/``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def create_database(
    server_url: str | None, folder: Path, prefix: str = "annotator"
) -> tuple[str, Callable[[], None]]:
    """Return the URL of a new, empty database and a function that removes it.

    :param server_url: a PostgreSQL server's URL (any database on it), or None for a new
        SQLite file in ``folder`` (left there: the folder's owner removes it).
    :param prefix: the start of the database's (or file's) name; a random suffix follows.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    if not server_url:
        return f"sqlite:///{folder / f'{name}.sqlite'}", lambda: None
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


@contextmanager
def fresh_database(
    server_url: str | None, folder: Path, prefix: str = "annotator"
) -> Iterator[str]:
    """Yield the URL of a new, empty database (:func:`create_database`); remove it after."""
    url, drop = create_database(server_url, folder, prefix)
    try:
        yield url
    finally:
        drop()
