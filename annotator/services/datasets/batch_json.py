"""The rows of an export batch written straight as JSON text: the ``jsonl`` export's fast path.

The same walk as :mod:`annotator.services.datasets.batch_payloads`, writing each item's
JSON text (the ``*_json`` forms of :mod:`annotator.core.shapes`) instead of a dict:
building a dict per span and then encoding it was most of the export's time. Each array
comes out as :class:`annotator.core.formats.RawJSON`, which
:func:`annotator.core.formats.dumps_record` splices into the line. Strings go through the
json module's own encoder; labels, attribute sets, relation types and label values repeat,
so each distinct one is encoded once per batch.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from json.encoder import encode_basestring
from typing import Any

from annotator.core.formats import RawJSON, dumps
from annotator.core.shapes import (
    label_json,
    label_list,
    relation_json,
    sentence_json,
    spans_json,
    stored_attributes,
)
from annotator.services.datasets.loaded import LoadedDocument, Payloads


def _array(parts: list[str]) -> RawJSON:
    return RawJSON("[" + ", ".join(parts) + "]")


def sentences(rows: Iterable[Any], documents: dict[int, LoadedDocument]) -> dict[int, list[int]]:
    """Give each document its sentences as JSON; return each document's sentence starts."""
    starts: dict[int, list[int]] = {}
    current: int | None = None
    parts: list[str] = []
    doc_starts: list[int] = []
    for doc_id, index, start, end in rows:
        if doc_id != current:
            if current is not None:
                documents[current].sentences = _array(parts)
            current, parts, doc_starts = doc_id, [], []
            starts[doc_id] = doc_starts
        parts.append(sentence_json(index, start, end))
        doc_starts.append(start)
    if current is not None:
        documents[current].sentences = _array(parts)
    return starts


def spans(
    rows: Iterable[Any],
    payloads: Payloads,
    starts: dict[int, list[int]],
    inline: Collection[int] = (),
) -> None:
    """Write each layer's spans (rows in order of layer, start, end and id).

    :param inline: the layers whose suggested spans show ``score`` and ``model`` inline.
    """

    def attributes_json(raw: str | None) -> str:
        return dumps(stored_attributes(raw))

    layers = {}
    for layer_id, (document, payload) in payloads.items():
        layers[layer_id] = (document.text, starts.get(document.id) or [], _setter(payload))
    spans_json(rows, layers, attributes_json, inline)


def _setter(payload: dict[str, Any]) -> Any:
    def put(array: str) -> None:
        payload["spans"] = RawJSON(array)

    return put


def relations(rows: Iterable[Any], payloads: Payloads) -> None:
    """Write each layer's relations (rows in order of layer and id)."""
    types: dict[str, str] = {}
    current: int | None = None
    payload: dict[str, Any] | None = None
    parts: list[str] = []
    for layer_id, relation_id, type_, from_id, to_id, score, model, note in rows:
        if layer_id != current:
            if payload is not None:
                payload["relations"] = _array(parts)
            current, payload, parts = layer_id, payloads[layer_id][1], []
        type_text = types.get(type_)
        if type_text is None:
            type_text = types[type_] = encode_basestring(type_)
        parts.append(relation_json(relation_id, type_text, from_id, to_id, (score, model), note))
    if payload is not None:
        payload["relations"] = _array(parts)


def labels(rows: Iterable[Any], payloads: Payloads, inline: Collection[int] = ()) -> None:
    """Write each layer's sentence and document labels (rows as JSON text of the value, and
    last the value's earlier target, when it was given toward one).

    :param inline: the layers whose suggested labels show ``score`` and ``model`` inline.
    """
    # A label's text depends only on its sentence, name and value (and the earlier target
    # it was given toward, if it was), which repeat across layers: each distinct one is
    # written once per batch, each name and value encoded once.
    written: dict[tuple[int, str, str | None, Any], tuple[str, str]] = {}
    names: dict[str, str] = {}
    values: dict[str | None, str] = {}
    current: int | None = None
    payload: dict[str, Any] | None = None
    lists: dict[str, list[str]] = {}

    def close() -> None:
        if payload is not None:
            for name, parts in lists.items():
                payload[name] = _array(parts)

    for layer_id, unit, name, raw, score, model, older in rows:
        if layer_id != current:
            close()
            current, payload = layer_id, payloads[layer_id][1]
            lists = {"sentence_labels": [], "document_labels": []}
        if model is not None:  # a suggestion, or accepted from one: rare, written whole
            whole = dumps(None if raw is None else json.loads(raw))
            toward = None if older is None else older.data()
            text = label_json(
                unit, encode_basestring(name), whole, (score, model), layer_id in inline, toward
            )
            lists[label_list(unit)].append(text)
            continue
        key = (unit, name, raw, older)
        found = written.get(key)
        if found is None:
            name_text = names.get(name)
            if name_text is None:
                name_text = names[name] = encode_basestring(name)
            value = values.get(raw)
            if value is None:
                value = values[raw] = dumps(None if raw is None else json.loads(raw))
            toward = None if older is None else older.data()
            text = label_json(unit, name_text, value, given_toward=toward)
            found = written[key] = (label_list(unit), text)
        lists[found[0]].append(found[1])
    close()
