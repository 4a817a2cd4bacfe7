"""The ``majority`` layer: what more than half of a document's annotators agree on.

Pure. The rule (spans, their attributes, relations between kept spans, label values) is
:mod:`annotator.core.quorum`'s with the ``majority`` quorum, the one reviewers accept into
gold with; this module only reads the export's layers and writes the kept items as one more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.quorum import MAJORITY, LayerItems, SpanKey, agreed_items
from annotator.core.vocabulary import COUNTED_STATUSES

__all__ = ["MAJORITY", "compared", "majority_layer"]


def _items(layer: dict[str, Any]) -> LayerItems:
    """Return an ``annotations[]`` item by content (a document label's unit is None)."""
    by_id: dict[Any, SpanKey] = {}
    items = LayerItems()
    for span in layer["spans"]:
        key = (span["label"], span["start"], span["end"])
        by_id[span["id"]] = key
        items.spans.setdefault(key, span.get("attributes") or {})
    items.relations = {
        (r["type"], by_id[r["from"]], by_id[r["to"]])
        for r in layer["relations"]
        if r["from"] in by_id and r["to"] in by_id
    }
    items.labels = {(x["sentence"], x["name"]): x["value"] for x in layer["sentence_labels"]}
    items.labels.update({(None, x["name"]): x["value"] for x in layer["document_labels"]})
    return items


def compared(status: str | None, layer: dict[str, Any]) -> bool:
    """Tell whether an exported layer (``annotations[]`` item, its assignment's ``status``)
    counts towards the majority: its annotator began it (in progress or done) or it holds
    anything. The review compares the same people (a layer row, or a counted status:
    :func:`annotator.services.review.layers.document_layers`), so that the export's majority
    and a reviewer's "accept what most agree on" divide by the same number; an assignee who
    has not started is no vote against."""
    if status in COUNTED_STATUSES:
        return True
    return any(
        layer.get(part) for part in ("spans", "relations", "sentence_labels", "document_labels")
    )


def majority_layer(layers: Sequence[dict[str, Any]], text: str) -> dict[str, Any]:
    """Return the majority of ``layers`` (``annotations[]`` items) as one more such item."""
    agreed = agreed_items([_items(layer) for layer in layers], MAJORITY)
    sentence_of = {
        (span["label"], span["start"], span["end"]): span.get("sentence", 0)
        for layer in layers
        for span in layer["spans"]
    }
    kept = sorted(agreed.spans)
    ids = {key: number for number, key in enumerate(kept, start=1)}
    out_spans = [
        {
            "id": ids[key],
            "label": key[0],
            "start": key[1],
            "end": key[2],
            "text": text[key[1] : key[2]],
            "sentence": sentence_of[key],
            "attributes": agreed.spans[key][0],
        }
        for key in kept
    ]
    out_relations = [
        {"id": number, "type": type_, "from": ids[source], "to": ids[target]}
        for number, (type_, source, target) in enumerate(
            sorted(agreed.relations, key=lambda k: (ids[k[1]], ids[k[2]], k[0])), start=1
        )
    ]
    places = sorted(agreed.labels, key=lambda p: (-1 if p[0] is None else p[0], p[1]))
    return {
        "annotator": MAJORITY,
        "status": None,
        "spans": out_spans,
        "relations": out_relations,
        "sentence_labels": [
            {"sentence": unit, "name": name, "value": agreed.labels[(unit, name)][0]}
            for unit, name in places
            if unit is not None
        ],
        "document_labels": [
            {"name": name, "value": agreed.labels[(unit, name)][0]}
            for unit, name in places
            if unit is None
        ],
    }
