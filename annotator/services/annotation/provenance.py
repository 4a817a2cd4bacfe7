"""Who decided a gold item, and from which layers: the provenance columns of gold rows.

Adjudication (:mod:`annotator.services.review`) records the annotator layers an item came
from; an item written straight into gold (``?layer=gold``) records the reviewer and
``gold`` as its source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.core.caller import Actor
from annotator.core.gold_source import WRITTEN_SOURCE, Source, source_columns
from annotator.models import LabelValue, Layer, Relation, Span

if TYPE_CHECKING:
    from annotator.services.annotation.write_target import LayerRef


def decision(reviewer: Actor, source: Source) -> dict[str, Any]:
    """Return the provenance columns of a gold row ``reviewer`` decided, from ``source``
    (:func:`annotator.core.gold_source.source_columns`)."""
    return {"decided_by_id": reviewer.id, **source_columns(source)}


def record_decision(row: Span | Relation | LabelValue, reviewer: Actor, source: Source) -> None:
    """Record on a gold row who decided it, how, and who gave exactly it."""
    for column, value in decision(reviewer, source).items():
        setattr(row, column, value)


def gold_decision(layer: Layer | LayerRef, user: Actor | None) -> dict[str, Any]:
    """Return the provenance columns of a row ``user`` writes in ``layer`` (none outside gold).

    Services set them before their flush, so that recording them costs no extra statement.
    """
    if user is None or not layer.is_gold:
        return {}
    return decision(user, WRITTEN_SOURCE)
