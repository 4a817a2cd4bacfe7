"""The model as an annotator: the suggestions layer scored against gold (issue 12, point 6).

The suggestions layer (key ``suggestions``) is compared with gold as an annotator is in the
report's ``gold`` section, by the same matching (:func:`compare_layers`): per span label
precision, recall and F1 with exact and with overlap matching, and per relation type F1.
Gold is the reference. The entry names the model that made the suggestions (``model v3``,
or ``rules`` for the attribution rules), from the ``model`` each suggested span keeps.

Which documents count: those with gold spans and a suggestions layer (empty or not: a
suggestions layer that holds nothing says the model found nothing there). A document the
model was trained on has no suggestions layer (prediction removes it), so the model is
never scored on its own training data. Gold counts as the reference as it does for "Against
gold" and for the training (:class:`~annotator.services.gold.state.ReferenceGold`, the one
home): gold marked final, and gold still in review only when asked for (counted in
``in_review`` when left out); gold imported and not reviewed since never (counted in
``unreviewed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from annotator.core import shapes
from annotator.core.agreement import PairCounts
from annotator.core.agreement.tallies import f1
from annotator.core.errors import Invalid, no_documents
from annotator.core.label_schema import entry_names
from annotator.core.vocabulary import ALL_LABELS, GOLD, RULES, SUGGESTIONS
from annotator.models import Document, Layer, Project, Span
from annotator.services.agreement.corpus import Corpus
from annotator.services.agreement.packing import Loader, integers
from annotator.services.agreement.spans import compare_layers
from annotator.services.agreement.tables import LabelTable
from annotator.services.gold.state import reference_gold


def model_against_gold(
    session: Session,
    project: Project,
    *,
    documents: Sequence[str] | None = None,
    include_in_review: bool = False,
) -> dict[str, Any] | None:
    """Return the suggestions layer scored against gold, or None when nothing compares.

    :param documents: only these documents, by external id (default: all).
    :param include_in_review: score against gold still in review too, not only final gold.
    :raises Invalid: a document named that is not in the project.
    """
    corpus = _load(session, project, documents, include_in_review)
    if corpus is None:
        return None
    shared = corpus.annotated[GOLD] & corpus.annotated[SUGGESTIONS]
    if not shared:
        if not corpus.unreviewed_gold and not corpus.in_review_gold:
            return None
        # Nothing compares, but the caller is told what was left out and why.
        models = _models(session, sorted(corpus.documents))
        return _entry(models, 0, {}, {}, corpus)
    models = _models(session, sorted(shared))
    r = compare_layers(corpus, GOLD, SUGGESTIONS, per_document=False, unitizing=False)
    spans = {
        label: _span_scores(int(r.tp_exact[c]), int(r.tp_overlap[c]), int(r.n_a[c]), int(r.n_b[c]))
        for c, label in enumerate(corpus.span_labels)
    }
    n_gold, n_model, tp_exact, tp_overlap = r.all_counts
    spans[ALL_LABELS] = _span_scores(tp_exact, tp_overlap, n_gold, n_model)
    relations = {
        kind: _scores(int(r.rel_tp_exact[c]), int(r.rel_n_a[c]), int(r.rel_n_b[c]))
        | {"f1_overlap": f1(int(r.rel_tp_overlap[c]), int(r.rel_n_a[c]), int(r.rel_n_b[c]))}
        for c, kind in enumerate(corpus.relation_types)
    }
    return _entry(models, len(shared), spans, relations, corpus)


def _entry(
    models: list[str],
    documents: int,
    spans: dict[str, Any],
    relations: dict[str, Any],
    corpus: Corpus,
) -> dict[str, Any]:
    """Return the report's ``model`` entry (``unreviewed``, ``in_review``: documents with
    suggestions whose gold was left out as unreviewed imported gold, as not final)."""
    return {
        "name": model_name(models),
        "models": models,
        "documents": documents,
        "spans": spans,
        "relations": relations,
        "unreviewed": corpus.unreviewed_gold,
        "in_review": corpus.in_review_gold,
        "include_in_review": corpus.include_in_review,
    }


def model_name(models: Sequence[str]) -> str:
    """Name the model(s) behind suggestions as people read it: ``model v3``, ``rules``."""
    names = [RULES if m == RULES else f"v{m}" for m in models]
    learned = [n for n in names if n != RULES]
    parts = ([f"model {', '.join(learned)}"] if learned else []) + (
        [RULES] if RULES in names else []
    )
    return " and ".join(parts) or "model"


def _scores(tp: int, n_gold: int, n_model: int) -> dict[str, Any]:
    counts = PairCounts(tp, n_gold, n_model)  # gold is the reference
    return {
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": f1(tp, n_gold, n_model),
        "gold": n_gold,
        "suggested": n_model,
    }


def _span_scores(tp_exact: int, tp_overlap: int, n_gold: int, n_model: int) -> dict[str, Any]:
    overlap = PairCounts(tp_overlap, n_gold, n_model)
    return _scores(tp_exact, n_gold, n_model) | {
        "precision_overlap": overlap.precision,
        "recall_overlap": overlap.recall,
        "f1_overlap": f1(tp_overlap, n_gold, n_model),
    }


def _models(session: Session, documents: list[int]) -> list[str]:
    """Return the model names of the suggested spans on ``documents``, learned ones by version."""
    found = session.scalars(
        select(Span.model)
        .join(Layer, Layer.id == Span.layer_id)
        .where(Layer.key == SUGGESTIONS, Layer.document_id.in_(documents))
        .distinct()
    )
    names = {name for name in found if name}
    return sorted(names, key=lambda n: (n == RULES, _version(n), n))


def _version(name: str) -> int:
    """Return a model's version number for ordering (0 for a name that is none)."""
    shown = shapes.model_name(name)
    return shown if isinstance(shown, int) else 0


