"""The layers of a document that the review compares: each annotator's rows, by name."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.vocabulary import COUNTED_STATUSES
from annotator.models import Assignment, Document, LabelValue, Layer, Relation, Span, User


@dataclass
class DocumentLayer:
    """One annotator's layer of a document, as rows."""

    name: str
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    labels: list[LabelValue] = field(default_factory=list)


def document_layers(session: Session, document: Document) -> list[DocumentLayer]:
    """Return the layers of everyone who annotated ``document``, by name.

    Everyone with a layer row, and everyone assigned it in a counted status (as the
    agreement corpus counts them).
    """
    names: dict[str, int | None] = {}
    for username, layer_id in session.execute(
        select(User.username, Layer.id)
        .join(Layer, Layer.user_id == User.id)
        .where(Layer.document_id == document.id)
    ):
        names[username] = layer_id
    for (username,) in session.execute(
        select(User.username)
        .join(Assignment, Assignment.user_id == User.id)
        .where(Assignment.document_id == document.id, Assignment.status.in_(COUNTED_STATUSES))
    ):
        names.setdefault(username, None)
    return [load_layer(session, name, names[name]) for name in sorted(names)]


def assigned_count(session: Session, document: Document) -> int:
    """Return how many annotators ``document`` is assigned to, whatever they have done."""
    query = select(func.count()).select_from(Assignment)
    return session.scalar(query.where(Assignment.document_id == document.id)) or 0


def load_layer(session: Session, name: str, layer_id: int | None) -> DocumentLayer:
    """Return the rows of one layer under ``name`` (empty when it has no row yet)."""
    layer = DocumentLayer(name)
    if layer_id is None:
        return layer
    layer.spans = list(
        session.scalars(
            select(Span).where(Span.layer_id == layer_id).order_by(Span.start, Span.end)
        )
    )
    layer.relations = list(session.scalars(select(Relation).where(Relation.layer_id == layer_id)))
    layer.labels = list(
        session.scalars(
            select(LabelValue)
            .where(LabelValue.layer_id == layer_id)
            .order_by(LabelValue.sentence_index, LabelValue.name)
        )
    )
    return layer
