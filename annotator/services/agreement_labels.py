"""Agreement on sentence and document label fields over a loaded corpus.

A unit is one sentence (or one document, for a document field) with at least one value.
Coefficients come from :func:`annotator.agreement.label_agreement`: alpha nominal (and
ordinal, on the order of the schema's values, for fields declared ``"ordinal": true``),
Fleiss' kappa (null when units have different numbers of values), Cohen's kappa per pair and
percent agreement (per pairable unit, the share of annotator pairs giving the same value,
averaged over units). A multi-valued field's value is the set of its values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from annotator.agreement import cohen_kappa, krippendorff_alpha, label_agreement
from annotator.agreement.labels import to_matrix
from annotator.models import DOCUMENT_UNIT
from annotator.services.agreement_data import Corpus

DOCUMENT_PREFIX = "document:"


@dataclass
class Field:
    """A label field of the schema, under its report key."""

    key: str  # ``stance``, or ``document:genre`` for a document field
    name: str
    document: bool
    definition: dict[str, Any]


def label_fields(schema: dict[str, Any]) -> list[Field]:
    """Return the schema's sentence fields, then its document fields (keys prefixed)."""
    fields = [Field(d["name"], d["name"], False, d) for d in schema.get("sentence_labels", [])]
    fields += [
        Field(DOCUMENT_PREFIX + d["name"], d["name"], True, d)
        for d in schema.get("document_labels", [])
    ]
    return fields


def group_labels(corpus: Corpus) -> dict[str, dict[str, dict[tuple[int, int], Hashable]]]:
    """Return layer -> field key -> {(document, unit): value}, in one pass over the labels."""
    grouped: dict[str, dict[str, dict[tuple[int, int], Hashable]]] = {}
    for layer, values in corpus.labels.items():
        by_field: dict[str, dict[tuple[int, int], Hashable]] = defaultdict(dict)
        for (name, doc, unit), value in values.items():
            key = DOCUMENT_PREFIX + name if unit == DOCUMENT_UNIT else name
            by_field[key][(doc, unit)] = value
        grouped[layer] = by_field
    return grouped


def field_entries(
    corpus: Corpus, grouped: dict[str, dict[str, dict[tuple[int, int], Hashable]]]
) -> Iterator[tuple[Field, dict[str, Any], dict[int, tuple[int, int]]]]:
    """Yield each field with its report entry and, per document, (agreeing, all) value pairs."""
    names = corpus.annotators
    for field in label_fields(corpus.project.schema):
        layers = [grouped.get(name, {}).get(field.key, {}) for name in names]
        units = sorted(set().union(*layers)) if layers else []
        ratings = {
            name: [layer.get(unit) for unit in units]
            for name, layer in zip(names, layers, strict=True)
        }
        entry = label_agreement(ratings).as_dict() if names else _empty_entry()
        if field.definition.get("ordinal") and not field.definition.get("multiple"):
            rank = {value: index for index, value in enumerate(field.definition["values"])}
            numeric = [[rank.get(v) for v in row] for row in ratings.values()]
            entry["alpha_ordinal"] = krippendorff_alpha(numeric, "ordinal") if names else None
        yield field, entry, _per_document(units, list(ratings.values()))


def _empty_entry() -> dict[str, Any]:
    return {
        "units": 0,
        "pairable_units": 0,
        "alpha_nominal": None,
        "fleiss_kappa": None,
        "percent_agreement": None,
        "cohen_kappa": {},
    }


def _per_document(
    units: list[tuple[int, int]], rows: list[list[Hashable]]
) -> dict[int, tuple[int, int]]:
    """Return, per document, the number of agreeing annotator pairs and of all pairs."""
    if not units or len(rows) < 2:
        return {}
    x = to_matrix(rows)
    present = ~np.isnan(x)
    agreeing = np.zeros(len(units))
    pairs = np.zeros(len(units))
    for i, j in combinations(range(len(rows)), 2):
        both = present[i] & present[j]
        pairs += both
        agreeing += both & (x[i] == x[j])
    docs, where = np.unique(np.array([doc for doc, _ in units]), return_inverse=True)
    agree_sums = np.bincount(where, weights=agreeing, minlength=len(docs))
    pair_sums = np.bincount(where, weights=pairs, minlength=len(docs))
    return {
        int(doc): (int(agree), int(total))
        for doc, agree, total in zip(docs, agree_sums, pair_sums, strict=True)
        if total > 0
    }

def against_gold(
    grouped: dict[str, dict[str, dict[tuple[int, int], Hashable]]],
    corpus: Corpus,
    annotator: str,
) -> dict[str, Any]:
    """Return, per field, Cohen's kappa and percent agreement of ``annotator`` with gold."""
    gold = grouped.get("gold", {})
    mine = grouped.get(annotator, {})
    result = {}
    for field in label_fields(corpus.project.schema):
        reference, theirs = gold.get(field.key, {}), mine.get(field.key, {})
        units = sorted(set(reference) & set(theirs))
        first = [reference[unit] for unit in units]
        second = [theirs[unit] for unit in units]
        result[field.key] = {
            "units": len(units),
            "kappa": cohen_kappa(first, second) if units else None,
            "percent_agreement": (
                sum(x == y for x, y in zip(first, second, strict=True)) / len(units)
                if units
                else None
            ),
        }
    return result
