"""Who will see the suggestions a button writes, and when, by the project's ``suggestions``
setting: said before "Suggest now" or "Train now" is pressed, and asked first when annotators
would see them while annotating (their judgments may lean on them).

"Suggest now" writes every document's suggestions; a training then writes those of the
documents nobody has begun (:mod:`annotator.services.assist.batch_suggestions`). Who sees
them is :func:`annotator.services.assist.suggesting.hidden_reason`'s rule, counted here over
the project's assignments: ``on`` every annotator of an open document, ``after_done`` only
on a document they have marked done, ``off`` none. Reviewers always see them, and active
annotators alone are counted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from annotator.core.project_settings import suggestions_mode
from annotator.core.vocabulary import OPEN_STATUSES, SUGGESTIONS
from annotator.core.wording import counted
from annotator.models import Assignment, Document, Layer, Project, User
from annotator.services.accounts.permissions import may_review
from annotator.services.assist.waiting import waiting_conditions

#: What each setting means to an annotator, said first.
_SETTING_SAID = {
    "on": "Annotators see suggestions from the start in this project",
    "after_done": "Annotators see suggestions only on documents they have marked done",
    "off": "Annotators never see suggestions in this project (a blind pass)",
}


@dataclass(frozen=True)
class SuggestionAudience:
    """The annotators who will see new suggestions, on how many documents, and when.

    ``waiting``: the suggestions go to the documents nobody has begun (after a training),
    not to every document (Suggest now). ``mid_document``: of ``annotators``, those in the
    middle of one of these documents now. ``scope``: how many documents a prediction named
    wrote to, when it named some (None: the project's documents), so that the sentence
    speaks of those documents and not of the project.
    """

    mode: str
    waiting: bool
    annotators: int
    documents: int
    mid_document: int
    scope: int | None = None

    @property
    def while_annotating(self) -> bool:
        """Tell whether annotators would see the suggestions while annotating: the case a
        button asks about first."""
        return self.mode == "on" and self.annotators > 0

    def who(self) -> str:
        """Say who will see the suggestions and when, without the setting."""
        people = counted(self.annotators, "annotator")
        if self.mode == "off":
            return "no annotator will see them"
        if self.scope == 0:
            return "no document got suggestions, so no annotator sees new ones"
        # A prediction of named documents speaks of them, never of the project's others.
        these = (
            "a document"
            if self.scope is None
            else "this document"
            if self.scope == 1
            else "one of these documents"
        )
        if self.mode == "after_done":
            if self.waiting:
                return (
                    "a training then suggests on the documents nobody has begun, which their "
                    "annotators see once they have marked them done"
                )
            if not self.annotators:
                return f"no annotator has marked {these} done yet, and nobody sees them before"
            return (
                f"{people} will see them on {counted(self.documents, 'document')} next time "
                f"they open {'it' if self.documents == 1 else 'one'}; nobody sees them before "
                "marking a document done"
            )
        if self.waiting:
            return "a training then suggests on the documents nobody has begun, and " + (
                f"{people} will see them on starting one"
                if self.annotators
                else "no annotator has one waiting now"
            )
        if self.scope is not None:
            if not self.annotators:
                return f"no annotator has {these} open now"
            said = f"{people} with {these} open will see them next time they open it"
        elif not self.annotators:
            return "no annotator has an open document now"
        else:
            said = f"{people} with open documents will see them next time they open one"
        if self.mid_document:
            said += f", {self.mid_document} of them in the middle of a document"
        return said

    def asked(self) -> str:
        """Say why a button asks first: who would see the suggestions while annotating."""
        who = self.who()
        return f"{who[:1].upper()}{who[1:]}: their judgments may lean on them."

    def said(self) -> str:
        """Say the setting, who will see the suggestions and when, and that reviewers do."""
        reviewers = "Reviewers see them." if self.mode == "off" else "Reviewers see them too."
        return f"{_SETTING_SAID[self.mode]}: {self.who()}. {reviewers}"

    def as_json(self) -> dict[str, Any]:
        """The audience as the API answers it, with the sentence the pages say."""
        return {
            "setting": self.mode,
            "annotators": self.annotators,
            "documents": self.documents,
            "mid_document": self.mid_document,
            "said": self.said(),
        }


def suggest_now_audience(session: Session, project: Project) -> SuggestionAudience:
    """Count who will see the suggestions Suggest now writes, on every document."""
    return _audience(session, project, waiting=False)


def training_audience(session: Session, project: Project) -> SuggestionAudience:
    """Count who will see the suggestions a training writes, on the documents nobody has begun."""
    return _audience(session, project, waiting=True)


def predicted_audience(
    session: Session, project: Project, report: Mapping[str, Any], *, named: bool
) -> SuggestionAudience:
    """Count who will see what a prediction just wrote: with ``named`` documents, those of
    ``report`` (the answer of :func:`~annotator.services.assist.predicting.predict_documents`)
    it wrote suggestions to; else the project's documents that hold suggestions now, which
    are the ones it wrote to (it removed those of the documents skipped as learned from), so
    the count is exact: an annotator whose only documents the model learned from sees none.

    Said after a write that asked nobody first (``assist predict``, the API's predict), so
    that whoever ran it learns whether annotators will see them while annotating.
    """
    if not named:
        return _audience(session, project, waiting=False, written=True)
    reached = {*report["documents"], *report["labels_documents"]}
    counted_over = _audience(session, project, waiting=False, external_ids=reached)
    return replace(counted_over, scope=len(reached))


def _audience(
    session: Session,
    project: Project,
    *,
    waiting: bool,
    external_ids: Collection[str] | None = None,
    written: bool = False,
) -> SuggestionAudience:
    """Count the audience; ``written``: over the documents holding suggestions only."""
    mode = suggestions_mode(project.schema)
    if mode == "off" or (external_ids is not None and not external_ids):
        return SuggestionAudience(mode, waiting, 0, 0, 0)
    conditions: list[Any] = [Document.project_id == project.id, User.active.is_(True)]
    conditions.append(_sees(mode))
    if waiting:
        conditions.extend(waiting_conditions())
    if external_ids is not None:
        conditions.append(Document.external_id.in_(list(external_ids)))
    if written:
        conditions.append(
            exists().where(Layer.document_id == Document.id, Layer.key == SUGGESTIONS)
        )
    rows = session.execute(
        select(
            User,
            func.count(func.distinct(Assignment.document_id)),
            func.count(Assignment.id).filter(Assignment.status == "in_progress"),
        )
        .join(Assignment, Assignment.user_id == User.id)
        .join(Document, Document.id == Assignment.document_id)
        .where(*conditions)
        .group_by(User.id)
    ).all()
    # Reviewers (globally, or of this project) always see suggestions: they are no audience
    # to warn about, and hidden_reason's rule is may_review's, asked here the same way.
    annotators = [row for row in rows if not may_review(session, row[0], project.id)]
    documents = session.scalar(
        select(func.count(func.distinct(Assignment.document_id)))
        .join(Document, Document.id == Assignment.document_id)
        .join(User, User.id == Assignment.user_id)
        .where(*conditions, Assignment.user_id.in_([row[0].id for row in annotators]))
    )
    mid = sum(1 for row in annotators if row[2])
    return SuggestionAudience(mode, waiting, len(annotators), documents or 0, mid)


def _sees(mode: str) -> ColumnElement[bool]:
    """The assignments whose annotator sees the document's suggestions under ``mode``."""
    if mode == "after_done":
        # Marked done once: reopening it does not hide them again (hidden_reason).
        return or_(Assignment.status == "done", Assignment.first_done_at.is_not(None))
    return Assignment.status.in_(OPEN_STATUSES)
