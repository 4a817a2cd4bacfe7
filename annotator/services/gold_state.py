"""The rule of a document's gold status, as SQL: the one home below the review and the export.

A reviewer's stored status stands (``final``, a reopened ``open``, or ``in_review`` from the
first decision); without one a document is ``in_review`` once its gold layer holds anything,
else ``open``. The review (:mod:`annotator.services.review.gold_status`: each document's
status, the review list's final documents) and the export (``gold_status`` filter,
:mod:`annotator.services.datasets.batches`) both read it from here, so that "final" means the
same documents on the review list and in a dataset.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, exists, func, or_, select

from annotator.models import GOLD, Document, GoldStatus, LabelValue, Layer, Span


def gold_status_column() -> ColumnElement[str]:
    """Return the gold status of the ``document`` row a query reads (correlated to it)."""
    stored = (
        select(GoldStatus.status).where(GoldStatus.document_id == Document.id).scalar_subquery()
    )
    # Relations join spans, so a gold layer that holds anything holds a span or a label.
    holds = or_(
        *(
            exists(
                select(Layer.id)
                .join(model, model.layer_id == Layer.id)
                .where(Layer.document_id == Document.id, Layer.key == GOLD)
            )
            for model in (Span, LabelValue)
        )
    )
    return func.coalesce(stored, case((holds, "in_review"), else_="open"))


def gold_status_is(status: str) -> ColumnElement[bool]:
    """Return the condition that the ``document`` row a query reads has this gold status."""
    return gold_status_column() == status
