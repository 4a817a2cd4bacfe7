"""The agreement report (CONTRACT section 6): one service behind the CLI, the API and the page.

Shape, beyond the contract's example:

-   ``schema_version``: the version of the project's label schema the report was made with.
-   ``documents``: documents at least one compared annotator annotated; ``documents_compared``:
    those at least two annotated (only these can agree or not).
-   ``spans``: one entry per span label and ``_all``, which ignores labels (boundaries only).
    ``pairs`` holds each annotator pair's figures and span counts; the top-level figures are
    the mean over the pairs where they are defined. A pair with no span of a label in the
    documents it shares has ``null`` figures for that label (nothing to agree on).
-   ``relations``: per type ``f1`` (ends matched exactly) and ``f1_overlap``.
-   ``attributes``: ``LABEL.attribute`` -> alpha over the spans matched by labeled overlap
    (and for a multi-valued attribute ``alpha_masi`` and ``per_value``, as label fields).
-   ``gold``: null without a gold layer; else, per annotator, precision, recall and F1 of their
    spans and relations against gold (gold is the reference), and Cohen's kappa per label field.
    ``unreviewed`` counts the documents whose gold came in by an import that no reviewer has
    touched (no write, no decision, not final): pre-annotation, not a reference, so left out.
    Gold counts when marked final: ``in_review`` counts the documents whose gold is not
    (left out: half-reviewed gold would score an annotator against items still waiting for
    a decision), unless ``include_in_review`` was asked for, which the entry repeats
    (:class:`~annotator.services.gold.state.ReferenceGold`, as the training reads it).
-   ``intervals``: how each label field's ``intervals`` (bootstrap 95 % intervals of alpha
    nominal and Fleiss' kappa) were drawn: method, resamples, seed, confidence, reference,
    and ``cluster_reference`` for resampling documents (each interval's ``resampled`` says
    whether it resampled ``documents`` or ``units``:
    :mod:`annotator.core.agreement.bootstrap`). Each field also has ``coincidences`` when
    single-valued (:func:`annotator.services.agreement.labels.coincidences`).
-   ``unpaired``: the compared annotators who share no document with another one: they are
    in no pair (the pairwise figures and heatmaps leave them out).
-   ``suggestion_rates``: per model and span label, the suggestions annotators accepted and
    rejected, and their rates (:mod:`annotator.services.agreement.suggestion_rates`).
-   ``model``: null without suggestions on gold documents; else the suggestions layer scored
    against gold as an annotator is, named after its model
    (:mod:`annotator.services.agreement.model`).
-   ``required_left_blank``: per required label field (none: empty), how many layers marked
    done leave it blank and on how many documents: every such layer of the project, whatever
    the filters, as the page lists them
    (:func:`annotator.services.schema.required_blank.required_left_blank`).
-   ``per_document`` (only when asked for): per document the mean labeled span F1 over pairs and
    the share of agreeing label pairs; the page charts it.

Every figure that is undefined (one annotator, nothing pairable, no variation) is ``null``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any, TypedDict

from sqlalchemy.orm import Session

from annotator.core.agreement import PairCounts, pair_key
from annotator.core.agreement.bootstrap import CONFIDENCE, METHOD, RESAMPLES, ROUGH_BELOW, SEED
from annotator.core.agreement.tallies import f1
from annotator.core.disagreement import label_agreement_with_left_out
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.vocabulary import ALL_LABELS
from annotator.models import GOLD, Project
from annotator.services.agreement.corpus import Corpus, load_corpus
from annotator.services.agreement.labels import (
    FieldData,
    against_gold,
    field_data,
    field_entry,
    field_pairs,
)
from annotator.services.agreement.model import model_against_gold
from annotator.services.agreement.spans import PairResult, attribute_entries, compare_layers
from annotator.services.agreement.suggestion_rates import suggestion_rates
from annotator.services.agreement.time_spent import time_per_annotator
from annotator.services.schema.required_blank import DoneBlank, required_left_blank

#: How the label fields' intervals are drawn: what a paper states beside them.
INTERVALS = {
    "method": METHOD,
    "resamples": RESAMPLES,
    "seed": SEED,
    "confidence": CONFIDENCE,
    # An interval drawn from fewer documents (or units) is rough: the page says so.
    "rough_below": ROUGH_BELOW,
    "reference": "Hayes & Krippendorff (2007), Communication Methods and Measures 1(1):77-89",
    # Why documents: the sentences of one are not independent draws (docs/agreement.md).
    "cluster_reference": "Field & Welsh (2007), Journal of the Royal Statistical Society B "
    "69(3):369-390",
}


def agreement_report(
    session: Session,
    project: Project,
    *,
    annotators: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    per_document: bool = False,
    status: str | None = None,
    shown: ShownNames = AS_NAMED,
    include_in_review: bool = False,
    done_blank: list[DoneBlank] | None = None,
) -> dict[str, Any]:
    """Return the agreement report of ``project``.

    :param annotators: compare only these usernames, as ``shown`` names them (default:
        everyone with work).
    :param documents: only these documents, by external id (default: all); the faces turn
        what users type into these (``named_external_ids`` of
        :mod:`annotator.services.datasets.document_names`).
    :param per_document: add the ``per_document`` list (for the page and the CSV).
    :param status: count only the annotators' layers of this assignment status (``done``:
        finished work only); default: in progress and done (:func:`load_corpus`).
    :param shown: how to name the annotators: by name, or by the project's numbers (the
        review's ``?anonymous=1``), every figure of them keyed so.
    :param include_in_review: score against gold still in review too ("Against gold" and the
        model's scores); default: gold marked final only.
    :param done_blank: the done layers that leave required fields blank, when the caller
        found them already (the page lists them): counted in ``required_left_blank``.
    :raises Invalid: a filter names an annotator or document that is not in the project.
    """
    corpus = load_corpus(
        session,
        project,
        annotators=annotators,
        documents=documents,
        status=status,
        shown=shown,
        include_in_review=include_in_review,
    )
    names = corpus.annotators
    results = _pairs(corpus, per_document)
    counts = _document_counts(corpus)
    fields = list(field_data(corpus))
    labels, label_docs = {}, {}
    for data in fields:
        labels[data.field.key], label_docs[data.field.key] = field_entry(corpus, data)
    report: dict[str, Any] = {
        "project": project.slug,
        # The labels, fields and values compared are this version's (renames carry old data).
        "schema_version": project.schema_version,
        "annotators": names,
        "unpaired": _unpaired(corpus),
        "documents": sum(1 for n in counts.values() if n >= 1),
        "documents_compared": sum(1 for n in counts.values() if n >= 2),
        "labels": labels,
        "intervals": INTERVALS,
        "spans": _spans(corpus, results),
        "relations": _relations(corpus, results),
        "attributes": attribute_entries(corpus, results),
        "gold": _gold(corpus, fields),
        # What the documents cost: median active minutes per document, per annotator.
        "active_time": time_per_annotator(session, project, shown),
        "model": model_against_gold(
            session, project, documents=documents, include_in_review=include_in_review
        ),
    }
    report["suggestion_rates"] = suggestion_rates(
        session,
        project,
        annotators=None if annotators is None else [shown.real(name) for name in annotators],
        documents=documents,
    )
    report["required_left_blank"] = required_left_blank(session, project, done_blank)
    if per_document:
        report["per_document"] = _per_document(corpus, counts, results, label_docs)
    return report


def document_agreement(session: Session, project: Project) -> list[dict[str, Any]]:
    """Return the report's ``per_document`` rows alone: what the review list orders by.

    The same rows as ``agreement_report(..., per_document=True)["per_document"]``, without
    what the rest of the report measures (the project's coefficients, gold, the model, the
    suggestions, the time spent), which cost the review list more than its own rows. Nor
    does it measure the pairs' unitizing alpha: no row holds it.
    """
    corpus = load_corpus(session, project)
    label_docs = {data.field.key: field_pairs(corpus, data) for data in field_data(corpus)}
    pairs = _pairs(corpus, True, unitizing=False)
    return _per_document(corpus, _document_counts(corpus), pairs, label_docs)


def _pairs(corpus: Corpus, per_document: bool, unitizing: bool = True) -> dict[str, PairResult]:
    """Compare the layers of every pair of annotators with a document in common (their
    unitizing alpha too unless ``unitizing`` is false)."""
    return {
        pair_key(x, y): compare_layers(corpus, x, y, per_document=per_document, unitizing=unitizing)
        for x, y in combinations(corpus.annotators, 2)
        if corpus.annotated[x] & corpus.annotated[y]
    }


def _unpaired(corpus: Corpus) -> list[str]:
    """Return the compared annotators who share no document with any other one (in order)."""
    return [
        name
        for name in corpus.annotators
        if not any(
            corpus.annotated[name] & corpus.annotated[other]
            for other in corpus.annotators
            if other != name
        )
    ]


def _document_counts(corpus: Corpus) -> dict[int, int]:
    counts = dict.fromkeys(corpus.documents, 0)
    for name in corpus.annotators:
        for doc in corpus.annotated[name]:
            counts[doc] += 1
    return counts


def _mean(values: list[float | None]) -> float | None:
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None


def _span_pair(r: PairResult, code: int | None, first: str, second: str) -> dict[str, Any]:
    if code is None:
        n_a, n_b, tp_exact, tp_overlap = r.all_counts
        alpha = r.all_alpha
    else:
        n_a, n_b = int(r.n_a[code]), int(r.n_b[code])
        tp_exact, tp_overlap = int(r.tp_exact[code]), int(r.tp_overlap[code])
        alpha = r.alpha.get(code)
    return {
        "f1_exact": f1(tp_exact, n_a, n_b),
        "f1_overlap": f1(tp_overlap, n_a, n_b),
        "alpha_unitizing": alpha,
        "spans": {first: n_a, second: n_b},
        "matched_exact": tp_exact,
        "matched_overlap": tp_overlap,
    }


def _spans(corpus: Corpus, results: dict[str, PairResult]) -> dict[str, Any]:
    entries = {}
    items: list[tuple[int | None, str]] = [*enumerate(corpus.span_labels), (None, ALL_LABELS)]
    for code, label in items:
        pairs = {key: _span_pair(r, code, *key.split("|", 1)) for key, r in results.items()}
        entries[label] = {
            metric: _mean([pair[metric] for pair in pairs.values()])
            for metric in ("f1_exact", "f1_overlap", "alpha_unitizing")
        } | {"pairs": pairs}
    return entries


class _RelationPair(TypedDict):
    f1: float | None
    f1_overlap: float | None
    relations: dict[str, int]


def _relations(corpus: Corpus, results: dict[str, PairResult]) -> dict[str, Any]:
    entries = {}
    for code, kind in enumerate(corpus.relation_types):
        pairs: dict[str, _RelationPair] = {
            key: {
                "f1": f1(int(r.rel_tp_exact[code]), int(r.rel_n_a[code]), int(r.rel_n_b[code])),
                "f1_overlap": f1(
                    int(r.rel_tp_overlap[code]), int(r.rel_n_a[code]), int(r.rel_n_b[code])
                ),
                "relations": dict(zip(key.split("|", 1), _pair_sizes(r, code), strict=True)),
            }
            for key, r in results.items()
        }
        entries[kind] = {
            "f1": _mean([pair["f1"] for pair in pairs.values()]),
            "f1_overlap": _mean([pair["f1_overlap"] for pair in pairs.values()]),
            "pairs": pairs,
        }
    return entries


def _pair_sizes(r: PairResult, code: int) -> tuple[int, int]:
    return int(r.rel_n_a[code]), int(r.rel_n_b[code])


def _scores(tp: int, n_gold: int, n_mine: int) -> dict[str, float | None]:
    counts = PairCounts(tp, n_gold, n_mine)  # gold is the reference
    return {"precision": counts.precision, "recall": counts.recall, "f1": f1(tp, n_gold, n_mine)}


def _gold(corpus: Corpus, fields: list[FieldData]) -> dict[str, Any] | None:
    left_out = {
        "unreviewed": corpus.unreviewed_gold,
        "in_review": corpus.in_review_gold,
        "include_in_review": corpus.include_in_review,
    }
    if not corpus.annotated.get(GOLD):
        if corpus.unreviewed_gold or corpus.in_review_gold:
            return {"documents": 0, "annotators": {}} | left_out
        return None
    annotators = {}
    for name in corpus.annotators:
        if not corpus.annotated[name] & corpus.annotated[GOLD]:
            continue
        r = compare_layers(corpus, GOLD, name, per_document=False, unitizing=False)
        spans = {}
        for code, label in enumerate(corpus.span_labels):
            n_gold, n_mine = int(r.n_a[code]), int(r.n_b[code])
            spans[label] = _scores(int(r.tp_exact[code]), n_gold, n_mine) | {
                "f1_overlap": f1(int(r.tp_overlap[code]), n_gold, n_mine)
            }
        n_gold, n_mine, tp_exact, tp_overlap = r.all_counts
        spans[ALL_LABELS] = _scores(tp_exact, n_gold, n_mine) | {
            "f1_overlap": f1(tp_overlap, n_gold, n_mine)
        }
        relations = {
            kind: _scores(int(r.rel_tp_exact[c]), int(r.rel_n_a[c]), int(r.rel_n_b[c]))
            for c, kind in enumerate(corpus.relation_types)
        }
        annotators[name] = {
            "documents": len(corpus.annotated[name] & corpus.annotated[GOLD]),
            "spans": spans,
            "relations": relations,
            "labels": against_gold(corpus, fields, name),
        }
    return {"documents": len(corpus.annotated[GOLD]), "annotators": annotators} | left_out


def _per_document(
    corpus: Corpus,
    counts: dict[int, int],
    results: dict[str, PairResult],
    label_docs: dict[str, dict[int, tuple[int, int, int]]],
) -> list[dict[str, Any]]:
    sums: dict[int, list[float]] = {}
    for r in results.values():
        if r.per_document is None:
            continue
        # As Python numbers: NumPy's scalars, one at a time, cost more than the sums.
        columns = (column.tolist() for column in r.per_document)
        for doc, exact, overlap in zip(*columns, strict=True):
            entry = sums.setdefault(doc, [0.0, 0.0, 0])
            if exact == exact:  # not nan: the pair marked some span here
                entry[0] += exact
                entry[1] += overlap
                entry[2] += 1
    label_sums: dict[int, list[int]] = {}
    for per_doc in label_docs.values():
        for doc, (agree, total, left_out) in per_doc.items():
            entry_l = label_sums.setdefault(doc, [0, 0, 0])
            entry_l[0] += agree
            entry_l[1] += total
            entry_l[2] += left_out
    rows = []
    for doc, external in sorted(corpus.documents.items()):
        if counts.get(doc, 0) < 2:
            continue
        exact, overlap, n = sums.get(doc, [0.0, 0.0, 0])
        agree, total, left_out = label_sums.get(doc, [0, 0, 0])
        rows.append(
            {
                "document": doc,
                "external_id": external,
                "annotators": counts[doc],
                "f1_exact": exact / n if n else None,
                "f1_overlap": overlap / n if n else None,
                "label_agreement": agree / total if total else None,
                # The review list's disagreement counts what one annotator left out too.
                "label_pairs_left_out": left_out,
                "label_agreement_with_left_out": label_agreement_with_left_out(
                    agree, total, left_out
                ),
            }
        )
    return rows
