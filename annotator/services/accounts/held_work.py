"""An annotator's work on documents: whether they hold some, what, and deleting it.

What taking documents back asks (:mod:`~annotator.services.accounts.assignment`'s
``unassign`` and ``reassign``, :mod:`~annotator.services.accounts.unfinished`): a document
holding work stays its annotator's unless forced, and what forcing deletes is counted.
"""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from annotator.models import Assignment, DocumentNote, LabelValue, Layer, Relation, Span, User
from annotator.services.id_chunks import chunks

#: A document note that holds work: words, or the "unsure" mark.
_NOTE_SAYS_SOMETHING = or_(DocumentNote.note != "", DocumentNote.unsure.is_(True))


def with_work(session: Session, user: User, document_ids: list[int]) -> set[int]:
    """Return which of ``document_ids`` hold work of ``user``: a span, a label or a note.

    A relation needs two spans, so spans and labels cover every row of a layer.
    """
    found: set[int] = set()
    for chunk in chunks(document_ids):
        layers = select(Layer.document_id).where(
            Layer.user_id == user.id, Layer.document_id.in_(chunk)
        )
        for model in (Span, LabelValue):
            found.update(session.scalars(layers.join(model, model.layer_id == Layer.id)))
        found.update(
            session.scalars(
                select(DocumentNote.document_id).where(
                    DocumentNote.user_id == user.id,
                    DocumentNote.document_id.in_(chunk),
                    _NOTE_SAYS_SOMETHING,
                )
            )
        )
    return found


def work_counts(session: Session, user: User, document_ids: list[int]) -> dict[str, int]:
    """Count what ``user``'s layers and notes on ``document_ids`` hold: what deleting loses."""
    if not document_ids:
        return {}
    counts = {"spans": 0, "relations": 0, "label_values": 0, "notes": 0}
    for chunk in chunks(document_ids):
        layers = select(Layer.id).where(Layer.user_id == user.id, Layer.document_id.in_(chunk))
        for name, model in (("spans", Span), ("relations", Relation), ("label_values", LabelValue)):
            query = select(func.count()).select_from(model)
            counts[name] += session.scalar(query.where(model.layer_id.in_(layers))) or 0
        notes = select(func.count()).select_from(DocumentNote)
        said = _NOTE_SAYS_SOMETHING
        mine = DocumentNote.user_id == user.id
        counts["notes"] += (
            session.scalar(notes.where(mine, said, DocumentNote.document_id.in_(chunk))) or 0
        )
    return counts


def remove_work(session: Session, user: User, document_ids: list[int]) -> None:
    """Delete ``user``'s assignments, layers (with their rows) and notes on these documents."""
    session.flush()
    for chunk in chunks(document_ids):
        # The database deletes each layer's spans, relations and labels (ON DELETE CASCADE).
        for model in (Assignment, Layer, DocumentNote):
            session.execute(
                delete(model).where(model.user_id == user.id, model.document_id.in_(chunk))
            )
