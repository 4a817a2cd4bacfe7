"""The ``document`` records of a project file: a batch of documents with all they hold.

For :mod:`annotator.services.datasets.project_dump`. Each part of a batch is one query (ids
bound :data:`_MOST` at a time) read with Core, no ORM objects; everything inside a document
is put in a stable order (people by name, layers by name with gold and suggestions last,
spans by offsets and then by id, relations by id), which a load keeps.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Text, cast, select

from annotator.core.formats.project_file import build
from annotator.core.formats.project_ids import ITEM_PARTS
from annotator.core.times import stamp
from annotator.models import (
    DOCUMENT_UNIT,
    GOLD,
    SUGGESTIONS,
    Assignment,
    Document,
    DocumentNote,
    GoldDecision,
    GoldStatus,
    LabelValue,
    Layer,
    Relation,
    Sentence,
    Span,
    SuggestionRejection,
)
from annotator.services.datasets.project_history import Places, change_records

#: Ids bound in one ``IN`` (below SQLite's oldest limit of 999 parameters).
_MOST = 500


def _rows(connection: Connection, query: Any, column: Any, ids: list[int]) -> Iterator[Any]:
    """Run ``query`` for ``ids`` (bound a few hundred at a time) and yield its rows."""
    for first in range(0, len(ids), _MOST):
        yield from connection.execute(query.where(column.in_(ids[first : first + _MOST])))


def document_records(
    connection: Connection, ids: list[int], names: dict[int, str]
) -> Iterator[dict[str, Any]]:
    """Yield the ``document`` records of these documents (ids in order), with every layer."""
    d, s = Document.__table__.c, Sentence.__table__.c
    sentences: dict[int, list[list[int]]] = defaultdict(list)
    query = select(s.document_id, s.start, s.end).order_by(s.document_id, s.index)
    for doc_id, start, end in _rows(connection, query, s.document_id, ids):
        sentences[doc_id].append([start, end])
    people = _people(connection, ids, names)
    layers, places = _layers(connection, ids, names)
    changes = change_records(connection, ids, names, places)
    rejections = _rejections(connection, ids, names)
    decisions = _decisions(connection, ids, names)
    query = select(
        d.id, d.external_id, d.number, d.title, d.meta, d.segmenter_version, d.created_at, d.text
    ).order_by(d.id)
    for doc_id, external_id, number, title, meta, segmenter, created_at, text in _rows(
        connection, query, d.id, ids
    ):
        gold, assignments, notes = people[doc_id]
        yield build(
            "document",
            {
                "id": external_id,
                "number": number,
                "title": title,
                "meta": meta or {},
                "segmenter_version": segmenter,
                "created_at": stamp(created_at),
                "text": text,
                "sentences": sentences[doc_id],
                "gold_status": gold,
                "assignments": sorted(assignments, key=lambda item: item["user"]),
                "notes": sorted(notes, key=lambda item: item["user"]),
                "layers": sorted(layers[doc_id], key=_layer_order),
                "rejections": sorted(
                    rejections[doc_id],
                    key=lambda item: (item["user"], item["start"], item["end"], item["label"]),
                ),
                "changes": changes[doc_id],
                "decisions": sorted(decisions[doc_id], key=lambda item: item["difference"]),
            },
        )


def _decisions(
    connection: Connection, ids: list[int], names: dict[int, str]
) -> dict[int, list[dict[str, Any]]]:
    """Each document's "none taken" decisions on gold."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    d = GoldDecision.__table__.c
    query = select(d.document_id, d.difference, d.kind, d.summary, d.decided_by_id, d.decided_at)
    for doc_id, key, kind, summary, by, at in _rows(connection, query, d.document_id, ids):
        found[doc_id].append(
            build(
                "decision",
                {
                    "difference": key,
                    "kind": kind,
                    "summary": summary,
                    "decided_by": names.get(by),
                    "decided_at": stamp(at),
                },
            )
        )
    return found


