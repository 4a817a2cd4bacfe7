"""Fixing a document's sentence boundaries: what a split and a merge share.

A reviewer (or an admin) corrects the splitter before or after annotation, by a split
(:mod:`annotator.services.datasets.sentence_split`) or a merge
(:mod:`annotator.services.datasets.sentence_merge`). Spans are stored by offsets into the
text, which never changes, so they stay exactly where they are; what moves is every layer's
sentence labels (annotators', gold, suggestions), which are stored by the sentence's position
(``LabelValue.sentence_index``): :func:`shift_from` moves them with their sentences.

Each change is recorded in the audit log with the offsets before and after. Exports, the
agreement report and the workspace read the sentences from the database, so they use the
corrected ones from then on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import NotFound
from annotator.models import AuditEntry, Document, LabelValue, Layer, Project, Sentence
from annotator.services import audit_log
from annotator.services.accounts import audit, permissions
from annotator.services.documents_said import document_named


def last_sentence_edit(session: Session, document_id: int) -> datetime | None:
    """Return when the document's sentences were last split or merged, or None if never.

    Sentence labels are kept by position, which a split or merge changes.
    """
    target = f"{audit.document_target(document_id)} sentence %"
    return session.scalar(
        select(func.max(AuditEntry.created_at))
        .where(AuditEntry.action.in_(("sentence.split", "sentence.merge")))
        .where(AuditEntry.target.like(target))
    )


def find_sentence(
    session: Session,
    actor: Actor | None,
    document: Document,
    index: int,
    action: str,
    lock: bool = True,
) -> Sentence:
    """Return sentence ``index`` of ``document`` for an edit named ``action``.

    :param actor: must review the project; None on the command line.
    :param lock: hold the document's row, so that one edit of its sentences runs at a time.
    :raises NotFound: the document has no such sentence.
    """
    if actor is not None:
        permissions.require_review(session, actor, document.project_id, action)
    if lock:
        # One sentence edit of a document at a time: the positions below are read, then moved.
        session.execute(select(Document.id).where(Document.id == document.id).with_for_update())
    sentence = session.scalar(
        select(Sentence).where(Sentence.document_id == document.id, Sentence.index == index)
    )
    if sentence is None:
        named = document_named(session, document)
        raise NotFound(f"document {named} has no sentence {index}")
    return sentence


def shift_from(session: Session, document_id: int, index: int, by: int) -> None:
    """Move the sentences at positions ``index`` and after, and every layer's labels on them,
    by ``by`` positions.

    In two steps through negative positions, because both tables have a UNIQUE constraint on
    the position that a one-step ``+ 1`` could break half way through (rows are checked one
    at a time, in no promised order).
    """
    layers = select(Layer.id).where(Layer.document_id == document_id).scalar_subquery()
    for model, position, owner, kept in (
        (Sentence, Sentence.index, Sentence.document_id == document_id, {}),
        # A value moved is not given again: its given time stays (core/given_targets).
        (
            LabelValue,
            LabelValue.sentence_index,
            LabelValue.layer_id.in_(layers),
            {LabelValue.updated_at: LabelValue.updated_at},
        ),
    ):
        session.execute(
            update(model)
            .where(owner, position >= index)
            .values({position: -position - 1, **kept})
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(model)
            .where(owner, position < -1)  # -1 is a document label's position, never moved
            .values({position: -position - 1 + by, **kept})
            .execution_options(synchronize_session=False)
        )
    session.expire_all()


def sentence_json(sentence: Sentence) -> dict[str, int]:
    """Return a sentence as an edit's answer and audit entry show it."""
    return {"index": sentence.index, "start": sentence.start, "end": sentence.end}


def record_edit(
    session: Session,
    actor: Actor | None,
    document: Document,
    action: str,
    index: int,
    before: Any,
    after: Any,
) -> None:
    """Record a sentence edit of ``document`` in the audit log, with offsets before and after."""
    project = session.get(Project, document.project_id)
    assert project is not None  # a document's project is a foreign key
    audit_log.record(
        session,
        actor,
        action,
        project_slug=project.slug,
        target=audit.document_target(document.id, index),
        before=before,
        after=after,
    )
