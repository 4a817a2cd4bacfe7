"""The spans of an export batch kept as tuples: the fast path of the ``spacy`` export.

A writer that never shows a span's text or sentence (the ``spacy`` DocBin keeps offsets,
labels and attributes) needs no dict per span, no slice of the text and no sentence lookup:
building those was most of the time the ``spacy`` export spent reading. Each layer's spans
come as :class:`annotator.core.formats.SpanRows`; the sentences, relations and labels are
the general path's (:mod:`annotator.services.datasets.batch_payloads`), a few per layer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from annotator.core.formats import SpanRow, SpanRows, dumps
from annotator.core.shapes import stored_attributes, suggestion_fields
from annotator.services.datasets.loaded import Payloads


def spans(
    rows: Iterable[Any],
    payloads: Payloads,
    starts: dict[int, list[int]],
    inline: Collection[int] = (),
) -> None:
    """Give each layer its spans as rows (rows in order of layer, start, end and id).

    :param starts: unused: a row has no sentence (the signature is the other paths').
    :param inline: the layers whose suggested spans show ``score`` and ``model`` inline.
    """
    # Attribute sets repeat: each distinct stored text is made canonical once.
    canonical: dict[str | None, str] = {}
    current: int | None = None
    items: list[SpanRow] = []
    for layer_id, span_id, label, start, end, raw, score, model, note in rows:
        if layer_id != current:
            current, items = layer_id, []
            payloads[layer_id][1]["spans"] = SpanRows(items)
        attributes = canonical.get(raw)
        if attributes is None:
            attributes = canonical[raw] = dumps(stored_attributes(raw))
        extras = None
        if model is not None:
            extras = suggestion_fields(score, model, layer_id in inline)
        if note is not None:
            extras = (extras or {}) | {"note": note}
        items.append((span_id, label, start, end, attributes, extras))