def _rejections(
    connection: Connection, ids: list[int], names: dict[int, str]
) -> dict[int, list[dict[str, Any]]]:
    """Each document's rejected suggestions."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    r = SuggestionRejection.__table__.c
    query = select(
        r.document_id, r.user_id, r.label, r.start, r.end, r.model, r.score, r.created_at
    )
    for doc_id, user_id, label, start, end, model, score, created in _rows(
        connection, query, r.document_id, ids
    ):
        found[doc_id].append(
            build(
                "rejection",
                {
                    "user": names[user_id],
                    "label": label,
                    "start": start,
                    "end": end,
                    "model": model,
                    "score": score,
                    "created_at": stamp(created),
                },
            )
        )
    return found


def _layer_order(layer: dict[str, Any]) -> tuple[int, str]:
    """Annotators' layers by name, then gold, then the suggestions."""
    return ({GOLD: 1, SUGGESTIONS: 2}.get(layer["name"], 0), layer["name"])


def _people(
    connection: Connection, ids: list[int], names: dict[int, str]
) -> dict[int, tuple[dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]]]]:
    """Each document's gold status, assignments and notes."""
    found: dict[int, tuple[Any, list[Any], list[Any]]] = {i: (None, [], []) for i in ids}
    g, a, n = GoldStatus.__table__.c, Assignment.__table__.c, DocumentNote.__table__.c
    query = select(g.document_id, g.status, g.updated_by_id, g.updated_at)
    for doc_id, status, by, at in _rows(connection, query, g.document_id, ids):
        status_record = build(
            "gold_status", {"status": status, "updated_by": names.get(by), "updated_at": stamp(at)}
        )
        found[doc_id] = (status_record, found[doc_id][1], found[doc_id][2])
    query = select(a.document_id, a.user_id, a.status, a.created_at, a.updated_at, a.first_done_at)
    for doc_id, user_id, status, created, updated, done in _rows(
        connection, query, a.document_id, ids
    ):
        found[doc_id][1].append(
            build(
                "assignment",
                {
                    "user": names[user_id],
                    "status": status,
                    "created_at": stamp(created),
                    "updated_at": stamp(updated),
                    "first_done_at": None if done is None else stamp(done),
                },
            )
        )
    query = select(n.document_id, n.user_id, n.note, n.unsure, n.updated_at)
    for doc_id, user_id, note, unsure, updated in _rows(connection, query, n.document_id, ids):
        found[doc_id][2].append(
            build(
                "note",
                {
                    "user": names[user_id],
                    "note": note,
                    "unsure": bool(unsure),
                    "updated_at": stamp(updated),
                },
            )
        )
    return found


def _layers(
    connection: Connection, ids: list[int], names: dict[int, str]
) -> tuple[dict[int, list[dict[str, Any]]], Places]:
    """Each document's layers with their spans, relations and labels; each item's place."""
    by_document: dict[int, list[dict[str, Any]]] = defaultdict(list)
    layers: dict[int, dict[str, Any]] = {}
    keys: dict[tuple[int, str], int] = {}
    lc = Layer.__table__.c
    query = select(lc.id, lc.document_id, lc.user_id, lc.key, lc.created_at, lc.active_seconds)
    for layer_id, doc_id, user_id, key, created_at, seconds in _rows(
        connection, query, lc.document_id, ids
    ):
        name = key if user_id is None else names[user_id]
        layer = build(
            "layer",
            {
                "name": name,
                "created_at": stamp(created_at),
                "seconds": seconds,
                "spans": [],
                "relations": [],
                "labels": [],
            },
        )
        layers[layer_id] = layer
        by_document[doc_id].append(layer)
        keys[doc_id, key] = layer_id
    layer_ids = sorted(layers)
    places = Places(keys)
    _fill_layers(connection, layer_ids, layers, names, places)
    return by_document, places


