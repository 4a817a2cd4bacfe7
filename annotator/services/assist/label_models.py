"""Suggestions for sentence and document label fields: their gold, classifiers and storage.

A training (:mod:`annotator.services.assist.jobs`) reads each single-valued label field's
examples from the layers a model may learn from (the tagger's rule,
:func:`~annotator.services.assist.training_data.learnable_layers`: gold, done layers with
``train_on_done``, never a document still being annotated; a document with label gold and
no span counts here), trains one classifier per field that has enough of them
(:func:`annotator.core.assist.label_training.too_few_examples`) and stores each with the
training's version (:class:`~annotator.models.AssistLabelModel`). A field without enough
gold is named with the reason; it is not an error.

Prediction (:mod:`annotator.services.assist.predicting`) takes each field's newest
classifier (:func:`newest_label_models`); a field the schema no longer has, or a value it no
longer allows, is not suggested (train again after renaming one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.assist.classifier import LabelModel, predict_labels
from annotator.core.assist.label_training import (
    LabelExample,
    TrainedField,
    too_few_examples,
    train_field,
)
from annotator.core.times import iso
from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import (
    AssistLabelModel,
    Document,
    LabelValue,
    Layer,
    Project,
    Sentence,
    utcnow,
)
from annotator.services.assist.training_data import (
    GOLD_FIRST,
    label_gold_held,
    learnable_layers,
)
from annotator.services.gold.state import ReferenceGold, reference_gold

#: A label field as a training and a prediction name it: (scope, name), the scope
#: ``sentence`` or ``document``.
FieldKey = tuple[str, str]
SCOPES = (("sentence", "sentence_labels"), ("document", "document_labels"))


@dataclass(frozen=True)
class LabelGold:
    """What a training reads of the label fields: each learnable field's examples, and
    why the others are not learned (a field taking several values)."""

    examples: dict[FieldKey, list[LabelExample]]
    refused: dict[FieldKey, str]


@dataclass(frozen=True)
class TrainedLabels:
    """The fields' classifiers a training made, and why the other fields got none."""

    fields: dict[FieldKey, TrainedField]
    refused: dict[FieldKey, str]


def label_gold(
    session: Session, project: Project, reference: ReferenceGold | None = None
) -> LabelGold:
    """Return the examples of each single-valued label field (a field's value per sentence,
    or per document, in the layer a model learns from on that document; gold where it
    counts, ``reference``, by default gold marked final)."""
    wanted: dict[FieldKey, list[LabelExample]] = {}
    refused: dict[FieldKey, str] = {}
    for scope, kind in SCOPES:
        for field in project.schema.get(kind, []):
            key = (scope, field["name"])
            if field.get("multiple"):
                refused[key] = "takes several values: not suggested"
            else:
                wanted[key] = []
    if not wanted:
        return LabelGold(wanted, refused)
    holds = label_gold_held(project)
    chosen: dict[int, int] = {}
    for doc_id, layer_id, _key in session.execute(
        learnable_layers(project, holds, reference or reference_gold(session, project)).order_by(
            *GOLD_FIRST
        )
    ):
        chosen.setdefault(doc_id, layer_id)
    texts = _texts(session, list(chosen))
    for start in range(0, len(chosen), 500):
        layer_ids = list(chosen.values())[start : start + 500]
        for doc_id, unit, name, value in session.execute(
            select(Layer.document_id, LabelValue.sentence_index, LabelValue.name, LabelValue.value)
            .join(Layer, Layer.id == LabelValue.layer_id)
            .where(LabelValue.layer_id.in_(layer_ids))
            .order_by(Layer.document_id, LabelValue.sentence_index, LabelValue.name)
        ):
            key = ("document" if unit == DOCUMENT_UNIT else "sentence", name)
            external, text, sentences = texts[doc_id]
            if key not in wanted or not isinstance(value, str) or unit >= len(sentences):
                continue
            part = text if unit == DOCUMENT_UNIT else text[slice(*sentences[unit])]
            wanted[key].append(LabelExample(external, part, value))
    return LabelGold(wanted, refused)


