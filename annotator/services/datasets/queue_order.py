"""The order of an annotator's queue: by document, or most uncertain for the model first.

With the project's ``queue_order`` set to ``uncertainty``, the documents the model was least
sure of when it last suggested come first (:class:`~annotator.models.DocumentUncertainty`,
written by :func:`annotator.services.assist.predicting.predict_documents`, so that ordering
never runs the model); documents it has not scored come after them. Ties, and the unscored
documents, follow a fixed pseudo-random order (a multiplicative hash of the id with
:data:`QUEUE_SEED`), the same for every annotator and every request: the K annotators of a
document reach it at about the same time, so its gold, which teaches the model most, comes
soon. The order only sorts each annotator's own assignments, so who annotates what (K
annotators per document, balanced loads) stays the assignment's rule.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import BigInteger, Select, cast, literal

from annotator.models import Document, DocumentUncertainty, Project

#: The seed of the order among documents of equal (or no) uncertainty.
QUEUE_SEED = 12
# Knuth's multiplicative hash: spreads consecutive ids over 32 bits, in SQLite and PostgreSQL.
_MULTIPLIER, _MODULUS = 2654435761, 2**32

Query = TypeVar("Query", bound=Select[Any])


def by_uncertainty(project: Project) -> bool:
    """Tell whether the project orders its queues by the model's uncertainty."""
    return project.schema.get("queue_order") == "uncertainty"


def order_queue(query: Query, project: Project) -> Query:
    """Order a query of the project's documents as its annotators' queues are ordered."""
    if not by_uncertainty(project):
        return query.order_by(Document.id)
    big = cast(Document.id, BigInteger)  # PostgreSQL's integer would overflow
    scrambled = ((big + QUEUE_SEED) * literal(_MULTIPLIER, BigInteger)) % literal(
        _MODULUS, BigInteger
    )
    return query.outerjoin(
        DocumentUncertainty, DocumentUncertainty.document_id == Document.id
    ).order_by(DocumentUncertainty.value.desc().nulls_last(), scrambled, Document.id)
