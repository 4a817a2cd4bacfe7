"""The workload of the API write benchmark, and the apps it runs against.

The database that :func:`prepare_database` fills through the app's own services, the span
writes each client sends (:func:`write_requests`), the app with another SQLite ``synchronous``
level or a writers' lock (:func:`bench_app`), the bare Flask + SQLite write that is the floor
(:func:`bare_app`), and the in-process timing through Flask's test client (:func:`in_process`).
Used by ``benchmarks/api_writes.py``; gunicorn imports the apps from here.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from benchmarks.app_factory import app_on, bench_project, migrated_app  # noqa: E402

LABELS = ("CLAIM", "SOURCE", "CUE", "BIASED_WORD")
DOCUMENTS = 20
WORDS_PER_DOCUMENT = 1000

Request = tuple[str, str, bytes | None, dict[str, str]]


def bench_app(synchronous: str = "NORMAL", write_lock: bool = False) -> Any:
    """Build ``wsgi:app`` with another SQLite ``synchronous`` level, or a writers' file lock.

    ``write_lock`` (a study, not shipped): writers queue on an exclusive ``flock`` of a file
    next to the database before ``BEGIN IMMEDIATE``, so that a waiting writer is woken as soon
    as the lock is free instead of sleeping in SQLite's busy handler (1, 2, 5, ... 100 ms).
    """
    from annotator import create_app

    return tune_app(create_app(), synchronous, write_lock)


def tune_app(app: Any, synchronous: str = "NORMAL", write_lock: bool = False) -> Any:
    """Give ``app``'s SQLite connections another ``synchronous`` level, or the writers' lock."""
    import fcntl

    from annotator.engine import get_engine, sqlite_begin_mode

    engine = get_engine(app)
    if engine.dialect.name != "sqlite":
        return app
    level = {"FULL": "FULL", "NORMAL": "NORMAL", "OFF": "OFF"}[synchronous.upper()]

    @event.listens_for(engine, "connect")
    def _set_synchronous(dbapi_connection: Any, record: Any) -> None:
        # Runs after the app's own connect hook, which sets the configured level.
        dbapi_connection.execute(f"PRAGMA synchronous={level}")
        if write_lock:  # one open file per connection, so that threads exclude each other too
            lock_path = str(engine.url.database) + ".writelock"
            record.info["write_lock"] = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)

    if write_lock:

        @event.listens_for(engine, "begin", insert=True)
        def _queue(connection: Any) -> None:
            if sqlite_begin_mode.get() == "IMMEDIATE":
                fcntl.flock(connection.connection.info["write_lock"], fcntl.LOCK_EX)
                connection.connection.info["locked"] = True

        # Released when the session gives the connection back, right after its commit or
        # rollback (the engine's commit event fires before the commit, too early).
        @event.listens_for(engine.pool, "checkin")
        def _checkin(_dbapi_connection: Any, record: Any) -> None:
            if record.info.pop("locked", False):
                fcntl.flock(record.info["write_lock"], fcntl.LOCK_UN)

    return app


def bare_app(synchronous: str = "NORMAL") -> Any:
    """Build the floor: Flask, one SQLite insert and commit per write, nothing else.

    The app's durability (WAL, the same ``synchronous`` level, ``BEGIN IMMEDIATE``), same URL
    and body; no authentication, no checks, no ORM. Served by gunicorn on a database file of
    its own. ``synchronous="FULL"`` shows what the fsync of each commit costs.
    """
    level = {"FULL": "FULL", "NORMAL": "NORMAL", "OFF": "OFF"}[synchronous.upper()]
    import sqlite3

    from flask import Flask, request

    path = os.environ["ANNOTATOR_DATABASE_URL"].removeprefix("sqlite:///")
    app = Flask("bare")
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "connection"):
            connection = sqlite3.connect(path, isolation_level=None, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(f"PRAGMA synchronous={level}")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS span (id INTEGER PRIMARY KEY, document_id INTEGER, "
                'label TEXT, start INTEGER, "end" INTEGER)'
            )
            local.connection = connection
        return local.connection

    @app.get("/api/v1/health")
    def health() -> Any:
        # The app's health check runs one query; so does this one, for the same answer.
        connection().execute("SELECT 1").fetchone()
        return {"status": "ok"}

    @app.post("/api/v1/documents/<int:document_id>/spans")
    def create_span(document_id: int) -> Any:
        body = request.get_json()
        db = connection()
        db.execute("BEGIN IMMEDIATE")
        cursor = db.execute(
            'INSERT INTO span (document_id, label, start, "end") VALUES (?, ?, ?, ?)',
            (document_id, body["label"], body["start"], body["end"]),
        )
        db.execute("COMMIT")
        return {"id": cursor.lastrowid, **body}, 201

    return app


def document_text(seed: int) -> tuple[str, list[tuple[int, int]]]:
    """Return a news-sized text (1000 words, ~80 sentences) and the offsets of its words."""
    parts, offsets, position = [], [], 0
    for index in range(WORDS_PER_DOCUMENT):
        word = f"{'Word' if index % 12 == 0 else 'word'}{seed:02d}x{index:04d}"
        part = word + (". " if index % 12 == 11 else " ")
        offsets.append((position, position + len(word)))
        parts.append(part)
        position += len(part)
    return "".join(parts), offsets


def prepare_database(url: str, clients: int) -> dict[str, Any]:
    """Migrate ``url`` and fill it through the services; return tokens and document ids."""
    from annotator import db
    from annotator.models import Assignment, ProjectMember
    from annotator.services.accounts.tokens import create_token
    from annotator.services.accounts.users import create_user
    from annotator.services.datasets.documents import add_document

    app = migrated_app(url)
    with app.app_context():
        session = db.get_session()
        project = bench_project(session)
        documents = []
        for i in range(DOCUMENTS):
            text_, words = document_text(i)
            document, _ = add_document(session, project, f"doc-{i:03d}", text_)
            documents.append((document, words))
        tokens = []
        for c in range(clients):
            user = create_user(session, f"bench{c:02d}", "annotator", "benchmark password")
            tokens.append(create_token(session, user))
            # An assignee is a member: access to a document is both (permissions.is_member).
            session.add(ProjectMember(project_id=project.id, user_id=user.id, role="annotator"))
            for document, _ in documents:
                session.add(Assignment(document_id=document.id, user_id=user.id))
        session.commit()
        docs = [(document.id, words) for document, words in documents]
    db.get_engine(app).dispose()
    return {"tokens": tokens, "documents": docs}


def write_requests(
    document_ids: list, client: int, count: int, offset: int, keyed: bool = False
) -> list[Request]:
    """Return ``count`` span writes for one client, spread over the documents.

    :param keyed: give each write an Idempotency-Key of its own, as the workspace does.
    """
    requests_: list[Request] = []
    for n in range(offset, offset + count):
        document_id, words = document_ids[n % len(document_ids)]
        start, end = words[(n // len(document_ids) * 7 + client) % len(words)]
        body = {"label": LABELS[(n // len(document_ids)) % 4], "start": start, "end": end}
        extra = {"Idempotency-Key": uuid.uuid4().hex} if keyed else {}
        path = f"/api/v1/documents/{document_id}/spans"
        requests_.append(("POST", path, json.dumps(body).encode(), extra))
    return requests_


HEALTH: Request = ("GET", "/api/v1/health", None, {})


def in_process(args: argparse.Namespace, workdir: Path) -> None:
    """Time the requests through Flask's test client: CPU and wall ms per request, by kind.

    No HTTP server and no sockets: the app's own cost per request, and the bare write's.
    Kinds alternate in each round, so that a change in the machine's load hits all of them.
    """
    url = f"sqlite:///{workdir / 'in-process.sqlite'}"
    state = prepare_database(url, 1)
    os.environ["ANNOTATOR_DATABASE_URL"] = f"sqlite:///{workdir / 'bare.sqlite'}"
    app = app_on(url)
    synchronous = args.sqlite_synchronous
    clients = {
        "app": tune_app(app, synchronous).test_client(),
        "bare": bare_app(synchronous).test_client(),
    }
    headers = {"Authorization": f"Bearer {state['tokens'][0]}", "Content-Type": "application/json"}
    documents, n, offset = state["documents"], args.requests, 40
    kinds = {"health": "app", "write": "app", "keyed write": "app", "bare write": "bare"}

    def run(client: Any, requests_: list[Request]) -> tuple[float, float]:
        cpu, wall = time.process_time(), time.perf_counter()
        for method, path, body, extra in requests_:
            response = client.open(
                path, method=method, data=body, headers=headers | extra if body else {}
            )
            assert response.status_code in (200, 201), response.get_data(as_text=True)
        return (time.process_time() - cpu) / len(requests_), (time.perf_counter() - wall) / len(
            requests_
        )

    for which in ("app", "bare"):
        run(clients[which], write_requests(documents, 0, 40, 0))
    results: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    for _round in range(args.rounds):
        for kind, which in kinds.items():
            if kind == "health":
                requests_ = [HEALTH] * n
            else:
                requests_ = write_requests(documents, 0, n, offset, kind == "keyed write")
                offset += n
            results[kind].append(run(clients[which], requests_))
    print(
        f"In process, SQLite synchronous={synchronous.upper()}, {args.rounds} rounds of {n} "
        "requests each; ms per request:"
    )
    print("| request | CPU min | CPU median | wall min | wall median |\n|---|---|---|---|---|")
    for kind, rounds in results.items():
        cpu = [c * 1000 for c, _ in rounds]
        wall = [w * 1000 for _, w in rounds]
        print(
            f"| {kind} | {min(cpu):.2f} | {statistics.median(cpu):.2f} "
            f"| {min(wall):.2f} | {statistics.median(wall):.2f} |"
        )
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
