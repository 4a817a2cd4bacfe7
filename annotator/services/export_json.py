"""The rows of an export batch written straight as JSON text: the ``jsonl`` export's fast path.

The same walk as :mod:`annotator.services.export_payloads`, writing each item's JSON text
instead of a dict (building a dict per span and then encoding it was most of the export's
time). Each array comes out as :class:`annotator.exports.RawJSON`, which
:func:`annotator.exports.dumps_record` splices into the line. Every f-string below is byte
for byte what :func:`annotator.exports.dumps` makes of the general path's dict: keys in
CONTRACT order, ``", "`` and ``": "`` between items, non-ASCII characters kept. Strings go
through the json module's own encoder; labels, attribute sets, relation types and label
values repeat, so each distinct one is encoded once per batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from annotator.exports import RawJSON, dumps
from annotator.models import DOCUMENT_UNIT

if TYPE_CHECKING:
    from annotator.services.export_batches import LoadedDocument
    from annotator.services.export_payloads import Payloads


def _array(parts: list[str]) -> RawJSON:
    return RawJSON("[" + ", ".join(parts) + "]")


def sentences(rows: Iterable[Any], documents: dict[int, LoadedDocument]) -> dict[int, list[int]]:
    """Give each document its sentences as JSON; return each document's sentence starts."""
    starts: dict[int, list[int]] = {}
    current, parts, doc_starts = None, [], []
    for doc_id, index, start, end in rows:
        if doc_id != current:
            if current is not None:
                documents[current].sentences = _array(parts)
            current, parts, doc_starts = doc_id, [], []
            starts[doc_id] = doc_starts
        parts.append(f'{{"index": {index}, "start": {start}, "end": {end}}}')
        doc_starts.append(start)
    if current is not None:
        documents[current].sentences = _array(parts)
    return starts


def spans(rows: Iterable[Any], payloads: Payloads, starts: dict[int, list[int]]) -> None:
    """Write each layer's spans (rows in order of layer, start, end and id)."""
    labels: dict[str, str] = {}
    attribute_sets: dict[str | None, str] = {}
    current, payload, text, parts, doc_starts, last, sentence = None, None, "", [], [0], 0, 0
    append = parts.append
    for layer_id, span_id, label, start, end, raw in rows:
        if layer_id != current:
            if payload is not None:
                payload["spans"] = _array(parts)
            document, payload = payloads[layer_id]
            current, text, parts = layer_id, document.text, []
            append = parts.append
            doc_starts, sentence = starts.get(document.id) or [0], 0
            last = len(doc_starts) - 1
        # Spans come in order of start, so the sentence index only moves forward.
        while sentence < last and doc_starts[sentence + 1] <= start:
            sentence += 1
        label_json = labels.get(label)
        if label_json is None:
            label_json = labels[label] = encode_basestring(label)
        attributes = attribute_sets.get(raw)
        if attributes is None:
            attributes = attribute_sets[raw] = dumps((json.loads(raw) if raw else {}) or {})
        append(
            f'{{"id": {span_id}, "label": {label_json}, "start": {start}, "end": {end}, '
            f'"text": {encode_basestring(text[start:end])}, "sentence": {sentence}, '
            f'"attributes": {attributes}}}'
        )
    if payload is not None:
        payload["spans"] = _array(parts)


def relations(rows: Iterable[Any], payloads: Payloads) -> None:
    """Write each layer's relations (rows in order of layer and id)."""
    types: dict[str, str] = {}
    current, payload, parts = None, None, []
    for layer_id, relation_id, type_, from_id, to_id in rows:
        if layer_id != current:
            if payload is not None:
                payload["relations"] = _array(parts)
            current, payload, parts = layer_id, payloads[layer_id][1], []
        type_json = types.get(type_)
        if type_json is None:
            type_json = types[type_] = encode_basestring(type_)
        parts.append(
            f'{{"id": {relation_id}, "type": {type_json}, "from": {from_id}, "to": {to_id}}}'
        )
    if payload is not None:
        payload["relations"] = _array(parts)


def labels(rows: Iterable[Any], payloads: Payloads) -> None:
    """Write each layer's sentence and document labels (rows as JSON text of the value)."""
    names: dict[str, str] = {}
    values: dict[str | None, str] = {}
    current: int | None = None
    payload: dict[str, Any] | None = None
    by_sentence: list[str] = []
    by_document: list[str] = []
    for layer_id, sentence, name, raw in rows:
        if layer_id != current:
            if payload is not None:
                payload["sentence_labels"] = _array(by_sentence)
                payload["document_labels"] = _array(by_document)
            current, payload, by_sentence, by_document = layer_id, payloads[layer_id][1], [], []
        name_json = names.get(name)
        if name_json is None:
            name_json = names[name] = encode_basestring(name)
        value = values.get(raw)
        if value is None:
            value = values[raw] = dumps(None if raw is None else json.loads(raw))
        if sentence == DOCUMENT_UNIT:
            by_document.append(f'{{"name": {name_json}, "value": {value}}}')
        else:
            by_sentence.append(f'{{"sentence": {sentence}, "name": {name_json}, "value": {value}}}')
    if payload is not None:
        payload["sentence_labels"] = _array(by_sentence)
        payload["document_labels"] = _array(by_document)