def _load(
    session: Session, project: Project, documents: Sequence[str] | None, include_in_review: bool
) -> Corpus | None:
    """Load the gold and suggestions layers of the documents with suggestions (or of some).

    Returns None, having read no span and no text, when none of the documents has a
    suggestions layer: the report asks on every request, and most projects have none.
    """
    query = select(Document.id, Document.external_id).where(Document.project_id == project.id)
    if documents:
        query = query.where(Document.external_id.in_(list(documents)))
    docs: dict[int, str] = {doc_id: external for doc_id, external in session.execute(query)}
    if documents:
        missing = sorted(set(documents) - set(docs.values()))
        if missing:
            raise Invalid(no_documents(missing, project.slug), details={"field": "documents"})
    layers = [GOLD, SUGGESTIONS]
    layer_query = (
        select(Layer.id, Layer.document_id, case((Layer.key == GOLD, 0), else_=1))
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id, Layer.key.in_(layers))
    )
    if documents:  # the review page asks for one document: read its layers only
        layer_query = layer_query.where(Layer.document_id.in_(list(docs)))
    layer_rows = integers(session, layer_query)
    suggested = layer_rows[
        np.isin(layer_rows[:, 1], np.array(sorted(docs), dtype=np.int64)) & (layer_rows[:, 2] == 1),
        1,
    ]
    if not len(suggested):
        return None
    # Gold that is no reference, as in "Against gold" (not final, unless asked for; imported
    # and untouched): its layer is not read, and the documents with suggestions it leaves
    # out are counted.
    reference = reference_gold(session, project, include_in_review=include_in_review)
    left = reference.left_out(session, project)
    gold_rows = layer_rows[:, 2] == 0
    unreviewed_gold = _left_out(layer_rows, gold_rows, left.unreviewed, suggested)
    in_review_gold = _left_out(layer_rows, gold_rows, left.in_review, suggested)
    not_counted = np.array(sorted(left.unreviewed | left.in_review), dtype=np.int64)
    layer_rows = layer_rows[~(gold_rows & np.isin(layer_rows[:, 1], not_counted))]
    # Only documents with suggestions are compared: read no other layer and no other text.
    keep = np.isin(layer_rows[:, 1], suggested)
    with_suggestions = (
        select(Layer.document_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id, Layer.key == SUGGESTIONS)
    )
    lengths: dict[int, int] = {
        doc_id: length
        for doc_id, length in session.execute(
            select(Document.id, func.length(Document.text)).where(Document.id.in_(with_suggestions))
        )
    }
    loader = Loader(
        session,
        layers,
        layer_rows[keep, 0],
        layer_rows[keep, 2],
        layer_rows[keep, 1],
        max(lengths.values(), default=0),
        project.schema,
    )
    span_labels = entry_names(project.schema, "span_labels")
    relation_types = entry_names(project.schema, "relation_types")
    spans, attribute_sets = loader.spans(span_labels)
    empty = np.zeros(0, dtype=np.int64)
    in_scope = {int(doc) for doc in suggested.tolist()}
    return Corpus(
        project=project,
        annotators=[],
        layers=layers,
        documents={doc: docs[doc] for doc in sorted(in_scope)},
        lengths={doc: lengths[doc] for doc in sorted(in_scope)},
        # Gold counts where it holds spans; suggestions wherever the layer is (see the module).
        annotated={GOLD: set(spans[GOLD].doc.tolist()), SUGGESTIONS: in_scope},
        span_labels=span_labels,
        relation_types=relation_types,
        attribute_sets=attribute_sets,
        label_names=[],
        label_values=[],
        spans=spans,
        relations=loader.relations(relation_types),
        labels=LabelTable(empty, empty, empty, empty, empty),
        unreviewed_gold=unreviewed_gold,
        in_review_gold=in_review_gold,
        include_in_review=include_in_review,
    )


def _left_out(
    layer_rows: np.ndarray, gold_rows: np.ndarray, left: set[int], suggested: np.ndarray
) -> int:
    """Count the documents with suggestions among ``left``'s (those with a gold layer)."""
    ids = np.array(sorted(left), dtype=np.int64)
    return len(np.intersect1d(layer_rows[gold_rows & np.isin(layer_rows[:, 1], ids), 1], suggested))
