"""Loading documents with all their layers for an export, a batch of documents at a time.

Seven queries per batch, whatever its size: documents, sentences, assignments, layers,
spans, relations and label values. Rows are read with SQLAlchemy Core (no ORM objects),
because an export touches every span of a project and the ORM's per-row cost would dominate.
Each layer comes out in exactly the shape :func:`annotator.services.layers.layer_payload`
gives it (tests/test_export.py holds the two to that). With ``raw_spans`` (the ``jsonl``
export) each layer's ``spans`` is that same array already serialised, as
:class:`annotator.exports.RawJSON`: building a dict per span and then encoding it was most of
the export's time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import Connection, Text, cast, exists, select

from annotator.exports import RawJSON, dumps
from annotator.models import (
    DOCUMENT_UNIT,
    GOLD,
    Assignment,
    Document,
    LabelValue,
    Layer,
    Relation,
    Sentence,
    Span,
    User,
)

#: Documents per batch: big enough that query overhead vanishes, small enough to keep
#: memory flat (a batch of news articles with their layers is a few megabytes).
BATCH = 200

_documents = Document.__table__
_sentences = Sentence.__table__
_assignments = Assignment.__table__
_users = User.__table__
_layers = Layer.__table__
_spans = Span.__table__
_relations = Relation.__table__
_labels = LabelValue.__table__


@dataclass(slots=True)
class LoadedDocument:
    """A document with its sentences and every layer, ready to serialise."""

    id: int
    external_id: str
    title: str | None
    meta: dict[str, Any]
    text: str
    sentences: list[dict[str, int]]
    #: annotator name -> (status, layer payload); assigned annotators without a layer get an
    #: empty payload, annotators with a layer but no assignment a None status.
    layers: dict[str, tuple[str | None, dict[str, Any]]] = field(default_factory=dict)
    gold: dict[str, Any] | None = None
    #: Layer rows that exist: layer name (a username, or ``gold``) -> layer id.
    layer_ids: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class DocumentFilter:
    """Which documents of a project to read."""

    project_id: int
    #: Only these internal document ids (None: every document).
    document_ids: Sequence[int] | None = None
    #: Only documents with at least one assignment in this status.
    status: str | None = None


def empty_layer(annotator: str, status: str | None) -> dict[str, Any]:
    """Return a layer payload with no annotations."""
    return {
        "annotator": annotator,
        "status": status,
        "spans": [],
        "relations": [],
        "sentence_labels": [],
        "document_labels": [],
    }


def _document_query(where: DocumentFilter, after: int, limit: int) -> Any:
    d = _documents.c
    query = (
        select(d.id, d.external_id, d.title, d.meta, d.text)
        .where(d.project_id == where.project_id, d.id > after)
        .order_by(d.id)
        .limit(limit)
    )
    if where.document_ids is not None:
        query = query.where(d.id.in_(list(where.document_ids)))
    if where.status is not None:
        a = _assignments.c
        query = query.where(exists().where(a.document_id == d.id, a.status == where.status))
    return query


def count_documents(connection: Connection, where: DocumentFilter) -> int:
    """Return how many documents the filter selects."""
    from sqlalchemy import func

    query = _document_query(where, 0, 1).with_only_columns(func.count()).order_by(None)
    return int(connection.execute(query.limit(None)).scalar() or 0)


def iter_batches(
    connection: Connection, where: DocumentFilter, batch: int = BATCH, raw_spans: bool = False
) -> Iterator[list[LoadedDocument]]:
    """Yield the selected documents in order of id, ``batch`` at a time, with their layers.

    With ``raw_spans`` each layer's spans come as serialised JSON text (see the module doc).
    """
    after = 0
    while True:
        rows = connection.execute(_document_query(where, after, batch)).all()
        if not rows:
            return
        documents = {
            row.id: LoadedDocument(row.id, row.external_id, row.title, row.meta or {}, row.text, [])
            for row in rows
        }
        load_layers(connection, documents, raw_spans)
        yield list(documents.values())
        after = rows[-1].id


def _rows(connection: Connection, query: Any) -> list[Any]:
    """Return the rows of ``query`` as the driver's tuples, in the connection's transaction.

    The loader reads every span of a project: wrapping each row in a SQLAlchemy ``Row`` was a
    tenth of the export's time. Only for queries that bind nothing but ids (integers, rendered
    inline) and select no column that needs a result processor (JSON, dates).
    """
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def load_layers(
    connection: Connection, documents: dict[int, LoadedDocument], raw_spans: bool = False
) -> None:
    """Fill in the sentences and layers of ``documents`` (keyed by id) in six queries."""
    ids = list(documents)
    s = _sentences.c
    starts: dict[int, list[int]] = defaultdict(list)
    for doc_id, index, start, end in _rows(
        connection,
        select(s.document_id, s.index, s.start, s.end)
        .where(s.document_id.in_(ids))
        .order_by(s.document_id, s.index),
    ):
        documents[doc_id].sentences.append({"index": index, "start": start, "end": end})
        starts[doc_id].append(start)

    a, u = _assignments.c, _users.c
    for doc_id, username, status in connection.execute(
        select(a.document_id, u.username, a.status)
        .join(_users, u.id == a.user_id)
        .where(a.document_id.in_(ids))
    ):
        documents[doc_id].layers[username] = (status, empty_layer(username, status))

    l_ = _layers.c
    payloads: dict[int, tuple[LoadedDocument, dict[str, Any]]] = {}
    for layer_id, doc_id, username in connection.execute(
        select(l_.id, l_.document_id, u.username)
        .outerjoin(_users, u.id == l_.user_id)
        .where(l_.document_id.in_(ids))
    ):
        document = documents[doc_id]
        document.layer_ids[GOLD if username is None else username] = layer_id
        if username is None:
            document.gold = empty_layer(GOLD, None)
            payloads[layer_id] = (document, document.gold)
        else:
            status, payload = document.layers.setdefault(
                username, (None, empty_layer(username, None))
            )
            payloads[layer_id] = (document, payload)
    if not payloads:
        _sort_layers(documents)
        return
    _load_spans(connection, ids, payloads, starts, raw_spans)
    _load_relations(connection, ids, payloads)
    _load_labels(connection, ids, payloads)
    _sort_layers(documents)


def _load_spans(
    connection: Connection,
    ids: list[int],
    payloads: dict[int, tuple[LoadedDocument, dict[str, Any]]],
    starts: dict[int, list[int]],
    raw_spans: bool,
) -> None:
    sp, l_ = _spans.c, _layers.c
    # The attributes come as their JSON text and are decoded once per distinct value:
    # nearly every span has one of a handful of attribute sets, and decoding each row's
    # copy was a third of the export's time.
    query = (
        select(sp.layer_id, sp.id, sp.label, sp.start, sp.end, cast(sp.attributes, Text))
        .join(_layers, l_.id == sp.layer_id)
        .where(l_.document_id.in_(ids))
        .order_by(sp.layer_id, sp.start, sp.end, sp.id)
    )
    rows = _rows(connection, query)
    if raw_spans:
        _serialise_spans(rows, payloads, starts)
        return
    decoded: dict[str | None, dict[str, Any]] = {}
    current, text, spans, doc_starts, last, sentence = None, "", [], [0], 0, 0
    for layer_id, span_id, label, start, end, raw in rows:
        if layer_id != current:
            document, payload = payloads[layer_id]
            current, text, spans = layer_id, document.text, payload["spans"]
            doc_starts, sentence = starts.get(document.id) or [0], 0
            last = len(doc_starts) - 1
        # Spans come in order of start, so the sentence index only moves forward
        # (the same answer as layers.sentence_at, without a search per span).
        while sentence < last and doc_starts[sentence + 1] <= start:
            sentence += 1
        attributes = decoded.get(raw)
        if attributes is None:
            attributes = json.loads(raw) if raw else {}
            decoded[raw] = attributes = attributes or {}
        spans.append(
            {
                "id": span_id,
                "label": label,
                "start": start,
                "end": end,
                "text": text[start:end],
                "sentence": sentence,
                "attributes": dict(attributes),
            }
        )


def _serialise_spans(
    rows: Sequence[Any],
    payloads: dict[int, tuple[LoadedDocument, dict[str, Any]]],
    starts: dict[int, list[int]],
) -> None:
    # The same walk as _load_spans, writing each span's JSON text instead of a dict. Labels
    # and attribute sets repeat, so their JSON is made once per distinct value; the span's
    # text goes through the json module's own string encoder, as ``dumps`` would. The f-string
    # below is byte for byte what ``dumps`` makes of a span dict, keys in CONTRACT order.
    labels: dict[str, str] = {}
    attribute_sets: dict[str | None, str] = {}
    current, text, parts, doc_starts, last, sentence = None, "", [], [0], 0, 0
    layer_parts: list[tuple[dict[str, Any], list[str]]] = []
    append = parts.append
    for layer_id, span_id, label, start, end, raw in rows:
        if layer_id != current:
            document, payload = payloads[layer_id]
            current, text, parts = layer_id, document.text, []
            layer_parts.append((payload, parts))
            append = parts.append
            doc_starts, sentence = starts.get(document.id) or [0], 0
            last = len(doc_starts) - 1
        while sentence < last and doc_starts[sentence + 1] <= start:
            sentence += 1
        label_json = labels.get(label)
        if label_json is None:
            label_json = labels[label] = dumps(label)
        attributes = attribute_sets.get(raw)
        if attributes is None:
            attributes = attribute_sets[raw] = dumps((json.loads(raw) if raw else {}) or {})
        append(
            f'{{"id": {span_id}, "label": {label_json}, "start": {start}, "end": {end}, '
            f'"text": {encode_basestring(text[start:end])}, "sentence": {sentence}, '
            f'"attributes": {attributes}}}'
        )
    for payload, parts in layer_parts:
        payload["spans"] = RawJSON("[" + ", ".join(parts) + "]")


def _load_relations(
    connection: Connection, ids: list[int], payloads: dict[int, tuple[LoadedDocument, Any]]
) -> None:
    r, l_ = _relations.c, _layers.c
    query = (
        select(r.layer_id, r.id, r.type, r.from_span_id, r.to_span_id)
        .join(_layers, l_.id == r.layer_id)
        .where(l_.document_id.in_(ids))
        .order_by(r.layer_id, r.id)
    )
    for layer_id, relation_id, type_, from_id, to_id in _rows(connection, query):
        payloads[layer_id][1]["relations"].append(
            {"id": relation_id, "type": type_, "from": from_id, "to": to_id}
        )


def _load_labels(
    connection: Connection, ids: list[int], payloads: dict[int, tuple[LoadedDocument, Any]]
) -> None:
    lv, l_ = _labels.c, _layers.c
    query = (
        select(lv.layer_id, lv.sentence_index, lv.name, lv.value)
        .join(_layers, l_.id == lv.layer_id)
        .where(l_.document_id.in_(ids))
        .order_by(lv.layer_id, lv.sentence_index, lv.name)
    )
    # Through SQLAlchemy: ``value`` is a JSON column, decoded by its result processor.
    for layer_id, sentence, name, value in connection.execute(query).all():
        payload = payloads[layer_id][1]
        if sentence == DOCUMENT_UNIT:
            payload["document_labels"].append({"name": name, "value": value})
        else:
            payload["sentence_labels"].append({"sentence": sentence, "name": name, "value": value})


def _sort_layers(documents: dict[int, LoadedDocument]) -> None:
    # Annotators in name order, so that two exports of the same data are byte-identical.
    for document in documents.values():
        document.layers = dict(sorted(document.layers.items()))
