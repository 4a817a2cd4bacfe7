"""The agreement report's ``suggestion_rates``: how often annotators took what was suggested.

Per model (its version, or ``rules``) and per label, the suggestions annotators accepted
(spans of their layers that came from a suggestion and are still there) and rejected (their
stored rejections of documents assigned to them), and the share of each among the two. A
study of anchoring compares these across labels and model versions. Gold is left out:
reviewers' acceptances and rejections are decisions, not annotations.

A sentence or document label value accepted from a suggestion (its ``label_value.model``)
counts in a row of its field, ``sentence:stance`` or ``document:genre`` (the training's
names), after the spans' ``_all``, which it does not join: a label suggestion is never
rejected per annotator, so its row has no rejections and no rates, and added to the spans'
it would raise their accept rate with answers that could only be yes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from annotator.core.shapes import model_name
from annotator.core.vocabulary import ALL_LABELS, DOCUMENT_UNIT
from annotator.models import (
    Assignment,
    Document,
    LabelValue,
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
    scope = case((LabelValue.sentence_index == DOCUMENT_UNIT, "document"), else_="sentence")
    accepted_labels = (
        select(LabelValue.model, scope, LabelValue.name, func.count())
        .join(Layer, Layer.id == LabelValue.layer_id)
        .join(User, User.id == Layer.user_id)  # annotator layers only, as for spans
        .join(Document, Document.id == Layer.document_id)
        .where(LabelValue.model.is_not(None))
        .group_by(LabelValue.model, scope, LabelValue.name)
    )
    counts: dict[tuple[str, str], list[int]] = {}
    fields: dict[tuple[str, str], int] = {}
    for column, query in enumerate((accepted, rejected, accepted_labels)):
        query = query.where(Document.project_id == project.id)
        if annotators is not None:
            query = query.where(User.username.in_(annotators))
        if documents is not None:
            query = query.where(Document.external_id.in_(documents))
        for model, *item, n in session.execute(query):
            assert model is not None  # each query keeps suggested rows only
            if column == 2:
                field = f"{item[0]}:{item[1]}"
                fields[(model, field)] = fields.get((model, field), 0) + int(n)
            else:
                counts.setdefault((model, item[0]), [0, 0])[column] += int(n)
    return _rates(counts, fields)


def _rates(
    counts: dict[tuple[str, str], list[int]], fields: dict[tuple[str, str], int]
) -> dict[str, dict[str, dict[str, Any]]]:
    models: dict[str, dict[str, tuple[int, int | None]]] = {}
    for (model, label), (accepted, rejected) in counts.items():
        labels = models.setdefault(model, {})
        labels[label] = (accepted, rejected)
        total_accepted, total_rejected = labels.get(ALL_LABELS, (0, 0))
        labels[ALL_LABELS] = (total_accepted + accepted, (total_rejected or 0) + rejected)
    for (model, field), accepted in fields.items():
        models.setdefault(model, {})[field] = (accepted, None)
    # Rules first, then the trained models by version; in a model the span labels, their
    # total, then the label fields (never rejected, so apart).
    order = sorted(models, key=lambda m: _by_version(model_name(m), m))
    return {
        str(model_name(model)): {
            label: _figures(*rows[label])
            for label in sorted(
                rows, key=lambda name: (rows[name][1] is None, name == ALL_LABELS, name)
            )
        }
        for model, rows in ((m, models[m]) for m in order)
    }


def _figures(accepted: int, rejected: int | None) -> dict[str, Any]:
    """A row's figures; ``rejected`` None for a label field, which has no rejections."""
    if rejected is None:
        return {"accepted": accepted, "rejected": None, "accept_rate": None, "reject_rate": None}
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
