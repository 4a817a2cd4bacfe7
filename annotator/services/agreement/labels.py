"""Agreement on sentence and document label fields over a loaded corpus.

A unit is one sentence (or one document, for a document field) with at least one value.
This module only arranges each field's values as a matrix; every coefficient comes from
:mod:`annotator.core.agreement` (:func:`~annotator.core.agreement.fields.matrix_agreement`):
alpha nominal (and ordinal, on the order of the schema's values, for fields declared
``"ordinal": true``), Fleiss' kappa (null when units have different numbers of values),
Cohen's kappa per pair and percent agreement (per pairable unit, the share of annotator
pairs giving the same value, averaged over units). A multi-valued field's value is the set
of its values: the figures above compare whole sets, and two more measure it
(:mod:`annotator.core.agreement.sets`): ``alpha_masi``, alpha with the MASI distance (partial
credit for overlapping sets), and ``per_value``, each schema value's presence in the sets.

Beside the figures, per field, the omissions no coefficient sees: ``left_blank_units``, the
units some annotator gave a value and another (whose layer is on that document) left blank,
and ``left_blank``, how many of them each annotator left blank
(:func:`~annotator.core.agreement.fields.left_blank`).

Two more things a paper reports, per field: ``intervals``, bootstrap 95 % intervals of alpha
nominal and Fleiss' kappa over resamples of documents, each with all its units
(:mod:`annotator.core.agreement.bootstrap`; each interval's ``resampled`` says what was drawn,
the report's top-level ``intervals`` how), and, for a single-valued field, ``coincidences``:
Krippendorff's coincidence matrix over the schema's values in schema order, with each pair of
annotators' contingency table (:mod:`annotator.core.agreement.coincidences`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from annotator.core.agreement import (
    cohen_kappa,
    krippendorff_alpha,
    pair_key,
    percent_agreement,
)
from annotator.core.agreement.bootstrap import bootstrap_intervals
from annotator.core.agreement.coincidences import coincidence_matrix, pair_table
from annotator.core.agreement.fields import agreeing_pairs, left_blank, matrix_agreement
from annotator.core.agreement.kappa import cohen_kappa_undefined
from annotator.core.agreement.sets import masi_alpha, value_agreement
from annotator.core.vocabulary import DOCUMENT_PREFIX
from annotator.models import GOLD
from annotator.services.agreement.corpus import Corpus


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


@dataclass
class FieldData:
    """One field's values: a layers x units matrix of value codes (nan = no value)."""

    field: Field
    values: np.ndarray  # rows: Corpus.layers (annotators, then gold)
    ranks: np.ndarray | None  # the same with ordinal ranks, for ordinal fields
    docs: np.ndarray  # the document of each unit


def field_data(corpus: Corpus) -> Iterator[FieldData]:
    """Yield each label field of the schema with its values, units being columns."""
    table = corpus.labels
    for field in label_fields(corpus.project.schema):
        code = corpus.label_names.index(field.name) if field.name in corpus.label_names else -1
        mask = (table.name == code) & ((table.unit == -1) if field.document else (table.unit >= 0))
        doc, unit, layer, value = (
            table.doc[mask],
            table.unit[mask],
            table.layer[mask],
            table.value[mask],
        )
        keys = doc * (int(unit.max(initial=0)) + 2) + unit + 1
        unique, where = np.unique(keys, return_inverse=True)
        values = np.full((len(corpus.layers), len(unique)), np.nan)
        values[layer, where] = value
        docs = np.zeros(len(unique), dtype=np.int64)
        docs[where] = doc
        ranks = None
        if field.definition.get("ordinal") and not field.definition.get("multiple"):
            order = {v: i for i, v in enumerate(field.definition["values"])}
            lookup = np.array(
                [order.get(v, np.nan) for v in corpus.label_values] + [np.nan], dtype=float
            )
            ranks = np.where(
                np.isnan(values), np.nan, lookup[np.nan_to_num(values, nan=-1).astype(int)]
            )
        yield FieldData(field, values, ranks, docs)


