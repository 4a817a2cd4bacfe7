"""The test harness's own promises: what tests rely on when they share one app and database."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import flask
import pytest

from tests.databases import sqlite_write_lock_holders
from tests.test_export_datasets import build_corpus


def test_a_streamed_answer_left_unread_lends_nothing_to_the_next_request(
    client, session, make_user, make_project, make_document, assign, make_token
) -> None:
    """An unread stream keeps its request's context pushed in the test's thread; the next
    request must not run in it (sharing its g and database session), and the stream's rows
    must still be there to read."""
    build_corpus(session, make_user, make_project, make_document, assign)
    headers = make_token(make_user("ada", "admin"))
    streamed = client.get("/api/v1/projects/news/export?format=jsonl", headers=headers)
    assert streamed.is_streamed and flask.has_app_context()
    refused = client.patch("/api/v1/projects/news", json={"license": 5}, headers=headers)
    assert refused.status_code in (400, 422)
    assert not flask.has_app_context()
    assert len(streamed.get_data(as_text=True).splitlines()) == 20


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback-journal"])
def test_the_holder_of_sqlite_write_lock_is_named(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "locked.sqlite"
    url = f"sqlite:///{path}"
    holder = sqlite3.connect(path, isolation_level=None)
    if wal:
        holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x)")
    assert sqlite_write_lock_holders(url) == []
    holder.execute("BEGIN IMMEDIATE")
    held = sqlite_write_lock_holders(url)
    assert len(held) == 1 and held[0].startswith(f"pid {os.getpid()}: ")
    holder.execute("ROLLBACK")
    assert sqlite_write_lock_holders(url) == []
    holder.close()
