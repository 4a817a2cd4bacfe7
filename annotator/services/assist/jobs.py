"""A training job: claim the project's training, check it is due, train, store the model.

The claim (:mod:`annotator.services.assist.training_claim`) is committed at once, then the
gold is read, the model trained outside any transaction and stored with the claim cleared in
one last transaction.

Once it holds the claim, a training asks again whether it is still due, since another may
have ended while it waited: an automatic one whether ``train_every`` new documents to learn
from (span or label gold) came since the newest training (:func:`training_due`), one a
reviewer asked for whether a model was stored since they asked. That second look is what
makes several workers asked at once store exactly one new version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.assist.gold import GoldDocument
from annotator.core.errors import AnnotatorError, Conflict, Invalid
from annotator.core.project_settings import train_every, trains_by_itself
from annotator.core.times import as_utc
from annotator.engine import sqlite_begin_mode
from annotator.models import AssistJob, AssistModel, Document, Project, User, utcnow
from annotator.services.assist.batch_suggestions import suggest_for_waiting
from annotator.services.assist.label_models import (
    LabelGold,
    fields_refusal,
    label_gold,
    label_summary,
    labels_only_summary,
    store_label_models,
    train_labels,
    training_refusal,
)
from annotator.services.assist.training import (
    Trained,
    check_learned_under,
    model_summary,
    newest_summary,
    newest_training_at,
    newest_version,
    store_model,
    train_gold,
)
from annotator.services.assist.training_claim import claim, release, worker_name
from annotator.services.assist.training_data import (
    MIN_GOLD_DOCUMENTS,
    gold_documents,
    gold_left_out,
    left_out_said,
    span_document_count,
    span_labels,
    span_roles,
    too_little_to_learn,
    training_document_count,
)
from annotator.services.gold.state import LeftOutGold, reference_gold


@dataclass(frozen=True)
class Outcome:
    """How a training job ended: the model it stored, or why it stored none."""

    stored: dict[str, Any] | None = None  # the new model's summary
    busy: bool = False  # another worker held the claim
    not_due: bool = False  # nothing new to learn (or a model was stored since asked)
    error: str | None = None  # the training refused or failed (too little gold, say)


def training_due(session: Session, project: Project, asked_at: datetime | None = None) -> bool:
    """Tell whether a training of ``project`` would teach its model anything new.

    :param asked_at: a reviewer asked at that moment: due unless a model was stored since.
        Without it (an automatic training): due when the project's ``train_every`` is set
        and at least that many documents to learn from came since the newest model.
    """
    if asked_at is not None:
        stored = newest_training_at(session, project)
        return stored is None or as_utc(stored) < asked_at
    every = train_every(project.schema)
    if every <= 0:
        return False
    count = training_document_count(session, project)
    if count < MIN_GOLD_DOCUMENTS or count - _learned_documents(session, project) < every:
        return False
    # Label gold counts, yet may teach nothing (one value, too few examples) while span gold
    # is too little: not due, rather than a failed training after every gold write.
    span_refusal = too_little_to_learn(span_document_count(session, project))
    return training_refusal(session, project, span_refusal) is None


def training_projects(session: Session, documents: set[int]) -> list[int]:
    """Return the projects of ``documents`` whose model trains by itself after new gold
    (``train_every`` set, :func:`~annotator.core.project_settings.trains_by_itself`)."""
    found: list[int] = []
    ids = sorted(documents)
    for start in range(0, len(ids), 1000):  # a bounded IN list: SQLite's and any server's
        of_these = select(Document.project_id).where(Document.id.in_(ids[start : start + 1000]))
        rows = session.execute(select(Project.id, Project.schema).where(Project.id.in_(of_these)))
        found += [
            project_id
            for project_id, schema in rows
            if trains_by_itself(schema) and project_id not in found
        ]
    return found


def _learned_documents(session: Session, project: Project) -> int:
    """How many documents to learn from the newest training read: as its job recorded it
    (label gold included), else (a model stored before that was recorded, or loaded from a
    project file) the newest tagger's documents."""
    job = session.get(AssistJob, project.id)
    if job is not None and job.learned_documents is not None:
        return job.learned_documents
    newest = session.scalar(
        select(AssistModel.documents)
        .where(AssistModel.project_id == project.id)
        .order_by(AssistModel.version.desc())
        .limit(1)
    )
    return newest or 0


