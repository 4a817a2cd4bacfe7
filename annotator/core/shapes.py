"""The JSON shape of a layer: its spans, relations and labels (CONTRACT section 5).

Pure, and the one place that says which keys each item has and in which order. The API,
the workspace, the exports and the dataset import build their items here: as dicts
(``*_item``), or, for the ``jsonl`` export's fast path, as the JSON text that
:func:`annotator.core.formats.dumps` would make of the same dict (``*_json``: ``", "`` and
``": "`` between items, non-ASCII kept, each string given already encoded).
tests/test_shapes.py holds every ``*_json`` equal to the encoded ``*_item``.

Offsets refer to the document's text; a span's ``sentence`` is the sentence holding its
start (:func:`sentence_at`).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any

from annotator.core.vocabulary import DOCUMENT_UNIT


def sentence_at(starts: Sequence[int], offset: int) -> int:
    """Return the index of the sentence holding ``offset``, given the sentences' starts.

    An offset between sentences belongs to the last sentence starting before it, and an
    offset before the first sentence to sentence 0 (CONTRACT section 9). The database's
    form of the same rule, for a write that has no list of starts, is
    :func:`annotator.services.annotation.payloads.sentence_at_sql`.
    """
    return sentence_and_next(starts, offset)[0]


def sentence_and_next(starts: Sequence[int], offset: int) -> tuple[int, float]:
    """Return :func:`sentence_at` and the first start after ``offset`` (infinity if none).

    Every offset below that start is in the same sentence, so a caller walking offsets in
    order (the export) looks a sentence up only when an offset reaches the next start.
    """
    after = bisect_right(starts, offset)  # how many sentences start at or before offset
    # Conditionals, not max(): the export asks this tens of thousands of times a batch.
    sentence = after - 1 if after else 0
    return sentence, starts[after] if after < len(starts) else math.inf


def first_sentence(index: int | None) -> int:
    """Return a looked-up sentence index, 0 when no sentence starts at or before the offset."""
    return 0 if index is None else index


def stored_attributes(raw: str | None) -> dict[str, Any]:
    """Return a span's attributes from their stored JSON text: none stored (NULL, ``""`` or
    ``null``) are ``{}``."""
    return (json.loads(raw) if raw else {}) or {}


def empty_layer(annotator: str, status: str | None) -> dict[str, Any]:
    """Return a layer with no annotations (the shape every layer has)."""
    return {
        "annotator": annotator,
        "status": status,
        "spans": [],
        "relations": [],
        "sentence_labels": [],
        "document_labels": [],
        # Active seconds spent on it in the workspace (services/annotation/active_time.py).
        "seconds": 0,
    }


#: The keys :func:`document_note_fields` may give a layer.
DOCUMENT_NOTE_KEYS = ("note", "unsure")


def document_note_fields(note: str, unsure: bool) -> dict[str, Any]:
    """Return the keys a layer gets from its annotator's note on the document: ``note`` when
    it says something, ``unsure: true`` when they marked themselves unsure; none otherwise.

    The note is its annotator's (one per document and annotator, written in the workspace's
    note box), so only an annotator's layer has these; the API gives it apart
    (``GET /documents/<id>/notes``).
    """
    fields: dict[str, Any] = {}
    if note:
        fields["note"] = note
    if unsure:
        fields["unsure"] = True
    return fields


def sentence_item(index: int, start: int, end: int) -> dict[str, int]:
    """Return a sentence of the document as the export shows it."""
    return {"index": index, "start": start, "end": end}


def sentence_json(index: int, start: int, end: int) -> str:
    """Return :func:`sentence_item` as JSON text."""
    return f'{{"index": {index}, "start": {start}, "end": {end}}}'


def span_item(
    span_id: int,
    label: str,
    start: int,
    end: int,
    text: str,
    sentence: int,
    attributes: dict[str, Any] | None,
    version: int | None = None,
    suggested: tuple[float | None, str | None] = (None, None),
    inline: bool = False,
    note: str | None = None,
) -> dict[str, Any]:
    """Return a span; ``text`` is the whole document's text, ``version`` only for the API.

    :param suggested: the span's ``(score, model)`` when it is or came from a suggestion.
    :param inline: the span is in the suggestions layer: ``score`` and ``model`` are keys of
        the span itself; elsewhere an accepted suggestion has ``suggested`` (CONTRACT 11).
    :param note: its annotator's notes on it from another tool (brat's ``#`` lines), one a
        line; a span without has no ``note`` key.
    """
    item = {
        "id": span_id,
        "label": label,
        "start": start,
        "end": end,
        "text": text[start:end],
        "sentence": sentence,
        "attributes": dict(attributes or {}),
    }
    if version is not None:
        item["version"] = version
    if suggested[1] is not None:
        item.update(suggestion_fields(suggested[0], suggested[1], inline))
    if note is not None:
        item["note"] = note
    return item


def model_name(model: str) -> int | str:
    """Return a stored model name as shown: a trained model's version number, or ``rules``.

    A version is ASCII digits: ``str.isdigit`` also takes "²", which ``int`` refuses, and a
    project file may name any model; the export and the agreement report then failed.
    """
    return int(model) if model.isascii() and model.isdigit() and len(model) < 20 else model


def suggestion_fields(score: float | None, model: str, inline: bool) -> dict[str, Any]:
    """Return the keys a suggested span (``inline``) or an accepted one has (CONTRACT 11)."""
    shown = {"model": model_name(model), "score": score}
    return shown if inline else {"suggested": shown}


#: The keys of an exported span that say it is, or came from, a suggestion.
SUGGESTION_KEYS = ("suggested", "score", "model")


def provenance(span: dict[str, Any]) -> dict[str, Any] | None:
    """Return ``{"model", "score"}`` of the suggestion an exported span is or came from, or None.

    For the formats other than jsonl, which say it each in their own way.
    """
    if "suggested" in span:
        return dict(span["suggested"])
    if "model" in span:
        return {"model": span["model"], "score": span.get("score")}
    return None


def spans_json(
    rows: Iterable[
        tuple[Any, int, str, int, int, str | None, float | None, str | None, str | None]
    ],
    layers: Mapping[Any, tuple[str, Sequence[int], Callable[[str], None]]],
    attributes_json: Callable[[str | None], str],
    inline: Collection[Any] = (),
) -> None:
    """Write the spans of many layers as JSON arrays, each item :func:`span_item` as text.

    The export's fast path: one call for a batch, since a function call per span cost more
    than the rest of its work. Rows come in order of layer, then start.

    :param rows: ``(layer, id, label, start, end, attributes, score, model, note)``,
        attributes as stored text; score and model None but for a suggested span, note None
        but for a span with notes.
    :param layers: layer -> (its document's text, sentence starts, where its array goes).
    :param attributes_json: the JSON text of a span's stored attributes.
    :param inline: the layers whose suggested spans show ``score`` and ``model`` inline.
    """
    labels: dict[str, str] = {}
    attribute_sets: dict[str | None, str] = {}
    parts: list[str] = []
    put: Callable[[str], None] | None = None
    current: Any = None
    text = ""
    starts: Sequence[int] = ()
    sentence, next_start = 0, -1.0
    encode = encode_basestring
    for layer, span_id, label, start, end, raw, score, model, note in rows:
        if layer != current:
            if put is not None:
                put("[" + ", ".join(parts) + "]")
            current, parts = layer, []
            text, starts, put = layers[layer]
            next_start = -1.0  # look the first span's sentence up
        label_text = labels.get(label)
        if label_text is None:
            label_text = labels[label] = encode(label)
        attributes = attribute_sets.get(raw)
        if attributes is None:
            attributes = attribute_sets[raw] = attributes_json(raw)
        if start >= next_start:  # in order of start: look up only on reaching the next one
            sentence, next_start = sentence_and_next(starts, start)
        item = (
            f'{{"id": {span_id}, "label": {label_text}, "start": {start}, "end": {end}, '
            f'"text": {encode(text[start:end])}, "sentence": {sentence}, '
            f'"attributes": {attributes}'
        )
        if model is not None:
            fields = suggestion_fields(score, model, layer in inline)
            item += ", " + json.dumps(fields)[1:-1]
        if note is not None:
            item += ', "note": ' + encode(note)
        parts.append(item + "}")
    if put is not None:
        put("[" + ", ".join(parts) + "]")


def relation_item(
    relation_id: int,
    type_: str,
    from_id: int,
    to_id: int,
    suggested: tuple[float | None, str | None] = (None, None),
    note: str | None = None,
) -> dict[str, Any]:
    """Return a relation between two spans of one layer.

    :param suggested: the relation's ``(score, model)`` when it was accepted from a suggestion.
    :param note: its annotator's note on it, a line per note, as a span's; a relation
        without has no ``note`` key.
    """
    item: dict[str, Any] = {"id": relation_id, "type": type_, "from": from_id, "to": to_id}
    if suggested[1] is not None:
        item.update(suggestion_fields(suggested[0], suggested[1], inline=False))
    if note is not None:
        item["note"] = note
    return item


def relation_json(
    relation_id: int,
    type_json: str,
    from_id: int,
    to_id: int,
    suggested: tuple[float | None, str | None] = (None, None),
    note: str | None = None,
) -> str:
    """Return :func:`relation_item` as JSON text, from the encoded type."""
    tail = ""
    if suggested[1] is not None:
        tail = ", " + json.dumps(suggestion_fields(suggested[0], suggested[1], False))[1:-1]
    if note is not None:
        tail += ', "note": ' + encode_basestring(note)
    return f'{{"id": {relation_id}, "type": {type_json}, "from": {from_id}, "to": {to_id}{tail}}}'


def label_list(unit: int) -> str:
    """Return which list of a layer holds a label value stored for ``unit``."""
    return "document_labels" if unit == DOCUMENT_UNIT else "sentence_labels"


def label_item(
    unit: int,
    name: str,
    value: Any,
    suggested: tuple[float | None, str | None] = (None, None),
    inline: bool = False,
    given_toward: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a label value as its layer list holds it (documents' without a sentence).

    :param suggested: the value's ``(score, model)`` when it is or came from a suggestion:
        ``score`` and ``model`` keys in the suggestions layer (``inline``), ``suggested``
        elsewhere, as a span has them (:func:`span_item`).
    :param given_toward: the earlier target of its field the value was given toward
        (:meth:`annotator.core.given_targets.OlderTarget.data`), when it was.
    """
    item: dict[str, Any] = {"name": name, "value": value}
    if unit != DOCUMENT_UNIT:
        item = {"sentence": unit, **item}
    if suggested[1] is not None:
        item.update(suggestion_fields(suggested[0], suggested[1], inline))
    if given_toward is not None:
        item["given_toward"] = dict(given_toward)
    return item


def label_json(
    unit: int,
    name_json: str,
    value_json: str,
    suggested: tuple[float | None, str | None] = (None, None),
    inline: bool = False,
    given_toward: Mapping[str, Any] | None = None,
) -> str:
    """Return :func:`label_item` as JSON text, from the encoded name and value."""
    tail = ""
    if suggested[1] is not None:
        tail = ", " + json.dumps(suggestion_fields(suggested[0], suggested[1], inline))[1:-1]
    if given_toward is not None:
        tail += ', "given_toward": ' + json.dumps(dict(given_toward), ensure_ascii=False)
    if unit == DOCUMENT_UNIT:
        return f'{{"name": {name_json}, "value": {value_json}{tail}}}'
    return f'{{"sentence": {unit}, "name": {name_json}, "value": {value_json}{tail}}}'


def label_answer(unit: int, name: str, value: Any) -> dict[str, Any]:
    """Return a label value as the API answers a write: ``sentence`` null for the document."""
    return {"sentence": None if unit == DOCUMENT_UNIT else unit, "name": name, "value": value}
