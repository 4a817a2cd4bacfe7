"""The rows of an export batch made into layer payloads: the general path, a dict per item.

What every format but ``jsonl`` reads (and the dataset import, to compare what it is given
with what is stored). Each function takes the driver's rows of one query of
:mod:`annotator.services.export_batches`, in that query's order, and fills in the payloads:
the same shape as :func:`annotator.services.layer_payloads.layer_payload`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotator.models import DOCUMENT_UNIT

if TYPE_CHECKING:
    from annotator.services.export_batches import LoadedDocument

#: layer id -> (its document, its payload)
Payloads = dict[int, tuple["LoadedDocument", dict[str, Any]]]


def sentences(rows: Iterable[Any], documents: dict[int, LoadedDocument]) -> dict[int, list[int]]:
    """Give each document its sentences; return each document's sentence starts."""
    starts: dict[int, list[int]] = defaultdict(list)
    for doc_id, index, start, end in rows:
        documents[doc_id].sentences.append({"index": index, "start": start, "end": end})  # type: ignore[union-attr]
        starts[doc_id].append(start)
    return starts


def spans(rows: Iterable[Any], payloads: Payloads, starts: dict[int, list[int]]) -> None:
    """Fill in each layer's spans (rows in order of layer, start, end and id)."""
    decoded: dict[str | None, dict[str, Any]] = {}
    current, text, items, doc_starts, last, sentence = None, "", [], [0], 0, 0
    for layer_id, span_id, label, start, end, raw in rows:
        if layer_id != current:
            document, payload = payloads[layer_id]
            current, text, items = layer_id, document.text, payload["spans"]
            doc_starts, sentence = starts.get(document.id) or [0], 0
            last = len(doc_starts) - 1
        # Spans come in order of start, so the sentence index only moves forward
        # (the same answer as layer_payloads.sentence_at, without a search per span).
        while sentence < last and doc_starts[sentence + 1] <= start:
            sentence += 1
        attributes = decoded.get(raw)
        if attributes is None:
            attributes = decoded[raw] = (json.loads(raw) if raw else {}) or {}
        items.append(
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


def relations(rows: Iterable[Any], payloads: Payloads) -> None:
    """Fill in each layer's relations (rows in order of layer and id)."""
    for layer_id, relation_id, type_, from_id, to_id in rows:
        payloads[layer_id][1]["relations"].append(
            {"id": relation_id, "type": type_, "from": from_id, "to": to_id}
        )


def labels(rows: Iterable[Any], payloads: Payloads) -> None:
    """Fill in each layer's sentence and document labels (rows as JSON text of the value)."""
    for layer_id, sentence, name, raw in rows:
        payload = payloads[layer_id][1]
        value = None if raw is None else json.loads(raw)
        if sentence == DOCUMENT_UNIT:
            payload["document_labels"].append({"name": name, "value": value})
        else:
            payload["sentence_labels"].append({"sentence": sentence, "name": name, "value": value})
