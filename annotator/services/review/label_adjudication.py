"""Accepting an annotator's sentence or document label value into gold, and setting gold's
value of a label field (which the unanimous accept writes through too)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.core.caller import Actor
from annotator.core.errors import NotFound
from annotator.core.gold_source import Source
from annotator.db import AppSession
from annotator.models import DOCUMENT_UNIT, Document, LabelValue
from annotator.services.annotation import labels
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.gold.lock import require_gold_open
from annotator.services.history import acts_as, deciding
from annotator.services.review.givers import chosen_label
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.item_layer import adjudicated_document


@acts_as("reviewer")
def accept_label(session: AppSession, reviewer: Actor, label_id: int) -> LabelValue:
    """Copy an annotator's sentence or document label value into gold."""
    row = session.get(LabelValue, label_id)
    if row is None:
        raise NotFound(f"no label value {label_id}")
    document = adjudicated_document(session, reviewer, row.layer_id)
    source = chosen_label(session, document, row.sentence_index, row.name, row.value)
    return set_gold_label(
        session, reviewer, document, row.sentence_index, row.name, row.value, source
    )


@acts_as("reviewer")
def set_gold_label(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    unit: int,
    name: str,
    value: Any,
    source: Source,
    *,
    held: bool = False,
) -> LabelValue:
    """Set gold's value of a sentence (or, with ``DOCUMENT_UNIT``, document) label field,
    recording ``source`` as where it came from.

    :param held: the caller has held the document's gold and found it open in this
        transaction (an accept of many items): not asked again for each label.
    """
    if not held:
        require_gold_open(session, document)
    gold = ensure_layer(session, document, None)
    sentence = None if unit == DOCUMENT_UNIT else unit
    with deciding(session, source):
        labels.set_label(session, gold, sentence, name, value)
    row = session.scalars(
        select(LabelValue).where(
            LabelValue.layer_id == gold.id,
            LabelValue.sentence_index == unit,
            LabelValue.name == name,
        )
    ).one()
    record_decision(row, reviewer, source)
    mark_in_review(session, document, reviewer)
    session.flush()
    return row
