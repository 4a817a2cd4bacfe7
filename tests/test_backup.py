"""annotator backup: a consistent SQLite copy taken while writers write, or pg_dump to run."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.engine import make_engine
from annotator.services.backup import (
    backup_sqlite,
    integrity_check,
    is_sqlite,
    pg_dump_command,
)

WRITERS = 8


def test_a_backup_taken_while_eight_writers_write_holds_every_acknowledged_write(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    engine = make_engine(url)  # our settings: WAL, busy timeout, synchronous
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE probe (writer INTEGER, n INTEGER, pad TEXT)"))
        # Some bulk, so that the copy takes long enough for writers to write meanwhile.
        connection.execute(
            text("INSERT INTO probe VALUES (-1, :n, :pad)"),
            [{"n": n, "pad": "x" * 500} for n in range(20_000)],
        )
    acknowledged: set[tuple[int, int]] = set()
    lock, stop = threading.Lock(), threading.Event()
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        n = 0
        try:
            while not stop.is_set():
                with engine.begin() as connection:
                    connection.execute(
                        text("INSERT INTO probe VALUES (:w, :n, 'row')"), {"w": writer, "n": n}
                    )
                with lock:  # committed: acknowledged from here on
                    acknowledged.add((writer, n))
                n += 1
        except BaseException as exc:  # noqa: BLE001 (reported by the test below)
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    try:
        while len(acknowledged) < 200:
            time.sleep(0.01)
        with lock:
            before = set(acknowledged)
        copy = backup_sqlite(url, tmp_path / "copy.sqlite")
        with lock:
            during = len(acknowledged)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    engine.dispose()
    assert errors == []
    assert during > len(before)  # the writers went on while the copy was made
    assert integrity_check(copy) == "ok"
    connection = sqlite3.connect(copy)
    rows = set(connection.execute("SELECT writer, n FROM probe WHERE writer >= 0"))
    bulk = connection.execute("SELECT count(*) FROM probe WHERE writer = -1").fetchone()[0]
    connection.close()
    assert before <= rows
    assert bulk == 20_000
    assert not (tmp_path / ".copy.sqlite.partial").exists()


def test_a_backup_refuses_an_in_memory_database_and_itself(tmp_path: Path) -> None:
    from annotator.core.errors import Invalid

    with pytest.raises(Invalid, match="in-memory"):
        backup_sqlite("sqlite://", tmp_path / "copy.sqlite")
    path = tmp_path / "live.sqlite"
    sqlite3.connect(path).close()
    with pytest.raises(Invalid, match="itself"):
        backup_sqlite(f"sqlite:///{path}", path)
    # A target SQLite cannot open is named, not an OperationalError's traceback.
    missing = tmp_path / "missing" / "copy.sqlite"
    with pytest.raises(Invalid, match=f"cannot write {missing}"):
        backup_sqlite(f"sqlite:///{path}", missing)


def test_the_pg_dump_command_names_host_port_and_database_never_the_password() -> None:
    command = pg_dump_command("postgresql+psycopg://ann:s3cret@db.example:5433/annot", "b.dump")
    assert command == (
        "pg_dump --format=custom --host db.example --port 5433 --username ann --file b.dump annot"
    )
    assert "s3cret" not in command


def test_the_backup_command(runner, app, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "copy.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    if is_sqlite(app.config["DATABASE_URL"]):
        assert result.exit_code == 0, result.output
        assert integrity_check(target) == "ok"
    else:
        assert result.exit_code == 1
        assert result.output.startswith("pg_dump --format=custom")
        assert not target.exists()