def _texts(
    session: Session, doc_ids: list[int]
) -> dict[int, tuple[str, str, list[tuple[int, int]]]]:
    """Each document's external id, text and sentence ranges, by id."""
    found: dict[int, tuple[str, str, list[tuple[int, int]]]] = {}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        for doc_id, external, text in session.execute(
            select(Document.id, Document.external_id, Document.text).where(Document.id.in_(chunk))
        ):
            found[doc_id] = (external, text, [])
        for doc_id, begin, end in session.execute(
            select(Sentence.document_id, Sentence.start, Sentence.end)
            .where(Sentence.document_id.in_(chunk))
            .order_by(Sentence.document_id, Sentence.index)
        ):
            found[doc_id][2].append((begin, end))
    return found


def train_labels(gold: LabelGold) -> TrainedLabels:
    """Train a classifier for each field with enough examples (no database; milliseconds)."""
    fields: dict[FieldKey, TrainedField] = {}
    refused = dict(gold.refused)
    for key, examples in gold.examples.items():
        reason = too_few_examples(examples)
        if reason is None:
            fields[key] = train_field(examples)
        else:
            refused[key] = reason
    return TrainedLabels(fields, refused)


def training_refusal(
    session: Session,
    project: Project,
    span_refusal: str | None,
    reference: ReferenceGold | None = None,
) -> str | None:
    """Why a training of ``project`` now would store nothing, in the training's own words:
    the tagger's ``span_refusal``, then why each label field with some gold is not learned;
    None when the tagger or some label field would learn (the "Train now" button's check,
    said as ``annotator assist train`` says it)."""
    if span_refusal is None:
        return None
    gold = label_gold(session, project, reference)
    if any(too_few_examples(examples) is None for examples in gold.examples.values()):
        return None  # a label field would be learned
    # No field to learn: train_labels learns nothing, it only says why for each.
    return span_refusal + fields_refusal(gold, train_labels(gold))


def fields_refusal(gold: LabelGold, trained: TrainedLabels) -> str:
    """Say why the label fields that have some gold were not learned either ("" if none
    has any), for a training that learned nothing."""
    reasons = [
        f"{scope}:{name} not learned: {trained.refused[(scope, name)]}"
        for (scope, name), examples in gold.examples.items()
        if examples and (scope, name) in trained.refused
    ]
    return "".join(f"; {reason}" for reason in reasons)


def store_label_models(
    session: Session, project: Project, version: int, trained: TrainedLabels
) -> None:
    """Store the classifiers ``trained`` with the training's ``version``."""
    for (scope, name), field in trained.fields.items():
        session.add(
            AssistLabelModel(
                project_id=project.id,
                version=version,
                scope=scope,
                field=name,
                data=field.model.to_bytes(),
                scores=field.scores,
                documents=field.documents,
            )
        )
    session.flush()


def newest_label_version(session: Session, project: Project) -> int | None:
    """Return the newest version that stored a label classifier, or None."""
    return session.scalar(
        select(func.max(AssistLabelModel.version)).where(AssistLabelModel.project_id == project.id)
    )


def label_summary(trained: TrainedLabels) -> dict[str, Any]:
    """Return the fields a training learned and refused, as the CLI and the API show them:
    ``{"label_fields": {"sentence:stance": scores}, "label_fields_refused": {...: why}}``."""
    return {
        "label_fields": {f"{s}:{n}": field.scores for (s, n), field in trained.fields.items()},
        "label_fields_refused": {f"{s}:{n}": why for (s, n), why in trained.refused.items()},
    }


def labels_only_summary(trained: TrainedLabels, version: int) -> dict[str, Any]:
    """Return a training that stored label classifiers alone as a model's summary shows
    one: kind ``labels``, no tagger and so no span scores."""
    return {
        "version": version,
        "kind": "labels",
        "documents": len({d for field in trained.fields.values() for d in field.documents}),
        "labels": [],
        "scores": {},
        "created_at": iso(utcnow()),
    }


