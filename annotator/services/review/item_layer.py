"""Which annotator's layer an item to accept into gold is in: never gold's, nor the
suggestions', whose items are not an annotator's version of anything."""

from __future__ import annotations

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.models import Document, Layer
from annotator.services.accounts.permissions import require_review
from annotator.services.gold.lock import require_gold_open


def annotator_layer(session: Session, layer_id: int) -> Layer:
    """Return the annotator's layer ``layer_id`` an item to accept is in.

    :raises Invalid: it is gold, or the suggestions layer.
    """
    layer = session.get(Layer, layer_id)
    if layer is None or layer.user_id is None:  # gold, or the suggestions layer
        raise Invalid("only an annotator's item can be accepted into gold")
    return layer


def adjudicated_document(session: Session, reviewer: Actor, layer_id: int) -> Document:
    """Return the document of an annotator's item to accept into gold, once the reviewer may
    adjudicate there and its gold is open: the checks every accept of a span, a relation or
    a label makes first.

    :raises Invalid: the item is gold's or a suggestion (:func:`annotator_layer`).
    :raises Forbidden: the reviewer may not review the project.
    :raises Conflict: gold is marked final.
    """
    layer = annotator_layer(session, layer_id)
    document = session.get(Document, layer.document_id)
    assert document is not None
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
    return document
