"""Concurrency and durability of span writes against a real gunicorn server.

These tests talk HTTP to ``wsgi:app`` under gunicorn with several worker processes, on the
run's database (SQLite file or PostgreSQL). A write that was acknowledged with 201 must be
stored exactly once, whatever else the server was doing, and must survive a SIGKILL of the
whole server.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from annotator.engine import sqlite_begin_mode
from annotator.models import Layer, Span
from tests.extras import need

requests = need("requests")

from tests.live_server import LiveServer  # noqa: E402

pytestmark = pytest.mark.server

LABELS = ("CLAIM", "SOURCE", "CUE", "BIASED_WORD")


def word_document(words: int, per_sentence: int = 12) -> tuple[str, list[tuple[int, int]]]:
    """Return a text of numbered words in sentences, and the ``(start, end)`` of every word."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    for index in range(words):
        word = f"w{index:04d}"
        end_of_sentence = (index + 1) % per_sentence == 0 or index == words - 1
        parts.append(word + (". " if end_of_sentence else " "))
        offsets.append((position, position + len(word)))
        position += len(parts[-1])
    return "".join(parts), offsets


def http_session(token_headers: dict[str, str]) -> requests.Session:
    """Return a keep-alive HTTP session that authenticates with a bearer token."""
    http = requests.Session()
    http.trust_env = False  # loopback only, never through a proxy
    http.headers.update(token_headers)
    return http


def post_span(http: requests.Session, server: LiveServer, document_id: int, body: dict) -> Any:
    return http.post(f"{server.url}/api/v1/documents/{document_id}/spans", json=body, timeout=20)


@contextmanager
def reader(session: Session) -> Iterator[Session]:
    """Open a separate read-only session on the same database, in a DEFERRED transaction.

    The fixture's own session would begin IMMEDIATE on SQLite (the default outside a
    request) and, by refreshing expired objects, could hold the write lock the server needs.
    """
    token = sqlite_begin_mode.set("DEFERRED")
    try:
        with Session(session.get_bind()) as read_session:
            yield read_session
    finally:
        sqlite_begin_mode.reset(token)


def stored_spans(session: Session, document_id: int, user_id: int) -> dict[int, tuple]:
    """Read a layer's spans straight from the database: ``{id: (label, start, end)}``."""
    with reader(session) as read_session:
        rows = read_session.execute(
            select(Span.id, Span.label, Span.start, Span.end)
            .join(Layer, Span.layer_id == Layer.id)
            .where(Layer.document_id == document_id, Layer.user_id == user_id)
        ).all()
    return {row.id: (row.label, row.start, row.end) for row in rows}


def count_rows(session: Session, model: type) -> int:
    """Count a table's rows straight from the database."""
    with reader(session) as read_session:
        return int(read_session.scalar(select(func.count()).select_from(model)) or 0)


def api_spans(server: LiveServer, token_headers: dict[str, str], document_id: int) -> list[dict]:
    with http_session(token_headers) as http:
        response = http.get(f"{server.url}/api/v1/documents/{document_id}/annotations", timeout=20)
    assert response.status_code == 200, response.text
    return response.json()["spans"]


def run_writers(writers: list[Callable[[threading.Barrier], None]], timeout: float = 60) -> None:
    """Run the writer functions in threads that start together; fail if one hangs or raises."""
    barrier = threading.Barrier(len(writers))
    failures: list[BaseException] = []

    def guarded(writer: Callable[[threading.Barrier], None]) -> None:
        try:
            writer(barrier)
        except BaseException as exc:  # re-raised in the test's own thread below
            failures.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=guarded, args=(writer,)) for writer in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a writer thread hung"
    if failures:
        raise failures[0]


def answer_of(response: requests.Response) -> Any:
    """Return the JSON answer, or the raw text when the server did not answer JSON."""
    try:
        return response.json()
    except ValueError:
        return response.text


