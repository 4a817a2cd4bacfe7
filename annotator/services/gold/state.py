"""The rule of a document's gold status, as SQL: the one home below the review and the export.

A reviewer's stored status stands (``final``, a reopened ``open``, or ``in_review`` from the
first decision); without one a document is ``in_review`` once its gold layer holds anything,
else ``open``. The review (:mod:`annotator.services.review.gold_status`: each document's
status, the review list's final documents) and the export (``gold_status`` filter,
:mod:`annotator.services.datasets.batches`) both read it from here, so that "final" means the
same documents on the review list and in a dataset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, exists, func, or_, select, true
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.vocabulary import FINAL
from annotator.db import AppSession
from annotator.models import (
    GOLD,
    Document,
    GoldDecision,
    GoldStatus,
    LabelValue,
    Layer,
    LayerChange,
    Project,
    Span,
    utcnow,
)
from annotator.services.gold.writes import note_gold_write
from annotator.services.history import acting, record_status

#: Documents per query when many are read at once.
_BATCH = 500


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


def write_gold_status(
    session: AppSession,
    document_id: int,
    row: GoldStatus | None,
    before: str,
    status: str,
    actor: Actor | None,
) -> None:
    """Store a document's gold status as a reviewer sets it: its row naming who set it, and
    the change in the gold layer's history when the status it read before differs.

    :param row: the document's stored row, None when it has none yet.
    """
    updated_by = None if actor is None else actor.id
    if row is None:
        session.add(GoldStatus(document_id=document_id, status=status, updated_by_id=updated_by))
    else:
        row.status, row.updated_by_id = status, updated_by
        # Set again, as it was, it is set now all the same: a reviewer who marks gold final
        # again has looked at what changed since (review/changed_after_final.py).
        row.updated_at = utcnow()
    session.flush()
    if before != status:
        record_status(session, document_id, None, before, status, actor=actor)
    if before != status and FINAL in (before, status):
        # What a training learns from by default changed (ReferenceGold): a project that
        # trains by itself looks again, as after a gold write.
        note_gold_write(session, document_id)


def restore_gold_statuses(
    session: AppSession, statuses: Mapping[int, str], actor: Actor | None
) -> None:
    """Give imported documents the gold status their file says (document id -> status).

    A document whose gold already reads so (by the rule above, once the import's layers are
    stored) is left as it is, so that an export of statuses the rule gave comes back with no
    rows; the others are set as a reviewer sets them (:func:`write_gold_status`), by the
    import (``actor`` None: the command line).
    """
    ids = sorted(statuses)
    for first in range(0, len(ids), _BATCH):
        chunk = ids[first : first + _BATCH]
        query = select(Document.id, gold_status_column()).where(Document.id.in_(chunk))
        now = {document_id: status for document_id, status in session.execute(query)}
        rows = {
            row.document_id: row
            for row in session.scalars(select(GoldStatus).where(GoldStatus.document_id.in_(chunk)))
        }
        with acting(session, actor, "import"):
            for document_id in chunk:
                status = statuses[document_id]
                if now[document_id] != status:
                    row = rows.get(document_id)
                    write_gold_status(session, document_id, row, now[document_id], status, actor)


#: The history's source of a layer's rows an import wrote (:func:`annotator.services.history.
#: acting`).
IMPORTED = "import"
#: The sources on gold that are no reviewer's hand: an import, and the tools that rewrite what
#: is there without deciding anything (``db copies --merge``; a schema rename, which reaches
#: only gold marked final). Any other is (their writes, restores, accepted unanimous items).
NOT_REVIEWED = (IMPORTED, "merge", "schema")


def unreviewed_imported_gold(session: Session, project: Project) -> set[int]:
    """Return the ids of ``project``'s documents whose gold came in by an import and that no
    reviewer has touched since: no write to gold from anywhere else, no decision on it, not
    marked final (an import that says final says it was reviewed where it came from).

    Such gold is pre-annotation, not a reference: agreement's "Against gold" leaves it out
    (:mod:`annotator.services.agreement.corpus`). Gold with no history at all (written
    before the history was kept) is taken as reviewed, as it always was.
    """
    change = LayerChange.__table__.c
    in_project = select(Document.id).where(Document.project_id == project.id)
    on_gold = (change.layer_key == GOLD) & change.document_id.in_(in_project)
    imported = set(
        session.scalars(select(change.document_id).where(on_gold, change.source == IMPORTED))
    )
    if not imported:
        return set()
    touched = set(
        session.scalars(
            select(change.document_id).where(on_gold, change.source.not_in(NOT_REVIEWED))
        )
    )
    decided = set(
        session.scalars(
            select(GoldDecision.document_id).where(GoldDecision.document_id.in_(in_project))
        )
    )
    final = set(
        session.scalars(
            select(Document.id).where(Document.id.in_(imported), gold_status_is("final"))
        )
    )
    return imported - touched - decided - final


#: What names the opt-in to gold still in review, on each face (a refusal names them all).
INCLUDE_IN_REVIEW_SAID = (
    '--include-in-review on the command line, "include_in_review": true over the API, '
    "or the page's “Include gold still in review”"
)


@dataclass(frozen=True)
class ReferenceGold:
    """Which documents' gold counts as the reference: the one home of that rule, read by the
    training (:mod:`annotator.services.assist.training_data`), by agreement's "Against gold"
    (:mod:`annotator.services.agreement.corpus`) and by the model's scores against gold
    (:mod:`annotator.services.agreement.model`).

    Gold a reviewer marked final counts. Gold still in review (or reopened) is half decided:
    items waiting for a reviewer are not yet in it, and a model would learn them as "not a
    claim", an annotator would be scored against them. It counts only when a caller asks
    (``include_in_review``). Imported gold no reviewer has touched never counts
    (:func:`unreviewed_imported_gold`): it is pre-annotation, not a reference.
    """

    include_in_review: bool
    #: The project's documents whose gold is an import no reviewer has touched.
    unreviewed: frozenset[int]

    def counts(self) -> ColumnElement[bool]:
        """Return the condition, on the ``document`` row a query reads, that its gold counts."""
        if not self.include_in_review:
            # Unreviewed imported gold is never final: final alone leaves it out too.
            return gold_status_is(FINAL)
        if not self.unreviewed:
            return true()
        return Document.id.not_in(sorted(self.unreviewed))

    def left_out(self, session: Session, project: Project) -> LeftOutGold:
        """Return the documents of ``project`` with a gold layer whose gold does not count,
        by why: imported and unreviewed, or not final (only when in-review gold is not asked
        for)."""
        with_gold = select(Layer.document_id).where(Layer.key == GOLD)
        found = set(
            session.scalars(
                select(Document.id).where(
                    Document.project_id == project.id, Document.id.in_(with_gold), ~self.counts()
                )
            )
        )
        return LeftOutGold(found - self.unreviewed, found & self.unreviewed)


@dataclass(frozen=True)
class LeftOutGold:
    """Documents whose gold layer does not count (:class:`ReferenceGold`), by why."""

    #: Gold not marked final (in review, or reopened), left out unless asked for.
    in_review: set[int]
    #: Gold imported and untouched since (:func:`unreviewed_imported_gold`).
    unreviewed: set[int]


def reference_gold(
    session: Session, project: Project, *, include_in_review: bool = False
) -> ReferenceGold:
    """Return which of ``project``'s gold counts as the reference (:class:`ReferenceGold`).

    :param include_in_review: count gold still in review too (never unreviewed imported gold).
    """
    unreviewed = frozenset(unreviewed_imported_gold(session, project))
    return ReferenceGold(include_in_review, unreviewed)
