"""Putting back a deleted span or relation by its id: the workspace's undo of a removal.

The rule is :func:`annotator.services.review.restore.restore_deletion`, the history's restore
of the item's latest deletion: the item keeps its id (a span its note, attributes and the
relations that went with it, theirs too). Written as every other write of a row by its id:
to the caller's own layer, or gold with ``?layer=gold``.
"""

from __future__ import annotations

from typing import Any

from annotator.api import bp, caller
from annotator.api import fields as f
from annotator.api.idempotency import keyless
from annotator.api.layer_query import asked_layer
from annotator.db import get_session
from annotator.models import Relation, Span
from annotator.services.annotation.payloads import (
    relation_payload,
    sentence_starts,
    span_payload,
)
from annotator.services.datasets.documents import get_document
from annotator.services.review.restore import restore_deletion


# Keyless: a repeat of a restore that landed is refused (409 naming the item back), never
# applied twice, so there is no first answer to replay.
@bp.post("/documents/<int:document_id>/spans/<int:span_id>/restore")
@keyless
def restore_span(document_id: int, span_id: int) -> Any:
    """Put back a deleted span with its id, note, attributes and the relations removed
    with it; 409 when it (or an identical span) is in the layer again."""
    user = caller()
    session = get_session()
    document = get_document(session, f.row_id(document_id, "document"))
    restored = restore_deletion(
        session, user, document, "span", f.row_id(span_id, "span"), asked_layer()
    )
    span = session.get(Span, restored.item)
    assert span is not None  # just restored
    answer = span_payload(span, document.text, sentence_starts(document), include_version=True)
    answer["relations"] = [
        relation_payload(session.get(Relation, relation_id))  # type: ignore[arg-type]
        for relation_id in restored.relation_ids
    ]
    answer["skipped"] = restored.skipped
    session.commit()
    return answer


@bp.post("/documents/<int:document_id>/relations/<int:relation_id>/restore")
@keyless
def restore_relation(document_id: int, relation_id: int) -> Any:
    """Put back a deleted relation with its id and note; 409 when it is there again."""
    user = caller()
    session = get_session()
    document = get_document(session, f.row_id(document_id, "document"))
    restored = restore_deletion(
        session, user, document, "relation", f.row_id(relation_id, "relation"), asked_layer()
    )
    relation = session.get(Relation, restored.item)
    assert relation is not None  # just restored
    answer = relation_payload(relation)
    session.commit()
    return answer
