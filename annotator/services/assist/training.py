"""Training a project's span tagger on its gold layer and storing it as a new version.

What a model learns from is :mod:`annotator.services.assist.training_data`.

The held-out scores come from k-fold cross-validation over the gold documents
(:func:`annotator.core.assist.crossval.cross_validate`); the stored model is then trained on
all of them. Versions count up from 1 per project; two trainings that finish together each
store their own version (the UNIQUE (project, version) constraint decides, and the loser
takes the next number).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from annotator.core.assist.crossval import cross_validate, distinct_documents
from annotator.core.assist.evaluation import stored_scores
from annotator.core.assist.gold import GoldDocument
from annotator.core.assist.roles import DEFAULT_ROLES, role_mapping
from annotator.core.assist.tagger_model import TaggerModel
from annotator.core.assist.tagger_training import train
from annotator.core.errors import Invalid
from annotator.core.times import as_utc, iso
from annotator.models import AssistLabelModel, AssistModel, Project, User
from annotator.services.assist.label_models import newest_label_version
from annotator.services.assist.training_data import (
    gold_documents,
    span_labels,
    span_roles,
    too_little_to_learn,
)

#: Folds of the cross-validation (fewer when there are fewer distinct gold documents).
FOLDS = 5
# Tries to store a version when other trainings of the project keep taking the number.
_STORE_TRIES = 5


@dataclass(frozen=True)
class Trained:
    """A model trained in memory, with its held-out scores, ready to store."""

    model: TaggerModel
    scores: dict[str, Any]
    documents: int


def train_gold(
    documents: list[GoldDocument], labels: list[str], roles: Mapping[str, str] | None = None
) -> Trained:
    """Cross-validate, then train on every document (no database: seconds to minutes).

    :param roles: which of ``labels`` plays each span role (role -> label,
        :func:`~annotator.services.assist.training_data.span_roles`); by default those
        named like a role.

    :raises Invalid: fewer than
        :data:`~annotator.services.assist.training_data.MIN_GOLD_DOCUMENTS` distinct
        documents (copies of one text count once), or no
        label in them.
    """
    # Copies of a text count once, here as in the folds and the "Train now" check.
    distinct = distinct_documents(documents)
    refusal = too_little_to_learn(distinct)
    if refusal is not None:
        raise Invalid(refusal)
    used = {span.label for document in documents for span in document.spans}
    labels = [label for label in labels if label in used]
    mapping = DEFAULT_ROLES if roles is None else role_mapping({n: r for r, n in roles.items()})
    folds = min(FOLDS, distinct)
    held_out = cross_validate(documents, labels, k=folds, roles=mapping)
    model = train(documents, labels, roles=mapping)
    scores = {label: stored_scores(held_out.scores[label]) for label in labels}
    return Trained(model, scores, len(documents))


def store_model(
    session: Session,
    project: Project,
    actor: User | None,
    trained: Trained,
    *,
    learned_under: int | None = None,
) -> AssistModel:
    """Store ``trained`` as the project's next version and return its row (flushed).

    Another training may store the same number first: its row breaks the UNIQUE constraint
    inside a savepoint, and this one takes the number after it.

    :param learned_under: the schema version its gold was read under, when that was in
        another transaction: a model learns the names of its time, and a schema change made
        since may have renamed them (only the changes after a model is stored reach it).
    :raises Invalid: the schema changed since ``learned_under``: the caller should train again.
    """
    check_learned_under(project, learned_under)
    data = trained.model.to_bytes()
    for _ in range(_STORE_TRIES):
        version = (newest_version(session, project) or 0) + 1
        row = AssistModel(
            project_id=project.id,
            version=version,
            kind="tagger",
            created_by_id=None if actor is None else actor.id,
            data=data,
            scores=trained.scores,
            documents=trained.documents,
            labels=list(trained.model.labels),
        )
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            continue
        _remember(_cache_key(row), trained.model)
        return row
    raise Invalid("other trainings of this project kept taking the next version; try again")


def check_learned_under(project: Project, learned_under: int | None) -> None:
    """Refuse to store what was learned under another schema version than the project's.

    :raises Invalid: the schema changed since ``learned_under``: the caller should train again.
    """
    if learned_under is not None and learned_under != project.schema_version:
        raise Invalid(
            f"the label schema changed while the model trained (version {learned_under}, "
            f"now {project.schema_version}): it learned names the schema may no longer have; "
            "train again"
        )


def train_project(session: Session, project: Project, actor: User | None) -> AssistModel:
    """Train a model on the project's gold spans and store it as the next version.

    :raises Invalid: fewer than
        :data:`~annotator.services.assist.training_data.MIN_GOLD_DOCUMENTS` gold documents.
    """
    trained = train_gold(
        gold_documents(session, project), span_labels(project), span_roles(project)
    )
    return store_model(session, project, actor, trained)


def newest_version(session: Session, project: Project) -> int | None:
    """Return the number of the project's newest training, or None when it has none.

    A training that stored label classifiers alone took a number too: the next tagger
    takes the one after it, so that a version names one training.
    """
    tagger = session.scalar(
        select(func.max(AssistModel.version)).where(AssistModel.project_id == project.id)
    )
    labels = newest_label_version(session, project)
    return max((v for v in (tagger, labels) if v is not None), default=None)


def newest_training_at(session: Session, project: Project) -> datetime | None:
    """Return when the project's newest training stored its model, or None when none did:
    a tagger, or label classifiers alone (trainings of a project run one at a time)."""
    moments = [
        session.scalar(select(func.max(table.created_at)).where(table.project_id == project.id))
        for table in (AssistModel, AssistLabelModel)
    ]
    return max((as_utc(m) for m in moments if m is not None), default=None)


def model_summary(row: AssistModel) -> dict[str, Any]:
    """Return a stored model as the API and the CLI show it (without its bytes)."""
    return {
        "version": row.version,
        "kind": row.kind,
        "documents": row.documents,
        # Two of them merged by a schema change are one label now; a removed one is "".
        "labels": [name for name in dict.fromkeys(row.labels) if name],
        "scores": row.scores,
        "created_at": iso(row.created_at),
    }


def newest_summary(session: Session, project: Project) -> dict[str, Any] | None:
    """Return the project's newest model as :func:`model_summary` shows it, or None."""
    row = session.scalar(
        select(AssistModel)
        .options(defer(AssistModel.data))
        .where(AssistModel.project_id == project.id)
        .order_by(AssistModel.version.desc())
        .limit(1)
    )
    return None if row is None else model_summary(row)


