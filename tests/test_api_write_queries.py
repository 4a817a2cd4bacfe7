"""A span write through the API runs a small, fixed number of SQL statements; so do a span's
change and deletion.

A regression guard for the write path's speed: the caller, the write target (document text,
schema, assignment, layer and the span's sentence), the layer's span of the same label and
offsets (a layer holds a span once), the insert and its row in the layer's history, whatever
the document's size; an Idempotency-Key adds its claim and, at commit, the
id of the span it made.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, timedelta
from typing import Any

import pytest
import werkzeug.sansio.request
from sqlalchemy import event, func, select
from werkzeug.wsgi import LimitedStream

from annotator.engine import get_engine
from annotator.models import IdempotencyKey, LayerChange, Relation, Span, User, utcnow
from annotator.services.annotation import idempotency

# Two questions; one sentence each, then a long tail of sentences the write must not load.
TEXT = "Who said it? Nobody knows. " + " ".join(f"Sentence {i} is here." for i in range(200))


@contextmanager
def statements(app: Any) -> Iterator[list[str]]:
    """Collect the SQL statements the request runs while the block runs (BEGIN and COMMIT
    aside): those of this thread, where the test client runs it, not those of the background
    trainer, which looks up after a gold write whether its project trains by itself."""
    seen: list[str] = []
    mine = threading.get_ident()

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.get_ident() != mine:
            return
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT")):
            seen.append(" ".join(statement.split()))

    engine = get_engine(app)
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)
    # PostgreSQL holds the layer's row before the copy check (span_checks.hold_layer), which
    # SQLite's write transaction does without: the hold comes right before that check, and
    # the counts below are the statements both databases run.
    holds = [n for n, statement in enumerate(seen) if "FOR NO KEY UPDATE" in statement]
    if engine.dialect.name == "sqlite":
        assert holds == [], seen
    for n in holds:
        assert seen[n + 1].startswith("SELECT span.id") and "FROM span" in seen[n + 1], seen
    # A gold write on PostgreSQL also holds the document against being marked final before it
    # reads gold's status (services/gold/lock.py): before the write target, or, for a span
    # found by its id (whose query tells it is gold's), with the status read again after it.
    gold = [n for n, statement in enumerate(seen) if statement.endswith("FOR KEY SHARE")]
    if engine.dialect.name == "sqlite":
        assert gold == [], seen
    for n in list(gold):
        if seen[n + 1].startswith("SELECT gold_status.status FROM gold_status"):
            gold.append(n + 1)
    seen[:] = [statement for n, statement in enumerate(seen) if n not in holds and n not in gold]


@pytest.fixture
def setup(make_span_writers: Any) -> dict[str, Any]:
    return make_span_writers(TEXT)


def _post(
    client: Any, setup: dict[str, Any], who: str, start: int, end: int, key: str = "", **query: Any
) -> Any:
    headers = setup[who] | ({"Idempotency-Key": key} if key else {})
    response = client.post(
        f"/api/v1/documents/{setup['document_id']}/spans",
        json={"label": "CLAIM", "start": start, "end": end},
        headers=headers,
        query_string=query,
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(("who", "query"), [("alice", {}), ("rita", {"layer": "gold"})])
def test_span_write_takes_five_statements(
    app: Any, client: Any, setup: dict[str, Any], who: str, query: dict[str, str]
) -> None:
    _post(client, setup, who, 0, 3, **query)  # the first write also creates the layer
    start = TEXT.index("Nobody")
    with statements(app) as seen:
        span = _post(client, setup, who, start, start + 6, **query)
    # The caller by token; the write target with the span's sentence; the layer's span of
    # that label and offsets (a layer holds a span once); the insert; its history.
    assert len(seen) == 5, seen
    assert seen[0].startswith("SELECT") and "api_token" in seen[0], seen
    assert seen[1].startswith("SELECT") and "FROM sentence" in seen[1], seen
    assert seen[2].startswith("SELECT span.id") and "FROM span" in seen[2], seen
    assert seen[3].startswith("INSERT INTO span"), seen
    assert seen[4].startswith("INSERT INTO layer_change"), seen
    assert not any("FROM sentence WHERE" in s and "sentence.start," in s for s in seen), seen
    assert span["text"] == "Nobody"
    assert span["sentence"] == 1
    assert span["version"] == 1


@pytest.mark.parametrize(("who", "query"), [("alice", {}), ("rita", {"layer": "gold"})])
def test_a_span_change_takes_five_statements_and_a_relabelling_six(
    app: Any, client: Any, setup: dict[str, Any], who: str, query: dict[str, str]
) -> None:
    span = _post(client, setup, who, 0, 3, **query)
    start = TEXT.index("Nobody")
    url = f"/api/v1/spans/{span['id']}"
    headers = setup[who]
    with statements(app) as seen:
        moved = client.patch(
            url, json={"start": start, "end": start + 6}, headers=headers, query_string=query
        )
    assert moved.status_code == 200, moved.get_json()
    # The caller; the span with its layer, text, schema, assignment and new sentence; the
    # layer's span of its new offsets and label, which it may not copy; the update; its
    # history. (The seed schema allows overlaps: no overlap query.) A gold span's move
    # asks after the relations at it, whose source follows their ends (none here).
    gold = who == "rita"
    assert len(seen) == 5 + gold, seen
    assert seen[0].startswith("SELECT") and "api_token" in seen[0], seen
    assert seen[1].startswith("SELECT") and "FROM span" in seen[1] and "sentence" in seen[1], seen
    assert seen[2].startswith("SELECT span.id"), seen
    assert seen[3].startswith("UPDATE span"), seen
    assert seen[4].startswith("INSERT INTO layer_change"), seen
    if gold:
        assert seen[5].startswith("SELECT") and "FROM relation" in seen[5], seen
    assert moved.get_json() | {"id": 0} == {
        "id": 0,
        "label": "CLAIM",
        "start": start,
        "end": start + 6,
        "text": "Nobody",
        "sentence": 1,
        "attributes": {},
        "version": 2,
    }
    with statements(app) as seen:
        relabelled = client.patch(
            url, json={"label": "SOURCE"}, headers=headers, query_string=query
        )
    assert relabelled.status_code == 200, relabelled.get_json()
    # A new label must keep the span's relations allowed: one query for them.
    assert len(seen) == 6 + gold, seen
    assert seen[3].startswith("SELECT") and "FROM relation" in seen[3], seen
    assert relabelled.get_json()["version"] == 3


@pytest.mark.parametrize(("who", "query"), [("alice", {}), ("rita", {"layer": "gold"})])
def test_a_span_deletion_takes_five_statements(
    app: Any, client: Any, setup: dict[str, Any], who: str, query: dict[str, str]
) -> None:
    span = _post(client, setup, who, 0, 3, **query)
    with statements(app) as seen:
        gone = client.delete(f"/api/v1/spans/{span['id']}", headers=setup[who], query_string=query)
    assert gone.status_code == 204, gone.get_json()
    # The caller; the span with its layer; its relations, which its history row keeps; the
    # delete; that history row.
    assert len(seen) == 5, seen
    assert seen[1].startswith("SELECT") and "FROM span" in seen[1], seen
    assert seen[2].startswith("SELECT") and "FROM relation" in seen[2], seen
    assert seen[3].startswith("DELETE FROM span"), seen
    assert seen[4].startswith("INSERT INTO layer_change"), seen


def test_a_span_write_on_sqlite_reads_its_caller_then_begins_one_immediate_transaction(
    app: Any, client: Any, setup: dict[str, Any]
) -> None:
    engine = get_engine(app)
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's transaction modes")
    _post(client, setup, "alice", 0, 3)  # the layer, and the token's use recorded
    seen: list[str] = []
    mine = threading.get_ident()

    def note(statement: str) -> None:
        if threading.get_ident() == mine:
            # A statement of a script comes with its semicolon (annotator.engine.begin_sqlite).
            seen.append(" ".join(statement.split()).upper().removesuffix(";"))

    traced: list[Any] = []

    def trace(dbapi_connection: Any, *_args: Any) -> None:
        # The request's own checkouts: the process's training thread may take a connection
        # of the same engine meanwhile (after gold written by an earlier test).
        if threading.get_ident() == mine:
            dbapi_connection.set_trace_callback(note)
            traced.append(dbapi_connection)

    # Whatever connection this thread kept goes, so that the request checks one out; it
    # may keep that one in turn, so the trace ends here, not at the pool's checkin.
    engine.dispose()
    event.listen(engine, "checkout", trace)
    try:
        _post(client, setup, "alice", 4, 7)
    finally:
        event.remove(engine, "checkout", trace)
        for dbapi_connection in traced:
            dbapi_connection.set_trace_callback(None)
    assert len(traced) == 1, traced
    # The caller's one SELECT is a transaction of its own (no DEFERRED read to end); the
    # write lock is taken once, after it, and held to the one COMMIT.
    begins = [n for n, s in enumerate(seen) if s.startswith("BEGIN")]
    assert [seen[n] for n in begins] == ["BEGIN IMMEDIATE"], seen
    assert "API_TOKEN" in seen[0] and seen[0].startswith("SELECT"), seen
    assert [s for s in seen if s.startswith(("COMMIT", "ROLLBACK"))] == ["COMMIT"], seen
    inserts = [n for n, s in enumerate(seen) if s.startswith("INSERT")]
    assert begins[0] < inserts[0] and inserts[-1] < seen.index("COMMIT"), seen


def test_a_keyed_span_write_adds_its_claim_and_its_record(
    app: Any, client: Any, setup: dict[str, Any]
) -> None:
    _post(client, setup, "alice", 0, 3, key="first")  # the layer, and a purge of old keys
    with statements(app) as seen:
        span = _post(client, setup, "alice", 4, 7, key="second")
    # Expired keys are purged by at most one keyed write a minute: not counted here.
    seen = [s for s in seen if not s.startswith("DELETE FROM idempotency_key")]
    # The five of a span write, the key's claim, and the span's id recorded with the key.
    assert len(seen) == 7, seen
    assert seen[1].startswith("INSERT INTO idempotency_key"), seen
    assert seen[-1].startswith("UPDATE idempotency_key SET body"), seen
    replay = client.post(
        f"/api/v1/documents/{setup['document_id']}/spans",
        json={"label": "CLAIM", "start": 4, "end": 7},
        headers=setup["alice"] | {"Idempotency-Key": "second"},
    )
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.get_json() == span


def test_span_sentence_from_one_query_matches_the_sentence_list(
    client: Any, setup: dict[str, Any]
) -> None:
    document = client.get(f"/api/v1/documents/{setup['document_id']}", headers=setup["alice"])
    sentences = document.get_json()["sentences"]
    for sentence in (sentences[0], sentences[1], sentences[57], sentences[-1]):
        # The first and the last character of the sentence.
        for offset in (sentence["start"], sentence["end"] - 1):
            span = _post(client, setup, "alice", offset, offset + 1)
            assert span["sentence"] == sentence["index"], (offset, sentence)
    # The space between two sentences belongs to the one before it (CONTRACT section 9).
    gap = sentences[0]["end"]
    assert gap < sentences[1]["start"]
    assert _post(client, setup, "alice", gap, gap + 1)["sentence"] == 0


@pytest.mark.parametrize(
    ("document", "body", "status"),
    [
        ("missing", {"label": "CLAIM", "start": "x", "end": 3}, 404),
        ("missing", [1, 2], 404),
        ("setup", {"label": "CLAIM", "start": "x", "end": 3}, 400),
        ("setup", {"label": "CLAIM", "start": True, "end": 3}, 400),
        ("setup", {"label": "CLAIM", "start": 2**40, "end": 3}, 400),
        ("setup", {"label": "CLAIM", "start": 5, "end": 3}, 422),
    ],
)
def test_reading_the_start_early_keeps_the_order_of_errors(
    client: Any, setup: dict[str, Any], document: str, body: Any, status: int
) -> None:
    """The body is read before the document is opened, but a missing document is still 404."""
    document_id = setup["document_id"] + 1000 if document == "missing" else setup["document_id"]
    response = client.post(
        f"/api/v1/documents/{document_id}/spans", json=body, headers=setup["alice"]
    )
    assert response.status_code == status, response.get_json()


def test_a_keyed_relation_create_is_replayed_from_its_record(
    client: Any, session: Any, setup: dict[str, Any]
) -> None:
    claim = _post(client, setup, "alice", 0, 3)
    source = client.post(
        f"/api/v1/documents/{setup['document_id']}/spans",
        json={"label": "SOURCE", "start": 4, "end": 8},
        headers=setup["alice"],
    ).get_json()
    headers = setup["alice"] | {"Idempotency-Key": "relation-1"}
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
    url = f"/api/v1/documents/{setup['document_id']}/relations"
    first = client.post(url, json=body, headers=headers)
    again = client.post(url, json=body, headers=headers)
    assert first.status_code == again.status_code == 201, again.get_json()
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert session.scalar(select(func.count()).select_from(Relation)) == 1


def test_a_keyed_write_purges_expired_keys_when_the_purge_is_due(
    client: Any, session: Any, setup: dict[str, Any], monkeypatch: Any
) -> None:
    alice_id = session.scalar(select(User.id).where(User.username == "alice"))
    old = utcnow() - idempotency.KEEP - timedelta(hours=1)
    session.add(
        IdempotencyKey(user_id=alice_id, key="old", request="x", status=201, created_at=old)
    )
    session.add(IdempotencyKey(user_id=alice_id, key="recent", request="x", status=201))
    session.commit()
    monkeypatch.setattr(idempotency, "_next_purge", 0.0)  # the last purge was long ago
    _post(client, setup, "alice", 0, 3, key="new")
    keys = set(session.scalars(select(IdempotencyKey.key)))
    assert keys == {"recent", "new"}
    # Not again within PURGE_EVERY: a key that expires now stays until the next purge.
    session.add(
        IdempotencyKey(user_id=alice_id, key="old-2", request="x", status=201, created_at=old)
    )
    session.commit()
    _post(client, setup, "alice", 4, 7, key="newer")
    assert "old-2" in set(session.scalars(select(IdempotencyKey.key)))


def test_span_write_builds_no_json_encoder(
    app: Any, client: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its attributes, its history snapshot and its answer are encoded by encoders built once
    # (annotator.core.json_text): json.dumps with options, or Flask's provider, built one
    # per value, which cost more than the encoding.
    _post(client, setup, "alice", 0, 3)
    # The body made here: the test client's own json= would build an encoder.
    body = json.dumps({"label": "CLAIM", "start": 4, "end": 8, "attributes": {}})
    built: list[Any] = []
    made = json.JSONEncoder.__init__

    def counted(self: json.JSONEncoder, *args: Any, **kwargs: Any) -> None:
        built.append(kwargs)
        made(self, *args, **kwargs)

    monkeypatch.setattr(json.JSONEncoder, "__init__", counted)
    response = client.post(
        f"/api/v1/documents/{setup['document_id']}/spans",
        data=body,
        content_type="application/json",
        headers=setup["alice"],
    )
    assert response.status_code == 201, response.get_json()
    assert built == []
    # The answer is as Flask's own provider writes it: compact, keys sorted, one newline.
    answer = response.get_json()
    assert (
        response.get_data(as_text=True)
        == json.dumps(answer, separators=(",", ":"), sort_keys=True) + "\n"
    )
    assert response.content_type == "application/json"


def test_span_write_reads_its_body_in_one_call(
    client: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A body of known length is read from wsgi.input at once (annotator.web.request_body):
    # Werkzeug's LimitedStream cost as much as the span's INSERT.
    opened: list[int] = []
    made = LimitedStream.__init__

    def counted(self: LimitedStream, stream: Any, limit: int, *args: Any) -> None:
        opened.append(limit)
        made(self, stream, limit, *args)

    monkeypatch.setattr(LimitedStream, "__init__", counted)
    span = _post(client, setup, "alice", 4, 8)
    assert opened == []
    assert (span["start"], span["end"], span["text"]) == (4, 8, TEXT[4:8])


def test_span_write_parses_its_body_without_werkzeugs_content_type_parse(
    client: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A body sent as application/json is parsed by the app's request class
    # (annotator.web.request_body): Werkzeug's get_json found the mimetype through a parse
    # of the header, two properties and Flask's proxies, more than the parse itself.
    parsed: list[str] = []
    parse = werkzeug.sansio.request.parse_options_header

    def counted(value: str | None) -> Any:
        parsed.append(value or "")
        return parse(value)

    monkeypatch.setattr(werkzeug.sansio.request, "parse_options_header", counted)
    span = _post(client, setup, "alice", 4, 8)
    assert parsed == []
    assert (span["start"], span["end"], span["text"]) == (4, 8, TEXT[4:8])


def test_a_span_and_its_history_row_take_the_time_the_callers_token_was_checked_at(
    app: Any, client: Any, setup: dict[str, Any], session: Any
) -> None:
    # One reading of the app's clock per request: the token's check (and its use, recorded
    # once a minute), the span's row and its history row (annotator.web.security.request_time).
    _post(client, setup, "alice", 0, 3)
    moment = utcnow().replace(microsecond=123456) - timedelta(days=3)
    readings: list[Any] = []

    def clock() -> Any:
        readings.append(moment)
        return moment

    app.config["CLOCK"] = clock
    span = _post(client, setup, "alice", 4, 8)
    assert len(readings) == 1
    created = session.scalar(select(Span.created_at).where(Span.id == span["id"]))
    recorded = session.scalar(
        select(LayerChange.at).where(LayerChange.kind == "span", LayerChange.item_id == span["id"])
    )
    assert created is not None and created == recorded
    stored = created if created.tzinfo else created.replace(tzinfo=UTC)  # naive from SQLite
    assert stored == moment
