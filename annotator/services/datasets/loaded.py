"""A document of an export batch, loaded with its sentences and layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.formats import RawJSON


@dataclass(slots=True)
class LoadedDocument:
    """A document with its sentences and every layer, ready to serialise."""

    id: int
    external_id: str
    title: str | None
    meta: dict[str, Any]
    text: str
    #: ``{"index", "start", "end"}`` items (or, read with ``raw``, their JSON array).
    sentences: list[dict[str, int]] | RawJSON
    #: annotator name -> (status, layer payload); assigned annotators without a layer get an
    #: empty payload, annotators with a layer but no assignment a None status.
    layers: dict[str, tuple[str | None, dict[str, Any]]] = field(default_factory=dict)
    gold: dict[str, Any] | None = None
    #: The suggestions layer, when the export asked for it and the document has one.
    suggestions: dict[str, Any] | None = None
    #: Layer rows that exist: layer name (a username, or ``gold``) -> layer id.
    layer_ids: dict[str, int] = field(default_factory=dict)
    #: The document's gold status (``open``, ``in_review``, ``final``): its gold layer's status.
    gold_status: str | None = None


#: layer id -> (its document, its layer payload), what the batch's rows are filled into.
Payloads = dict[int, tuple[LoadedDocument, dict[str, Any]]]