# Deserialised models, by project, version and creation time (a deleted project's id may
# come back on SQLite): reading one out of its bytes takes seconds.
_CacheKey = tuple[int, int, str]
_CACHE: OrderedDict[_CacheKey, TaggerModel] = OrderedDict()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def _cache_key(row: Any) -> _CacheKey:
    created = row.created_at
    # SQLite gives the moment back without its zone: compare them as UTC wall times.
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    return row.project_id, row.version, created.isoformat()


def _remember(key: _CacheKey, model: TaggerModel) -> None:
    with _CACHE_LOCK:
        _CACHE[key] = model
        _CACHE.move_to_end(key)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)


@dataclass(frozen=True)
class StoredModel:
    """A project's stored model, read from its bytes, with what its labels are called now."""

    version: int
    model: TaggerModel
    #: The current name of each label the model learned: a schema change renames the row's
    #: ``labels`` (in the model's order), never the bytes (services/schema/suggestions.py).
    names: dict[str, str]


def newest_model(session: Session, project: Project) -> StoredModel | None:
    """Return the project's newest model, or None when it has none.

    A model is read from its bytes once per process and version, then kept in memory; what
    its labels are called now is read each time, since a schema change may rename them.
    """
    row = session.execute(
        select(
            AssistModel.id,
            AssistModel.project_id,
            AssistModel.version,
            AssistModel.created_at,
            AssistModel.labels,
        )
        .where(AssistModel.project_id == project.id)
        .order_by(AssistModel.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    key = _cache_key(row)
    with _CACHE_LOCK:
        model = _CACHE.get(key)
        if model is not None:
            _CACHE.move_to_end(key)
    if model is None:
        data = session.scalar(select(AssistModel.data).where(AssistModel.id == row.id))
        assert data is not None  # the row was just read
        try:
            model = TaggerModel.from_bytes(data)
        except ValueError as exc:  # made by an older version of the features: unusable
            raise Invalid(f"model version {row.version} cannot be used: {exc}") from exc
        _remember(key, model)
    return StoredModel(row.version, model, dict(zip(model.labels, row.labels, strict=True)))
