"""The agreement report's ``suggestion_rates``: how often annotators took what was suggested.

Per model (its version, or ``rules``) and per label, the suggestions annotators accepted
(spans of their layers that came from a suggestion and are still there) and rejected (their
stored rejections of documents assigned to them), and the share of each among the two. A
study of anchoring compares these across labels and model versions. Gold is left out:
reviewers' acceptances and rejections are decisions, not annotations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.shapes import model_name
from annotator.core.vocabulary import ALL_LABELS
from annotator.models import (
    Assignment,
    Document,
    Layer,
    Project,
    Span,
    SuggestionRejection,
    User,
)


def suggestion_rates(
    session: Session,
    project: Project,
    *,
    annotators: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Return ``{model: {label | "_all": {accepted, rejected, accept_rate, reject_rate}}}``.

    :param annotators: count only these usernames (default: everyone).
    :param documents: only these documents, by external id (default: all).
    """
    accepted = (
        select(Span.model, Span.label, func.count())
        .join(Layer, Layer.id == Span.layer_id)
        .join(User, User.id == Layer.user_id)  # annotator layers only: gold has no user
        .join(Document, Document.id == Layer.document_id)
        .where(Span.model.is_not(None))
        .group_by(Span.model, Span.label)
    )
    rejected = (
        select(SuggestionRejection.model, SuggestionRejection.label, func.count())
        .join(User, User.id == SuggestionRejection.user_id)
        # An annotator's answers only: a reviewer's rejection is a decision about gold.
        .join(
            Assignment,
            (Assignment.user_id == SuggestionRejection.user_id)
            & (Assignment.document_id == SuggestionRejection.document_id),
        )
        .join(Document, Document.id == SuggestionRejection.document_id)
        .group_by(SuggestionRejection.model, SuggestionRejection.label)
    )
    counts: dict[tuple[str, str], list[int]] = {}
    for column, query in enumerate((accepted, rejected)):
        query = query.where(Document.project_id == project.id)
        if annotators is not None:
            query = query.where(User.username.in_(annotators))
        if documents is not None:
            query = query.where(Document.external_id.in_(documents))
        for model, label, n in session.execute(query):
            assert model is not None  # accepted: Span.model IS NOT NULL; rejected: NOT NULL
            counts.setdefault((model, label), [0, 0])[column] += int(n)
    return _rates(counts)


def _rates(counts: dict[tuple[str, str], list[int]]) -> dict[str, dict[str, dict[str, Any]]]:
    models: dict[str, dict[str, list[int]]] = {}
    for (model, label), (accepted, rejected) in counts.items():
        labels = models.setdefault(model, {})
        labels[label] = [accepted, rejected]
        total = labels.setdefault(ALL_LABELS, [0, 0])
        total[0] += accepted
        total[1] += rejected
    # Rules first, then the trained models by version.
    order = sorted(models, key=lambda m: _by_version(model_name(m), m))
    return {
        str(model_name(model)): {
            label: _figures(*models[model][label])
            for label in sorted(models[model], key=lambda name: (name == ALL_LABELS, name))
        }
        for model in order
    }


def _figures(accepted: int, rejected: int) -> dict[str, Any]:
    decided = accepted + rejected
    return {
        "accepted": accepted,
        "rejected": rejected,
        "accept_rate": accepted / decided if decided else None,
        "reject_rate": rejected / decided if decided else None,
    }


def _by_version(shown: int | str, name: str) -> tuple[bool, int, str]:
    """Order models: names that are no version (rules) first, then versions by number."""
    return (isinstance(shown, int), shown if isinstance(shown, int) else 0, name)
