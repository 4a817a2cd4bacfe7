"""Who decided a gold item when a reviewer edits the gold layer directly (``?layer=gold``).

Adjudication from the review page records the annotator layers an item came from; an item
written straight into gold records the reviewer and ``gold`` as its source.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import DOCUMENT_UNIT, LabelValue, Layer, User

DIRECT_EDIT = "gold"


def gold_decision(layer: Layer, user: User | None) -> dict[str, Any]:
    """Return the provenance columns of a row ``user`` writes in ``layer`` (none outside gold).

    Services set them before their flush, so that recording them costs no extra statement.
    """
    if user is None or layer.user_id is not None:
        return {}
    return {"decided_by_id": user.id, "source_layer": DIRECT_EDIT}


def record_gold_label(
    session: Session, layer: Layer, sentence: int | None, name: str, user: User
) -> None:
    """Mark a gold label value just set by ``user`` as decided in gold itself."""
    if layer.user_id is not None:
        return
    unit = DOCUMENT_UNIT if sentence is None else sentence
    row = session.scalar(
        select(LabelValue).where(
            LabelValue.layer_id == layer.id,
            LabelValue.sentence_index == unit,
            LabelValue.name == name,
        )
    )
    if row is not None:  # None when the value was cleared
        row.decided_by_id = user.id
        row.source_layer = DIRECT_EDIT
