"""Span, relation and attribute agreement over a loaded corpus, one layer pair at a time.

This module only picks each pair's data out of the loaded corpus and calls
:mod:`annotator.core.agreement`, where every measure is implemented once. Definitions
(AGREEMENT.md sections 1a, 1b and 2):

-   span F1: one-to-one matching, exact (same start, end and label) or overlap (greedy,
    largest shared part first); counts summed over the documents both layers annotated,
    ``F1 = 2 TP / (|A| + |B|)``. The ``_all`` entry ignores labels (boundaries only).
-   unitizing alpha: Krippendorff 2004 on the documents both annotated, laid end to end;
    overlapping spans of one label by one annotator are merged first (the coefficient needs
    disjoint units). Computed per pair (the 2004 form misbehaves with more observers).
-   relation F1: a relation matches when the types are equal and both ends are matched spans
    (labeled exact matching for ``f1``, labeled overlap matching for ``f1_overlap``).
-   attributes: Krippendorff's alpha (nominal) over the spans matched by labeled overlap;
    for a multi-valued attribute also alpha with the MASI distance and each value's presence
    (:mod:`annotator.core.agreement.sets`), pooled over pairs.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from annotator.core.agreement.attributes import attribute_agreement, matched_values
from annotator.core.agreement.continuum import corpus_unitizing_alpha
from annotator.core.agreement.matching import SpanArrays, match_exact, match_overlap
from annotator.core.agreement.relations import RelationArrays, relation_tallies
from annotator.core.agreement.sets import masi_alpha, value_agreement
from annotator.core.agreement.tallies import label_counts, matched, per_document_f1
from annotator.services.agreement.corpus import Corpus
from annotator.services.agreement.tables import SpanTable


@dataclass
class PairResult:
    """What one pair of layers (A the reference, B compared) gives, per label and type."""

    labels: int
    types: int
    n_a: np.ndarray = field(init=False)
    n_b: np.ndarray = field(init=False)
    tp_exact: np.ndarray = field(init=False)
    tp_overlap: np.ndarray = field(init=False)
    alpha: dict[int, float | None] = field(default_factory=dict)
    all_counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # n_a, n_b, tp exact, tp overlap
    all_alpha: float | None = None
    rel_n_a: np.ndarray = field(init=False)
    rel_n_b: np.ndarray = field(init=False)
    rel_tp_exact: np.ndarray = field(init=False)
    rel_tp_overlap: np.ndarray = field(init=False)
    # 2 x matched value codes (nan: no value), per ``LABEL.attribute``
    attributes: dict[str, np.ndarray] = field(default_factory=dict)
    # per shared document: (document ids, labeled exact F1, labeled overlap F1; nan if empty)
    per_document: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def __post_init__(self) -> None:
        zeros = np.zeros(self.labels, dtype=np.int64)
        self.n_a, self.n_b, self.tp_exact, self.tp_overlap = (zeros.copy() for _ in range(4))
        rel = np.zeros(self.types, dtype=np.int64)
        self.rel_n_a, self.rel_n_b = rel.copy(), rel.copy()
        self.rel_tp_exact, self.rel_tp_overlap = rel.copy(), rel.copy()


def _subset(table: SpanTable, docs: np.ndarray) -> tuple[SpanArrays, np.ndarray, np.ndarray]:
    mask = np.isin(table.doc, docs)
    arrays = SpanArrays(table.doc[mask], table.start[mask], table.end[mask], table.label[mask])
    return arrays, table.id[mask], table.attributes[mask]


def compare_layers(
    corpus: Corpus, first: str, second: str, *, per_document: bool, unitizing: bool = True
) -> PairResult:
    """Compare layers ``first`` (the reference) and ``second`` on the documents both annotated."""
    labels, types = len(corpus.span_labels), len(corpus.relation_types)
    result = PairResult(labels, types)
    shared = np.array(sorted(corpus.annotated[first] & corpus.annotated[second]), dtype=np.int64)
    if not len(shared):
        return result
    a, a_ids, a_attributes = _subset(corpus.spans[first], shared)
    b, b_ids, b_attributes = _subset(corpus.spans[second], shared)
    exact = match_exact(a, b, labeled=True)
    overlap = match_overlap(a, b, labeled=True)
    counts = label_counts(a, b, exact, labels)
    result.n_a, result.n_b, result.tp_exact = counts.n_a, counts.n_b, counts.tp
    result.tp_overlap = label_counts(a, b, overlap, labels).tp
    result.all_counts = (
        len(a),
        len(b),
        matched(match_exact(a, b, labeled=False)),
        matched(match_overlap(a, b, labeled=False)),
    )
    if unitizing:
        lengths = np.array([corpus.lengths[int(doc)] for doc in shared], dtype=np.int64)
        by_label = corpus_unitizing_alpha({"a": a, "b": b}, shared, lengths)
        found = by_label.categories
        result.alpha = {code: found[code].alpha for code in range(labels) if code in found}
        result.all_alpha = corpus_unitizing_alpha(
            {"a": a, "b": b}, shared, lengths, labeled=False
        ).alpha
    _relations(corpus, first, second, (a_ids, b_ids), (exact, overlap), result)
    for key, (code, table, _values) in attribute_codes(corpus).items():
        # Set code -1 (no attributes) picks the table's last entry, which is -1 too.
        result.attributes[key] = matched_values(
            overlap, table[a_attributes], table[b_attributes], a.label == code
        )
    if per_document:
        result.per_document = (
            shared,
            per_document_f1(shared, a, b, exact),
            per_document_f1(shared, a, b, overlap),
        )
    return result


def _positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Return the index of each wanted span id in ``ids``, or -1 when it is not there."""
    if not len(ids):
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(ids)
    found = np.minimum(np.searchsorted(ids, wanted, sorter=order), len(ids) - 1)
    index = order[found]
    return np.where(ids[index] == wanted, index, -1)