def run_training(
    open_session: Callable[[], Session],
    project_id: int,
    *,
    actor_id: int | None = None,
    asked_at: datetime | None = None,
    owner: str | None = None,
    suggest: bool = False,
    include_in_review: bool = False,
    trainer: Callable[[list[GoldDocument], list[str], dict[str, str]], Trained] = train_gold,
) -> Outcome:
    """Claim, check, train and store one model of the project; return how it ended.

    Each step has its own session and transaction (``open_session`` makes them): the
    claim, the read of the gold, and the store with the claim cleared; the training itself
    holds no transaction, so a minute of it never holds SQLite's write lock.

    :param asked_at: a reviewer's request (the button, the API, the CLI) made then;
        None for an automatic training after new gold (:func:`training_due`).
    :param trainer: what trains (:func:`~annotator.services.assist.training.train_gold`
        here, or :func:`~annotator.services.assist.isolated.train_in_child` in a process).
    :param include_in_review: learn from gold still in review too, not only from gold
        marked final (:class:`~annotator.services.gold.state.ReferenceGold`); a training by
        itself never does.
    :param suggest: once the model is stored, and still holding the claim, let it suggest
        for the documents waiting in annotators' queues (:func:`suggest_for_waiting`), so
        that their uncertainty, and with it the queue's order, is the new model's.
    """
    owner = owner or worker_name()
    with open_session() as session:
        if session.get(Project, project_id) is None:
            return Outcome(error="the project no longer exists")
        won = claim(session, project_id, owner, utcnow())
        session.commit()
    if not won:
        return Outcome(busy=True)
    try:
        mode = sqlite_begin_mode.set("DEFERRED")  # a read: never wait for writers
        try:
            with open_session() as session:
                project = session.get(Project, project_id)
                due = project is not None and training_due(session, project, asked_at)
                documents: list[GoldDocument] = []
                labels: list[str] = []
                roles: dict[str, str] = {}
                label_examples = LabelGold({}, {})
                left_out = LeftOutGold(set(), set())
                counted = 0  # the documents to learn from, recorded for train_every
                learned_under = None if project is None else project.schema_version
                if project is not None and due:
                    # One reference for all that is read: the tagger's documents (and so its
                    # held-out folds), the label fields' examples and the count.
                    reference = reference_gold(
                        session, project, include_in_review=include_in_review
                    )
                    counted = training_document_count(session, project, reference)
                    documents = gold_documents(session, project, reference)
                    labels, roles = span_labels(project), span_roles(project)
                    label_examples = label_gold(session, project, reference)
                    left_out = gold_left_out(session, project, reference)
                session.commit()
        finally:
            sqlite_begin_mode.reset(mode)
        if not due:
            _finish(open_session, project_id, owner)
            return Outcome(not_due=True)
        fields = train_labels(label_examples)
        trained: Trained | None = None
        span_refusal = None
        try:
            trained = trainer(documents, labels, roles)
        except Invalid as exc:
            # Too little span gold: the label fields may still be learned (a stance team's
            # project has no span at all); with neither, the tagger's refusal is the answer.
            said = left_out_said(left_out)
            if not fields.fields:
                raise Invalid(exc.message + fields_refusal(label_examples, fields) + said) from exc
            span_refusal = exc.message + said
        with open_session() as session:
            project = session.get(Project, project_id)
            if project is None:
                return Outcome(error="the project no longer exists")
            actor = None if actor_id is None else session.get(User, actor_id)
            if trained is not None:
                row = store_model(session, project, actor, trained, learned_under=learned_under)
                summary = model_summary(row)
            else:
                check_learned_under(project, learned_under)
                version = (newest_version(session, project) or 0) + 1
                summary = labels_only_summary(fields, version)
            summary["spans_refused"] = span_refusal
            summary["include_in_review"] = include_in_review
            summary["gold_left_out"] = {
                "in_review": len(left_out.in_review),
                "unreviewed": len(left_out.unreviewed),
            }
            store_label_models(session, project, summary["version"], fields)
            summary.update(label_summary(fields))
            version = summary["version"]
            if not suggest:
                release(session, project_id, owner, utcnow(), version=version, learned=counted)
            session.commit()
        if suggest:
            suggest_for_waiting(open_session, project_id)
            _finish(open_session, project_id, owner, version=version, learned=counted)
        return Outcome(stored=summary)
    except AnnotatorError as exc:
        _finish(open_session, project_id, owner, error=exc.message)
        return Outcome(error=exc.message)
    except Exception as exc:
        _finish(open_session, project_id, owner, error=f"training failed: {exc}")
        raise


def _finish(
    open_session: Callable[[], Session],
    project_id: int,
    owner: str,
    *,
    version: int | None = None,
    error: str | None = None,
    learned: int | None = None,
) -> None:
    with open_session() as session:
        release(session, project_id, owner, utcnow(), version=version, error=error, learned=learned)
        session.commit()


def train_now(
    open_session: Callable[[], Session],
    project_id: int,
    actor_id: int | None,
    *,
    include_in_review: bool = False,
) -> tuple[dict[str, Any], bool]:
    """Train the project's model now, for a reviewer waiting on the answer (API, CLI).

    It learns from gold marked final; ``include_in_review``: from gold still in review too.
    The summary says which (``include_in_review``) and how many documents with gold were
    left out (``gold_left_out``: ``in_review``, ``unreviewed``).

    Return the model's summary and whether this call stored it: a training that ended while
    this one waited for its claim answered the request already, and its model is returned.

    :raises Conflict: another training of the project runs now.
    :raises Invalid: too little gold to learn from.
    """
    outcome = run_training(
        open_session,
        project_id,
        actor_id=actor_id,
        asked_at=utcnow(),
        include_in_review=include_in_review,
    )
    if outcome.busy:
        raise Conflict("a training of this project is running; wait for it to end")
    if outcome.error is not None:
        raise Invalid(outcome.error)
    if outcome.stored is not None:
        return outcome.stored, True
    with open_session() as session:
        project = session.get(Project, project_id)
        newest = None if project is None else newest_summary(session, project)
    if newest is None:  # only a project deleted meanwhile gets here
        raise Invalid("the project no longer exists")
    return newest, False
