"""The rows of an export batch made into layer payloads: the general path, a dict per item.

What every format but ``jsonl`` reads (and the dataset import, to compare what it is given
with what is stored). Each function takes the driver's rows of one query of
:mod:`annotator.services.datasets.batches`, in that query's order, and fills in the
payloads with the items of :mod:`annotator.core.shapes`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from annotator.core.shapes import (
    label_item,
    label_list,
    relation_item,
    sentence_and_next,
    sentence_item,
    span_item,
    stored_attributes,
)
from annotator.services.datasets.loaded import LoadedDocument, Payloads


def sentences(rows: Iterable[Any], documents: dict[int, LoadedDocument]) -> dict[int, list[int]]:
    """Give each document its sentences; return each document's sentence starts."""
    starts: dict[int, list[int]] = defaultdict(list)
    for doc_id, index, start, end in rows:
        listed = documents[doc_id].sentences
        assert isinstance(listed, list)  # the general path lists them as dicts
        listed.append(sentence_item(index, start, end))
        starts[doc_id].append(start)
    return starts


def spans(
    rows: Iterable[Any],
    payloads: Payloads,
    starts: dict[int, list[int]],
    inline: Collection[int] = (),
) -> None:
    """Fill in each layer's spans (rows in order of layer, start, end and id).

    :param inline: the layers whose suggested spans show ``score`` and ``model`` inline.
    """
    decoded: dict[str | None, dict[str, Any]] = {}
    current: int | None = None
    text, items, doc_starts = "", [], []
    sentence, next_start = 0, -1.0
    for layer_id, span_id, label, start, end, raw, score, model, note in rows:
        if layer_id != current:
            document, payload = payloads[layer_id]
            current, text, items = layer_id, document.text, payload["spans"]
            doc_starts = starts.get(document.id) or []
            next_start = -1.0  # look the first span's sentence up
        attributes = decoded.get(raw)
        if attributes is None:
            attributes = decoded[raw] = stored_attributes(raw)
        if start >= next_start:  # spans come in order of start: a new sentence, maybe
            sentence, next_start = sentence_and_next(doc_starts, start)
        items.append(
            span_item(
                span_id,
                label,
                start,
                end,
                text,
                sentence,
                attributes,
                suggested=(score, model),
                inline=layer_id in inline,
                note=note,
            )
        )


def relations(rows: Iterable[Any], payloads: Payloads) -> None:
    """Fill in each layer's relations (rows in order of layer and id)."""
    for layer_id, relation_id, type_, from_id, to_id, score, model, note in rows:
        payloads[layer_id][1]["relations"].append(
            relation_item(relation_id, type_, from_id, to_id, suggested=(score, model), note=note)
        )


def labels(rows: Iterable[Any], payloads: Payloads, inline: Collection[int] = ()) -> None:
    """Fill in each layer's sentence and document labels (rows as JSON text of the value).

    :param inline: the layers whose suggested labels show ``score`` and ``model`` inline.
    The last column is the value's earlier target, when it was given toward one (or None).
    """
    for layer_id, unit, name, raw, score, model, older in rows:
        value = None if raw is None else json.loads(raw)
        toward = None if older is None else older.data()
        item = label_item(unit, name, value, (score, model), layer_id in inline, toward)
        payloads[layer_id][1][label_list(unit)].append(item)
