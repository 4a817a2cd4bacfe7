"""The ``majority`` layer: what more than half of a document's annotators agree on.

Pure. A span is kept when more than half of the annotators have a span with the same label,
start and end; an attribute of a kept span when more than half of all the annotators gave it
the same value; a relation when more than half drew it between the same two kept spans; a
sentence or document label value when more than half chose exactly that value.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

MAJORITY = "majority"


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def majority_layer(layers: Sequence[dict[str, Any]], text: str) -> dict[str, Any]:
    """Return the majority of ``layers`` (``annotations[]`` items) as one more such item."""
    need = len(layers) // 2 + 1
    spans: Counter[tuple[str, int, int]] = Counter()
    attributes: Counter[tuple[tuple[str, int, int], str, str]] = Counter()
    relations: Counter[tuple[str, Any, Any]] = Counter()
    labels: Counter[tuple[int | None, str, str]] = Counter()
    sentence_of: dict[tuple[str, int, int], int] = {}
    for layer in layers:
        by_id: dict[Any, tuple[str, int, int]] = {}
        seen_spans, seen_attrs = set(), set()
        for span in layer["spans"]:
            key = (span["label"], span["start"], span["end"])
            by_id[span["id"]] = key
            sentence_of[key] = span.get("sentence", 0)
            seen_spans.add(key)
            for name, value in (span.get("attributes") or {}).items():
                seen_attrs.add((key, name, _key(value)))
        spans.update(seen_spans)
        attributes.update(seen_attrs)
        relations.update(
            {
                (r["type"], by_id.get(r["from"]), by_id.get(r["to"]))
                for r in layer["relations"]
                if r["from"] in by_id and r["to"] in by_id
            }
        )
        labels.update(
            {(x["sentence"], x["name"], _key(x["value"])) for x in layer["sentence_labels"]}
        )
        labels.update({(None, x["name"], _key(x["value"])) for x in layer["document_labels"]})

    kept = sorted(key for key, count in spans.items() if count >= need)
    ids = {key: number for number, key in enumerate(kept, start=1)}
    out_spans = []
    for key in kept:
        label, start, end = key
        chosen = {
            name: json.loads(value)
            for (span_key, name, value), count in sorted(attributes.items())
            if span_key == key and count >= need
        }
        out_spans.append(
            {
                "id": ids[key],
                "label": label,
                "start": start,
                "end": end,
                "text": text[start:end],
                "sentence": sentence_of[key],
                "attributes": chosen,
            }
        )
    out_relations = [
        {"id": number, "type": type_, "from": ids[source], "to": ids[target]}
        for number, (type_, source, target) in enumerate(
            sorted(
                (
                    k
                    for k, count in relations.items()
                    if count >= need and k[1] in ids and k[2] in ids
                ),
                key=lambda k: (ids[k[1]], ids[k[2]], k[0]),
            ),
            start=1,
        )
    ]
    agreed = sorted(
        (k for k, count in labels.items() if count >= need),
        key=lambda k: (-1 if k[0] is None else k[0], k[1]),
    )
    return {
        "annotator": MAJORITY,
        "status": None,
        "spans": out_spans,
        "relations": out_relations,
        "sentence_labels": [
            {"sentence": s, "name": n, "value": json.loads(v)}
            for s, n, v in agreed
            if s is not None
        ],
        "document_labels": [{"name": n, "value": json.loads(v)} for s, n, v in agreed if s is None],
    }