def label_field_models(session: Session, project: Project) -> list[dict[str, Any]]:
    """Return each label field's newest classifier as the model page and the API show it
    (without its bytes), in the schema's order; a field the schema no longer has is left out."""
    order = [(scope, f["name"]) for scope, kind in SCOPES for f in project.schema.get(kind, [])]
    found: dict[FieldKey, dict[str, Any]] = {}
    for row in session.execute(
        select(
            AssistLabelModel.scope,
            AssistLabelModel.field,
            AssistLabelModel.version,
            AssistLabelModel.created_at,
            AssistLabelModel.scores,
        )
        .where(AssistLabelModel.project_id == project.id)
        .order_by(AssistLabelModel.version.desc())
    ):
        found.setdefault(
            (row.scope, row.field),
            {
                "scope": row.scope,
                "field": row.field,
                "version": row.version,
                "created_at": iso(row.created_at),
                "scores": row.scores,
            },
        )
    return [found[key] for key in order if key in found]


def with_held_out_accuracy(session: Session, project_id: int, payload: dict[str, Any]) -> None:
    """Give each suggested label of a suggestions layer's ``payload`` the held-out accuracy
    of the classifier that suggested it (``accuracy``, null when unknown), as its training
    stored it: a value's score says how sure the classifier is, not how often it is right.
    """
    found = {
        (row.version, row.scope, row.field): (row.scores or {}).get("accuracy")
        for row in session.execute(
            select(
                AssistLabelModel.version,
                AssistLabelModel.scope,
                AssistLabelModel.field,
                AssistLabelModel.scores,
            ).where(AssistLabelModel.project_id == project_id)
        )
    }
    for scope, kind in SCOPES:
        for item in payload.get(kind, []):
            model = item.get("model")
            version = int(model) if str(model).isdigit() else None
            item["accuracy"] = found.get((version, scope, item["name"]))


@dataclass(frozen=True)
class StoredLabelModel:
    """A field's newest stored classifier."""

    version: int
    scope: str
    field: str
    model: LabelModel
    documents: frozenset[str]


def newest_label_models(session: Session, project: Project) -> list[StoredLabelModel]:
    """Return each label field's newest classifier, for the fields the schema still has."""
    have = {(scope, f["name"]) for scope, kind in SCOPES for f in project.schema.get(kind, [])}
    found: dict[FieldKey, StoredLabelModel] = {}
    for row in session.scalars(
        select(AssistLabelModel)
        .where(AssistLabelModel.project_id == project.id)
        .order_by(AssistLabelModel.version.desc())
    ):
        key = (row.scope, row.field)
        if key in have and key not in found:
            found[key] = StoredLabelModel(
                row.version,
                row.scope,
                row.field,
                LabelModel.from_bytes(row.data),
                frozenset(row.documents),
            )
    return list(found.values())


def learned_from(stored: StoredLabelModel, document: Document) -> bool:
    """Whether the classifier learned from ``document``: it suggests nothing there, rather
    than echo its gold (``predict`` names the document as skipped for that field)."""
    return document.external_id in stored.documents


def field_name(stored: StoredLabelModel) -> str:
    """The field as reports name it: ``sentence:stance``."""
    return f"{stored.scope}:{stored.field}"


@dataclass(frozen=True)
class SuggestedLabel:
    """A value suggested for a sentence (``unit`` its index) or the document (DOCUMENT_UNIT)."""

    unit: int
    name: str
    value: str
    score: float
    model: str


def suggest_labels(
    models: Sequence[StoredLabelModel],
    schema: dict[str, Any],
    document: Document,
    sentences: Sequence[tuple[int, int]],
) -> list[SuggestedLabel]:
    """Return each field's likeliest value for each of its units in ``document``.

    A classifier never suggests on a document it learned from, nor a value the field no
    longer allows.
    """
    allowed = {
        (scope, f["name"]): set(f.get("values", []))
        for scope, kind in SCOPES
        for f in schema.get(kind, [])
    }
    suggested: list[SuggestedLabel] = []
    for stored in models:
        if learned_from(stored, document):
            continue
        if stored.scope == "document":
            units, texts = [DOCUMENT_UNIT], [document.text]
        else:
            units = list(range(len(sentences)))
            texts = [document.text[start:end] for start, end in sentences]
        values = allowed.get((stored.scope, stored.field), set())
        for unit, scores in zip(units, predict_labels(stored.model, texts), strict=True):
            value = max(scores, key=scores.__getitem__)
            if value in values:
                suggested.append(
                    SuggestedLabel(
                        unit, stored.field, value, round(scores[value], 4), str(stored.version)
                    )
                )
    return suggested
