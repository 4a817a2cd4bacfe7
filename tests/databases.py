"""Empty databases for a test run or a benchmark: a SQLite file, or a PostgreSQL database.

A PostgreSQL database is made on the server a URL names and dropped afterwards (even with
sessions still open on it), so that every run starts from nothing. Used by the tests'
``database_url`` fixture and by the scripts in ``benchmarks/``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
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


# Where SQLite keeps its write lock: byte 120 of the WAL index (the ``-shm`` file) in WAL mode,
# the RESERVED byte of the database file itself in a rollback journal.
_WRITE_LOCK_BYTES = {"-shm": 120, "": 0x40000001}


def sqlite_write_lock_holders(url: str) -> list[str]:
    """Say which processes hold SQLite's write lock on the database at ``url`` (Linux).

    For a test that found the database locked: the error names no holder, while the kernel's
    table of file locks (``/proc/locks``) does, by process. An empty list where that table
    cannot be read or nobody holds the lock.
    """
    database = Path(make_url(url).database or "")
    lock_bytes = {}
    for suffix, byte in _WRITE_LOCK_BYTES.items():
        with suppress(OSError):
            lock_bytes[database.with_name(database.name + suffix).stat().st_ino] = byte
    try:
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    holders = []
    for line in table.splitlines():
        fields = line.split()
        # "1: POSIX  ADVISORY  WRITE 4242 08:01:1234 120 120" (a waiter's line has "->" more)
        if len(fields) != 8 or fields[1] != "POSIX" or fields[3] != "WRITE":
            continue
        byte = lock_bytes.get(int(fields[5].rsplit(":", 1)[1]))
        start, end = int(fields[6]), fields[7]
        if byte is None or start > byte or (end != "EOF" and int(end) < byte):
            continue
        pid = fields[4]
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            command = b"?"
        holders.append(f"pid {pid}: {command.decode(errors='replace').strip()}")
    return holders
