"""Span, relation and attribute agreement over a loaded corpus, one layer pair at a time.

Definitions (AGREEMENT.md sections 1a, 1b and 2; :mod:`annotator.core.agreement`):

-   span F1: one-to-one matching, exact (same start, end and label) or overlap (greedy,
    largest shared part first); counts summed over the documents both layers annotated,
    ``F1 = 2 TP / (|A| + |B|)``. The ``_all`` entry ignores labels (boundaries only).
-   unitizing alpha: Krippendorff 2004 on the documents both annotated, laid end to end;
    overlapping spans of one label by one annotator are merged first (the coefficient needs
    disjoint units). Computed per pair (the 2004 form misbehaves with more observers).
-   relation F1: a relation matches when the types are equal and both ends are matched spans
    (labeled exact matching for ``f1``, labeled overlap matching for ``f1_overlap``).
-   attributes: Krippendorff's alpha (nominal) over the spans matched by labeled overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from annotator.core.agreement import krippendorff_alpha
from annotator.core.agreement.vectorised import (
    SpanArrays,
    match_exact,
    match_overlap,
    merge_units,
    unitizing_alpha_arrays,
)
from annotator.services.agreement.corpus import Corpus, SpanTable


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
    attributes: dict[str, np.ndarray] = field(default_factory=dict)  # 2 x matched value codes
    # per shared document: (document ids, labeled exact F1, labeled overlap F1; nan if empty)
    per_document: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def __post_init__(self) -> None:
        zeros = np.zeros(self.labels, dtype=np.int64)
        self.n_a, self.n_b, self.tp_exact, self.tp_overlap = (zeros.copy() for _ in range(4))
        rel = np.zeros(self.types, dtype=np.int64)
        self.rel_n_a, self.rel_n_b = rel.copy(), rel.copy()
        self.rel_tp_exact, self.rel_tp_overlap = rel.copy(), rel.copy()


def f1(tp: int, n_a: int, n_b: int) -> float | None:
    """Return ``2 TP / (|A| + |B|)``, or None when neither side has anything to agree on."""
    return 2 * tp / (n_a + n_b) if n_a + n_b else None


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
    loose_exact = match_exact(a, b, labeled=False)
    loose_overlap = match_overlap(a, b, labeled=False)
    result.n_a = np.bincount(a.label, minlength=labels)
    result.n_b = np.bincount(b.label, minlength=labels)
    result.tp_exact = np.bincount(a.label[exact >= 0], minlength=labels)
    result.tp_overlap = np.bincount(a.label[overlap >= 0], minlength=labels)
    result.all_counts = (
        len(a),
        len(b),
        int((loose_exact >= 0).sum()),
        int((loose_overlap >= 0).sum()),
    )
    if unitizing:
        _unitizing(corpus, shared, a, b, result)
    _relations(corpus, first, second, (a_ids, b_ids), (exact, overlap), result)
    _attributes(corpus, a, (a_attributes, b_attributes), overlap, result)
    if per_document:
        result.per_document = _per_document(shared, a, b, exact, overlap)
    return result


def _unitizing(
    corpus: Corpus, shared: np.ndarray, a: SpanArrays, b: SpanArrays, result: PairResult
) -> None:
    lengths = np.array([corpus.lengths[int(doc)] for doc in shared], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    total = int(lengths.sum())

    def units(x: SpanArrays, labeled: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        position = offsets[np.searchsorted(shared, x.doc)] + x.start
        category = x.label if labeled else np.zeros(len(x), dtype=np.int64)
        return merge_units(position, x.end - x.start, category)

    by_label = unitizing_alpha_arrays({"a": units(a, True), "b": units(b, True)}, total)
    result.alpha = {int(code): d.alpha for code, d in by_label.categories.items()}
    result.all_alpha = unitizing_alpha_arrays(
        {"a": units(a, False), "b": units(b, False)}, total
    ).alpha


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
    types = len(corpus.relation_types)
    tables: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for table, span_ids in ((corpus.relations[first], ids[0]), (corpus.relations[second], ids[1])):
        source, target = _positions(span_ids, table.source), _positions(span_ids, table.target)
        inside = (source >= 0) & (target >= 0)  # relations of the shared documents only
        tables.append((table.type[inside], source[inside], target[inside]))
    (a_type, a_from, a_to), (b_type, b_from, b_to) = tables
    result.rel_n_a = np.bincount(a_type, minlength=types)
    result.rel_n_b = np.bincount(b_type, minlength=types)
    width = len(ids[1]) + 1
    b_keys = (b_type * width + b_from) * width + b_to
    for partner, target in zip(partners, ("rel_tp_exact", "rel_tp_overlap"), strict=True):
        source, to = partner[a_from], partner[a_to]
        valid = (source >= 0) & (to >= 0)
        a_keys = (a_type[valid] * width + source[valid]) * width + to[valid]
        setattr(result, target, _common_per_type(a_keys, b_keys, width * width, types))


def _common_per_type(a: np.ndarray, b: np.ndarray, per_type: int, types: int) -> np.ndarray:
    """Return, per type, the size of the multiset intersection of two key arrays."""
    ka, ca = np.unique(a, return_counts=True)
    kb, cb = np.unique(b, return_counts=True)
    _, ia, ib = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    common = np.minimum(ca[ia], cb[ib])
    return np.bincount(ka[ia] // per_type, weights=common, minlength=types).astype(np.int64)


def attribute_codes(corpus: Corpus) -> dict[str, tuple[int, np.ndarray]]:
    """Return ``LABEL.attribute`` -> (label code, value code of each attribute set; -1: none)."""
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
            result[f"{definition['name']}.{name}"] = (code, table)
    return result


def _attributes(
    corpus: Corpus,
    a: SpanArrays,
    sets: tuple[np.ndarray, np.ndarray],
    overlap: np.ndarray,
    result: PairResult,
) -> None:
    for key, (code, table) in attribute_codes(corpus).items():
        matched = np.flatnonzero((overlap >= 0) & (a.label == code))
        # Set code -1 (no attributes) picks the table's last entry, which is -1 too.
        first, second = table[sets[0][matched]], table[sets[1][overlap[matched]]]
        result.attributes[key] = np.vstack([first, second]).astype(float)


def _hashable(value: object) -> object:
    return tuple(sorted(value)) if isinstance(value, list) else value


def attribute_entry(values: dict[str, np.ndarray]) -> dict[str, object]:
    """Return one attribute's report entry from its matched value pairs, per layer pair."""

    def alpha(rows: np.ndarray) -> float | None:
        return krippendorff_alpha(np.where(rows < 0, np.nan, rows), "nominal")

    pooled = np.hstack([rows for rows in values.values()] or [np.zeros((2, 0))])
    return {
        "alpha_nominal": alpha(pooled),
        "matched_spans": int(((pooled >= 0).sum(axis=0) == 2).sum()),
        "pairs": {key: alpha(rows) for key, rows in values.items()},
    }


def _per_document(
    shared: np.ndarray, a: SpanArrays, b: SpanArrays, exact: np.ndarray, overlap: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    size = len(shared)
    where_a = np.searchsorted(shared, a.doc)
    totals = np.bincount(where_a, minlength=size) + np.bincount(
        np.searchsorted(shared, b.doc), minlength=size
    )
    scores = []
    for partner in (exact, overlap):
        tp = np.bincount(where_a[partner >= 0], minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            scores.append(np.where(totals > 0, 2 * tp / np.maximum(totals, 1), np.nan))
    return shared, scores[0], scores[1]