def _fill_layers(
    connection: Connection,
    layer_ids: list[int],
    layers: dict[int, dict[str, Any]],
    names: dict[int, str],
    places: Places,
) -> None:
    sp, r, lv = Span.__table__.c, Relation.__table__.c, LabelValue.__table__.c
    # Attribute sets and label values come as their JSON text, each distinct one decoded once:
    # they repeat across spans and layers, and decoding every one was a tenth of the dump.
    texts: dict[str | None, Any] = {}

    def decoded(text: str | None) -> Any:
        if text not in texts:
            texts[text] = None if text is None else json.loads(text)
        return texts[text]

    def add(kind: str, row: Any, values: dict[str, Any]) -> None:
        # Each row starts with the item's layer and id. Its place in its layer's list is
        # what the file's relations and changes name it by.
        items = layers[row[0]][ITEM_PARTS[kind]]
        places.items[kind][row[0], row[1]] = len(items)
        items.append(build(kind, values | _where_from(names, row)))

    query = select(
        sp.layer_id, sp.id, sp.label, sp.start, sp.end, cast(sp.attributes, Text), sp.version,
        sp.note, sp.created_at, sp.updated_at, *_where_from_columns(sp),
    ).order_by(sp.layer_id, sp.start, sp.end, sp.id)  # fmt: skip
    for row in _rows(connection, query, sp.layer_id, layer_ids):
        add(
            "span",
            row,
            {
                "id": row[1],
                "label": row[2],
                "start": row[3],
                "end": row[4],
                "attributes": decoded(row[5]) or {},
                "version": row[6],
                "note": row[7],
                "created_at": stamp(row[8]),
                "updated_at": stamp(row[9]),
            },
        )
    query = select(
        r.layer_id, r.id, r.type, r.from_span_id, r.to_span_id, r.note, r.created_at,
        *_where_from_columns(r),
    ).order_by(r.layer_id, r.id)  # fmt: skip
    span_places = places.items["span"]
    for row in _rows(connection, query, r.layer_id, layer_ids):
        layer_id, id_, type_, from_id, to_id, note, created = row[:7]
        add(
            "relation",
            row,
            {
                "id": id_,
                "type": type_,
                "from": span_places[layer_id, from_id],
                "to": span_places[layer_id, to_id],
                "note": note,
                "created_at": stamp(created),
            },
        )
    query = select(
        lv.layer_id, lv.id, lv.sentence_index, lv.name, cast(lv.value, Text), lv.created_at,
        lv.updated_at, *_where_from_columns(lv),
    ).order_by(lv.layer_id, lv.sentence_index, lv.name)  # fmt: skip
    for row in _rows(connection, query, lv.layer_id, layer_ids):
        _layer_id, id_, unit, name, value, created, updated = row[:7]
        add(
            "label",
            row,
            {
                "id": id_,
                "sentence": None if unit == DOCUMENT_UNIT else unit,
                "name": name,
                "value": decoded(value),
                "created_at": stamp(created),
                "updated_at": stamp(updated),
            },
        )


def _where_from_columns(table: Any) -> tuple[Any, ...]:
    """The columns :func:`_where_from` reads, last in each query of spans, relations and
    label values."""
    return (
        table.score, table.model, table.decided_by_id, table.source_layer, table.source_how,
        table.source_of,
    )  # fmt: skip


def _where_from(names: dict[int, str], row: Any) -> dict[str, Any]:
    """Where a span, relation or label value came from, from its row's last columns
    (:func:`_where_from_columns`): the suggestion it is or was accepted from, the reviewer who
    decided it into gold (by name), and the layer gold took it from, how and over how many
    annotators. One home for the three kinds, which file version 9 gave two fields at once."""
    score, model, decided_by, layer, how, of = row[-6:]
    return {
        "score": score,
        "model": model,
        "decided_by": names.get(decided_by),
        "source_layer": layer,
        "source_how": how,
        "source_of": of,
    }