def test_sixteen_concurrent_writers_lose_and_duplicate_nothing(
    live_server: Callable[..., LiveServer],
    session: Session,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    per_writer = 25
    project = make_project("concurrency")
    text, words = word_document(per_writer * 4)
    documents = [make_document(project, text, external_id=f"doc-{i}") for i in range(4)]
    users = [make_user(f"writer{i:02d}") for i in range(16)]
    tokens = [make_token(user) for user in users]
    for i, user in enumerate(users):
        assign(documents[i % 4], user)
    session.commit()
    # Plain ids for the threads: the test's session is not to be used from several threads.
    document_ids = [document.id for document in documents]
    server = live_server(workers=4)

    results: dict[int, list[tuple[int, dict]]] = {i: [] for i in range(16)}

    def writer(i: int) -> Callable[[threading.Barrier], None]:
        def write(barrier: threading.Barrier) -> None:
            with http_session(tokens[i]) as http:
                barrier.wait()
                for n in range(per_writer):
                    start, end = words[(i * 7 + n) % len(words)]
                    body = {"label": LABELS[(i + n) % 4], "start": start, "end": end}
                    response = post_span(http, server, document_ids[i % 4], body)
                    results[i].append((response.status_code, answer_of(response)))

        return write

    run_writers([writer(i) for i in range(16)])

    statuses = [status for answers in results.values() for status, _ in answers]
    errors = [answer for answers in results.values() for s, answer in answers if s != 201]
    assert len(statuses) == 16 * per_writer
    assert errors == []
    acknowledged_ids = [answer["id"] for answers in results.values() for _, answer in answers]
    assert len(set(acknowledged_ids)) == len(acknowledged_ids), "two writes got one id"

    for i, user in enumerate(users):
        document = documents[i % 4]
        acknowledged = {
            answer["id"]: (answer["label"], answer["start"], answer["end"])
            for _, answer in results[i]
        }
        for _, answer in results[i]:
            assert answer["text"] == text[answer["start"] : answer["end"]]
        assert stored_spans(session, document.id, user.id) == acknowledged
        through_api = api_spans(server, tokens[i], document.id)
        assert sorted(span["id"] for span in through_api) == sorted(acknowledged)
    assert count_rows(session, Span) == 16 * per_writer


def test_two_tabs_of_one_annotator_writing_at_once_lose_nothing(
    live_server: Callable[..., LiveServer],
    session: Session,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    # Eight clients share one account and one document: they race to create the same layer
    # on their first write, then append to it.
    per_writer = 15
    project = make_project("tabs")
    text, words = word_document(8 * per_writer)
    document = make_document(project, text, external_id="shared")
    user = make_user("tabbed")
    token = make_token(user)
    assign(document, user)
    document_id = document.id  # a plain id for the threads (the session is not thread-safe)
    server = live_server(workers=4)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def writer(i: int) -> Callable[[threading.Barrier], None]:
        def write(barrier: threading.Barrier) -> None:
            with http_session(token) as http:
                barrier.wait()
                for n in range(per_writer):
                    start, end = words[i * per_writer + n]
                    response = post_span(
                        http, server, document_id, {"label": "CLAIM", "start": start, "end": end}
                    )
                    with lock:
                        results.append((response.status_code, answer_of(response)))

        return write

    run_writers([writer(i) for i in range(8)])

    assert [answer for status, answer in results if status != 201] == []
    acknowledged = {answer["id"]: (answer["start"], answer["end"]) for _, answer in results}
    assert len(acknowledged) == 8 * per_writer
    in_database = stored_spans(session, document.id, user.id)
    assert {id_: (start, end) for id_, (_, start, end) in in_database.items()} == acknowledged
    assert count_rows(session, Layer) == 1
    assert sorted(s["id"] for s in api_spans(server, token, document.id)) == sorted(acknowledged)


def sqlite_integrity(database_url: str) -> str | None:
    """Return SQLite's integrity_check verdict for the file, or None on another database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    connection = sqlite3.connect(url.database)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def test_every_acknowledged_write_survives_a_sigkill_of_the_server(
    live_server: Callable[..., LiveServer],
    database_url: str,
    session: Session,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    writers = 4
    project = make_project("durability")
    text, words = word_document(400)
    document = make_document(project, text, external_id="kill-me")
    users = [make_user(f"streamer{i}") for i in range(writers)]
    tokens = [make_token(user) for user in users]
    assign(document, *users)
    document_id = document.id  # a plain id for the threads (the session is not thread-safe)
    server = live_server(workers=3)

    acknowledged: dict[int, dict[int, tuple[int, int]]] = {i: {} for i in range(writers)}
    attempted: dict[int, set[tuple[int, int]]] = {i: set() for i in range(writers)}
    stop = threading.Event()

    def writer(i: int) -> Callable[[threading.Barrier], None]:
        def write(barrier: threading.Barrier) -> None:
            with http_session(tokens[i]) as http:
                barrier.wait()
                for start, end in words:
                    if stop.is_set():
                        return
                    attempted[i].add((start, end))
                    try:
                        response = post_span(
                            http, server, document_id, {"label": "CUE", "start": start, "end": end}
                        )
                    except requests.RequestException:
                        return  # the server is gone
                    if response.status_code != 201:
                        return
                    answer = response.json()
                    acknowledged[i][answer["id"]] = (answer["start"], answer["end"])

        return write

    def killer() -> None:
        # Kill in the middle of the stream: once enough writes are acknowledged, or after 8 s.
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            if sum(len(acks) for acks in acknowledged.values()) >= 150:
                break
            time.sleep(0.005)
        server.kill()
        stop.set()

    killing = threading.Thread(target=killer)
    killing.start()
    run_writers([writer(i) for i in range(writers)])
    killing.join(20)
    total_acknowledged = sum(len(acks) for acks in acknowledged.values())
    assert total_acknowledged >= 20, "too few writes before the kill to test anything"
    assert total_acknowledged < writers * len(words), "the kill came after the stream ended"

    assert sqlite_integrity(database_url) in (None, "ok")
    server.start()
    for i, user in enumerate(users):
        spans = api_spans(server, tokens[i], document.id)
        through_api = {span["id"]: (span["start"], span["end"]) for span in spans}
        # Every acknowledged write is there; anything else is a write in flight at the kill.
        assert acknowledged[i].items() <= through_api.items()
        assert set(through_api.values()) <= attempted[i]
        assert len(set(through_api.values())) == len(through_api), "a span was stored twice"
        assert set(stored_spans(session, document.id, user.id)) == set(through_api)

    # The database takes writes again after the crash (no lock or journal left behind).
    with http_session(tokens[0]) as http:
        start, end = words[-1]
        body = {"label": "CLAIM", "start": start, "end": end}
        assert post_span(http, server, document.id, body).status_code == 201
    assert sqlite_integrity(database_url) in (None, "ok")
