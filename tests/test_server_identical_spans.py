"""A layer holds a span (and a relation) once, also when two identical writes arrive at once.

SQLite's IMMEDIATE write transaction runs one write at a time; PostgreSQL's READ COMMITTED
lets two transactions each find no copy and both insert, unless the check holds the layer
(:func:`annotator.services.annotation.span_checks.identical_span`). Two clients post the
same span at once through a real gunicorn server, round after round: exactly one is made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.extras import need

requests = need("requests")

from tests.live_server import LiveServer  # noqa: E402
from tests.test_server_durability import (  # noqa: E402
    answer_of,
    http_session,
    post_span,
    run_writers,
    stored_spans,
    word_document,
)

pytestmark = pytest.mark.server

ROUNDS = 40


def test_two_identical_spans_posted_at_once_make_one_and_refuse_the_other(
    live_server: Callable[..., LiveServer],
    session: Session,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    text, words = word_document(ROUNDS + 1)
    document = make_document(make_project("race"), text)
    user = make_user("racer")
    token = make_token(user)
    assign(document, user)
    session.commit()
    document_id, user_id = document.id, user.id
    server = live_server(workers=2)
    with http_session(token) as http:  # the layer exists before the races begin
        first = post_span(http, server, document_id, {"label": "CUE", "start": 0, "end": 5})
        assert first.status_code == 201, first.text

    for start, end in words[1:]:
        body = {"label": "CLAIM", "start": start, "end": end}
        answers = _posted_twice_at_once(server, token, document_id, body)
        assert sorted(status for status, _ in answers) == [201, 409], (body, answers)
        made = next(answer for status, answer in answers if status == 201)
        refused = next(answer for status, answer in answers if status == 409)
        assert refused["error"]["details"] == {"span": made["id"]}
    stored = sorted(stored_spans(session, document_id, user_id).values())
    assert len(stored) == ROUNDS + 1 == len(set(stored))


RELATION_ROUNDS = 20


def test_two_identical_relations_posted_at_once_make_one_and_refuse_the_other(
    live_server: Callable[..., LiveServer],
    session: Session,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    """The relation's copy check holds the layer too: on PostgreSQL two identical relations
    posted at once were both made (the check found none in either transaction)."""
    text, words = word_document(2 * RELATION_ROUNDS)
    document = make_document(make_project("race"), text)
    user = make_user("racer")
    token = make_token(user)
    assign(document, user)
    session.commit()
    document_id = document.id
    server = live_server(workers=2)
    pairs = []
    with http_session(token) as http:
        for i in range(RELATION_ROUNDS):
            ids = []
            for label, (start, end) in (("CLAIM", words[2 * i]), ("SOURCE", words[2 * i + 1])):
                made = post_span(
                    http, server, document_id, {"label": label, "start": start, "end": end}
                )
                assert made.status_code == 201, made.text
                ids.append(made.json()["id"])
            pairs.append(ids)

    for claim, source in pairs:
        body = {"type": "ATTRIBUTED_TO", "from": claim, "to": source}
        answers = _posted_twice_at_once(server, token, document_id, body, "relations")
        assert sorted(status for status, _ in answers) == [201, 409], (body, answers)
        refused = next(answer for status, answer in answers if status == 409)
        assert refused["error"]["details"] == {"from": claim, "to": source}
    with http_session(token) as http:
        layer = http.get(f"{server.url}/api/v1/documents/{document_id}/annotations", timeout=20)
        assert layer.status_code == 200, layer.text
        stored = [(r["from"], r["to"]) for r in layer.json()["relations"]]
    assert sorted(stored) == sorted(map(tuple, pairs))


def _posted_twice_at_once(
    server: LiveServer,
    token: dict[str, str],
    document_id: int,
    body: dict[str, Any],
    kind: str = "spans",
) -> list[tuple[int, Any]]:
    """Post ``body`` from two clients at the same moment; return both answers."""
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def writer(barrier: threading.Barrier) -> None:
        with http_session(token) as http:
            barrier.wait()
            url = f"{server.url}/api/v1/documents/{document_id}/{kind}"
            response = http.post(url, json=body, timeout=20)
            with lock:
                answers.append((response.status_code, answer_of(response)))

    run_writers([writer, writer])
    return answers