def field_entry(
    corpus: Corpus, data: FieldData
) -> tuple[dict[str, Any], dict[int, tuple[int, int, int]]]:
    """Return a field's report entry and, per document, (agreeing, valued, left out) annotator
    pairs (:func:`~annotator.core.agreement.fields.agreeing_pairs`)."""
    count = len(corpus.annotators)
    x, docs, keep, compared = _valued(corpus, data)
    entry = matrix_agreement(x, corpus.annotators).as_dict()
    entry["left_blank_units"], entry["left_blank"] = left_blank(x, compared, corpus.annotators)
    entry["intervals"] = {
        name: None if found is None else found.as_dict()
        # Each sentence brings its document: the interval resamples documents, not sentences.
        for name, found in bootstrap_intervals(x, documents=docs).items()
    }
    if not data.field.definition.get("multiple"):
        entry["coincidences"] = coincidences(corpus, data.field, x)
    if data.ranks is not None:
        entry["alpha_ordinal"] = (
            krippendorff_alpha(data.ranks[:count][:, keep], "ordinal") if count else None
        )
    if data.field.definition.get("multiple"):
        entry["alpha_masi"] = masi_alpha(x, corpus.label_values)
        found = value_agreement(x, corpus.label_values, data.field.definition["values"])
        entry["per_value"] = {str(value): figures.as_dict() for value, figures in found.items()}
    return entry, agreeing_pairs(x, docs, compared)


def coincidences(corpus: Corpus, field: Field, x: np.ndarray) -> dict[str, Any]:
    """Return a single-valued field's coincidence matrix and each annotator pair's table.

    Rows and columns are the schema's values in schema order (a value nobody gave has a row
    of zeros), then any value the data holds that the schema no longer lists. A pair's table
    has the first name of its key (sorted) in rows, the second in columns.
    """
    found, matrix = coincidence_matrix(x)
    schema = field.definition.get("values", [])
    # Value codes are the corpus's (-1: a schema value nobody gave, so no code).
    codes = [corpus.label_values.index(v) if v in corpus.label_values else -1 for v in schema]
    extra = sorted(int(code) for code in found if int(code) not in codes)
    order = codes + extra
    shown_values = [*schema, *(corpus.label_values[code] for code in extra)]
    where = {int(code): i for i, code in enumerate(found)}
    shown = np.zeros((len(order), len(order)))
    present = [i for i, code in enumerate(order) if code in where]
    picked = [where[order[i]] for i in present]
    shown[np.ix_(present, present)] = matrix[np.ix_(picked, picked)]
    names = corpus.annotators
    pairs = {}
    for i, j in combinations(range(len(names)), 2):
        first, second = (i, j) if names[i] <= names[j] else (j, i)
        table = pair_table(x[first], x[second], order)
        if table.any():
            pairs[pair_key(names[i], names[j])] = table.tolist()
    return {
        "values": shown_values,
        "matrix": [[_number(v) for v in row] for row in shown.tolist()],
        "pairs": pairs,
    }


def _number(value: float) -> float | int:
    """A whole count as an integer (two annotators' coincidences are all whole)."""
    return int(value) if value.is_integer() else value


def field_pairs(corpus: Corpus, data: FieldData) -> dict[int, tuple[int, int, int]]:
    """Return per document the (agreeing, valued, left out) annotator pairs of a field, as
    :func:`field_entry` does, without the field's coefficients."""
    x, docs, _keep, compared = _valued(corpus, data)
    return agreeing_pairs(x, docs, compared)


def _valued(corpus: Corpus, data: FieldData) -> tuple[Any, Any, Any, Any]:
    """The annotators' values of the units some annotator gave a value, their documents,
    which units those are, and whether each annotator's layer is on each unit's document."""
    x = data.values[: len(corpus.annotators)]
    keep = (~np.isnan(x)).sum(axis=0) >= 1
    docs = data.docs[keep]
    compared = np.array(
        [np.isin(docs, list(corpus.annotated[name])) for name in corpus.annotators], dtype=bool
    ).reshape(len(corpus.annotators), len(docs))
    return x[:, keep], docs, keep, compared


def against_gold(corpus: Corpus, fields: list[FieldData], annotator: str) -> dict[str, Any]:
    """Return, per field, Cohen's kappa and percent agreement of ``annotator`` with gold, with
    what a reader can check them by: the ``units`` both gave a value, the ``matches`` among
    them, and why kappa is undefined (``kappa_undefined``, None when it is not): an annotator
    who matches gold on a field where both used one value only has no kappa, while one who
    differs has 0, so kappa alone reads backwards there."""
    gold_row, row = corpus.layers.index(GOLD), corpus.layers.index(annotator)
    result = {}
    for data in fields:
        reference, theirs = data.values[gold_row], data.values[row]
        both = ~np.isnan(reference) & ~np.isnan(theirs)
        units = int(both.sum())
        result[data.field.key] = {
            "units": units,
            "kappa": cohen_kappa(reference, theirs),
            "percent_agreement": percent_agreement(np.vstack([reference, theirs])),
            "matches": int((reference[both] == theirs[both]).sum()),
            "kappa_undefined": cohen_kappa_undefined(reference, theirs),
        }
    return result