def _relations(
    corpus: Corpus,
    first: str,
    second: str,
    ids: tuple[np.ndarray, np.ndarray],
    partners: tuple[np.ndarray, np.ndarray],
    result: PairResult,
) -> None:
    """Load the pair's relations of the shared documents (ends as span positions), count."""
    tables = []
    for table, span_ids in ((corpus.relations[first], ids[0]), (corpus.relations[second], ids[1])):
        source, target = _positions(span_ids, table.source), _positions(span_ids, table.target)
        inside = (source >= 0) & (target >= 0)  # relations of the shared documents only
        tables.append(RelationArrays(table.type[inside], source[inside], target[inside]))
    types = len(corpus.relation_types)
    exact = relation_tallies(tables[0], tables[1], partners[0], types)
    result.rel_n_a, result.rel_n_b, result.rel_tp_exact = exact.n_a, exact.n_b, exact.tp
    result.rel_tp_overlap = relation_tallies(tables[0], tables[1], partners[1], types).tp


def attribute_entries(corpus: Corpus, results: dict[str, PairResult]) -> dict[str, Any]:
    """Return the report's ``attributes``: per ``LABEL.attribute``, alpha over every pair's
    matched spans pooled and per pair; a multi-valued one also ``alpha_masi`` and ``per_value``
    (as a multi-valued label field has them), pooled."""
    entries = {}
    definitions = {
        f"{label['name']}.{attribute['name']}": attribute
        for label in corpus.project.schema.get("span_labels", [])
        for attribute in label.get("attributes", [])
    }
    for key, (_code, _table, values) in attribute_codes(corpus).items():
        matched = {pair: r.attributes[key] for pair, r in results.items()}
        entry = attribute_agreement(matched).as_dict()
        if definitions[key].get("multiple"):
            pooled = np.hstack([*matched.values()] or [np.zeros((2, 0))])
            entry["alpha_masi"] = masi_alpha(pooled, values)
            found = value_agreement(pooled, values, definitions[key]["values"])
            entry["per_value"] = {str(v): figures.as_dict() for v, figures in found.items()}
        entries[key] = entry
    return entries


def attribute_codes(corpus: Corpus) -> dict[str, tuple[int, np.ndarray, list[Hashable]]]:
    """Return ``LABEL.attribute`` -> (label code, value code of each attribute set (-1: none),
    the value of each code)."""
    result = {}
    for definition in corpus.project.schema.get("span_labels", []):
        for attribute in definition.get("attributes", []):
            name = attribute["name"]
            values = [_hashable(found.get(name)) for found in corpus.attribute_sets]
            codes: dict[object, int] = {}
            table = np.array(
                [-1 if v is None else codes.setdefault(v, len(codes)) for v in values] + [-1],
                dtype=np.int64,
            )
            code = corpus.span_labels.index(definition["name"])
            result[f"{definition['name']}.{name}"] = (code, table, list(codes))
    return result


def _hashable(value: object) -> object:
    return tuple(sorted(value)) if isinstance(value, list) else value
