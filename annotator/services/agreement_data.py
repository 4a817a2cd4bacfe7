"""Loading a project's layers for the agreement report: a handful of queries, whatever its size.

Spans, relations and label values come back as integer arrays, never as ORM objects or even
as one Python row each: the report reads hundreds of thousands of rows, and a tuple per row
costs more than every statistic together. The database packs each layer's rows into one
comma-separated string of integers (labels, types and values replaced by codes with CASE),
which NumPy parses in one call.

Which layers count: an annotator *annotated* a document when they wrote anything in it (a
layer exists) or their assignment is ``in_progress`` or ``done``; an assignment that is
``new`` or ``skipped`` with nothing written is left out. An annotator who annotated a
document and marked no span there marked "no span here", which counts against a partner.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import product
from math import prod
from typing import Any

import numpy as np
from sqlalchemy import BigInteger, String, Text, case, cast, func, literal, select
from sqlalchemy.orm import Session

from annotator.errors import Invalid
from annotator.models import (
    GOLD,
    Assignment,
    Document,
    LabelValue,
    Layer,
    Project,
    Relation,
    Span,
    User,
)

COUNTED_STATUSES = ("in_progress", "done")
CODE_BITS = 10  # span labels and relation types per schema: at most 1,023 of each
UNKNOWN = -2  # the code of a value a CASE does not list
LAYERS_PER_QUERY = 50_000  # bounds the size of one packed string (about 40 MB)


@dataclass
class SpanTable:
    """One layer's spans over the corpus: parallel arrays sorted by (document, start, end)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray  # index into Corpus.span_labels
    id: np.ndarray
    attributes: np.ndarray  # index into Corpus.attribute_sets, -1 for none

    def __len__(self) -> int:
        return len(self.id)


@dataclass
class RelationTable:
    """Relations as parallel arrays; ``source`` and ``target`` are span ids."""

    type: np.ndarray  # index into Corpus.relation_types
    source: np.ndarray
    target: np.ndarray


@dataclass
class LabelTable:
    """Label values of every layer as parallel arrays."""

    layer: np.ndarray  # index into Corpus.layers
    doc: np.ndarray
    unit: np.ndarray  # sentence index, or -1 for the document
    name: np.ndarray  # index into Corpus.label_names
    value: np.ndarray  # index into Corpus.label_values


@dataclass
class Corpus:
    """Everything the report needs, by layer name (an annotator's, or ``gold``)."""

    project: Project
    annotators: list[str]
    layers: list[str]  # annotators, then gold: the order of LabelTable.layer
    documents: dict[int, str]  # document id -> external id, for the documents in scope
    lengths: dict[int, int]
    annotated: dict[str, set[int]]  # layer name -> documents it annotated
    span_labels: list[str]
    relation_types: list[str]
    attribute_sets: list[dict[str, Any]]
    label_names: list[str]
    label_values: list[Hashable]  # JSON values; a list becomes a sorted tuple
    spans: dict[str, SpanTable]
    relations: dict[str, RelationTable]
    labels: LabelTable


def load_corpus(
    session: Session,
    project: Project,
    *,
    annotators: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
) -> Corpus:
    """Load the layers of ``project`` (optionally only some annotators and documents).

    :param annotators: usernames to compare; default: everyone who annotated something.
    :param documents: external ids of the documents to include; default: all.
    :raises Invalid: an annotator or document named in a filter is not in the project.
    """
    in_project = Document.project_id == project.id
    rows = session.execute(
        select(Document.id, Document.external_id, func.length(Document.text)).where(in_project)
    ).all()
    docs = {doc_id: external for doc_id, external, _ in rows}
    lengths = {doc_id: length for doc_id, _, length in rows}
    if documents:
        by_external = {external: doc_id for doc_id, external in docs.items()}
        missing = sorted(set(documents) - set(by_external))
        if missing:
            names = ", ".join(map(repr, missing))
            raise Invalid(f"no document {names} in project {project.slug!r}")
        docs = {by_external[external]: external for external in documents}
    layer_info: dict[int, tuple[str, int]] = {}
    annotated: dict[str, set[int]] = defaultdict(set)
    for layer_id, doc_id, username in session.execute(
        select(Layer.id, Layer.document_id, User.username)
        .join(Document, Document.id == Layer.document_id)
        .outerjoin(User, User.id == Layer.user_id)
        .where(in_project)
    ):
        name = GOLD if username is None else username
        layer_info[layer_id] = (name, doc_id)
        annotated[name].add(doc_id)
    for doc_id, username in session.execute(
        select(Assignment.document_id, User.username)
        .join(User, User.id == Assignment.user_id)
        .join(Document, Document.id == Assignment.document_id)
        .where(in_project, Assignment.status.in_(COUNTED_STATUSES))
    ):
        annotated[username].add(doc_id)
    for name in annotated:
        annotated[name] &= docs.keys()
    chosen = _choose_annotators(annotated, annotators, project)
    layers = [*chosen, GOLD]
    keep = {
        layer_id: info
        for layer_id, info in layer_info.items()
        if info[0] in layers and info[1] in docs
    }
    loader = _Loader(session, layers, keep, max(lengths.values(), default=0), project.schema)
    span_labels = [entry["name"] for entry in project.schema.get("span_labels", [])]
    relation_types = [entry["name"] for entry in project.schema.get("relation_types", [])]
    spans, attribute_sets = loader.spans(span_labels)
    label_names, label_values, labels = loader.labels()
    return Corpus(
        project=project,
        annotators=chosen,
        layers=layers,
        documents=docs,
        lengths={doc_id: lengths[doc_id] for doc_id in docs},
        annotated={name: annotated.get(name, set()) for name in layers},
        span_labels=span_labels,
        relation_types=relation_types,
        attribute_sets=attribute_sets,
        label_names=label_names,
        label_values=label_values,
        spans=spans,
        relations=loader.relations(relation_types),
        labels=labels,
    )


def _choose_annotators(
    annotated: dict[str, set[int]], wanted: Sequence[str] | None, project: Project
) -> list[str]:
    present = sorted(name for name, docs in annotated.items() if name != GOLD and docs)
    if not wanted:
        return present
    unknown = sorted(set(wanted) - set(present))
    if unknown:
        raise Invalid(
            f"{', '.join(map(repr, unknown))} annotated nothing in project {project.slug!r}; "
            f"annotators with work there: {present}"
        )
    return sorted(set(wanted))


def _case(column: Any, values: Sequence[Any], none: Sequence[Any] = ()) -> Any:
    """Return SQL for the index of ``column``'s value in ``values``.

    Values in ``none`` give -1 (no value), anything else ``UNKNOWN`` (-2).
    """
    mapping = {value: -1 for value in none} | {value: i for i, value in enumerate(values)}
    if not mapping:
        return literal(UNKNOWN)
    return case(mapping, value=column, else_=UNKNOWN)


class _Loader:
    """Packed queries: the rows of a range of layers come back as one string of integers.

    No join and no GROUP BY: the layers are chosen by id range (an index scan), and rows of
    layers outside the report (other projects, annotators left out) are dropped afterwards.
    """

    def __init__(
        self,
        session: Session,
        layers: list[str],
        keep: dict[int, tuple[str, int]],
        longest: int,
        schema: dict[str, Any],
    ) -> None:
        self.session = session
        self.ids = np.array(sorted(keep), dtype=np.int64)
        index = {name: i for i, name in enumerate(layers)}
        self.layer_of = np.array([index[keep[i][0]] for i in self.ids.tolist()], dtype=np.int64)
        self.doc_of = np.array([keep[i][1] for i in self.ids.tolist()], dtype=np.int64)
        self.layers = layers
        self.schema = schema
        self.bits = max(longest, 1).bit_length()
        if 2 * self.bits + CODE_BITS > 62:
            raise Invalid("a document is too long for the agreement report (over 67M characters)")

    def _ranges(self) -> list[tuple[int, int]]:
        ids = self.ids.tolist()
        return [
            (ids[i], ids[min(i + LAYERS_PER_QUERY, len(ids)) - 1])
            for i in range(0, len(ids), LAYERS_PER_QUERY)
        ]

    def distinct(self, column: Any, layer_column: Any) -> list[Any]:
        """Return the distinct values of ``column`` in the chosen layers, sorted."""
        found: set[Any] = set()
        for low, high in self._ranges():
            found.update(
                self.session.scalars(
                    select(column).where(layer_column.between(low, high)).distinct()
                )
            )
        return sorted(value for value in found if value is not None)

    def packed(
        self, layer_column: Any, parts: list[Any]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (layer index, document id, the parts as columns) of the chosen layers' rows."""
        text = cast(layer_column, String)
        for part in parts:
            text = text + "," + cast(part, String)
        chunks = []
        for low, high in self._ranges():
            packed = self.session.scalar(
                select(func.aggregate_strings(text, ",")).where(layer_column.between(low, high))
            )
            if packed:
                chunks.append(np.fromstring(packed, dtype=np.int64, sep=","))
        width = len(parts) + 1
        rows = np.concatenate(chunks).reshape(-1, width) if chunks else np.zeros((0, width), int)
        where = np.minimum(np.searchsorted(self.ids, rows[:, 0]), max(len(self.ids) - 1, 0))
        chosen = self.ids[where] == rows[:, 0] if len(self.ids) else np.zeros(len(rows), bool)
        rows, where = rows[chosen], where[chosen]
        return self.layer_of[where], self.doc_of[where], rows[:, 1:]

    def spans(self, labels: list[str]) -> tuple[dict[str, SpanTable], list[dict[str, Any]]]:
        """Return each layer's spans and the distinct attribute sets they carry."""
        raw_attributes = cast(Span.attributes, Text)
        raws = _attribute_candidates(self.schema)
        shift = 1 << self.bits
        for attempt in range(2):
            position = (cast(Span.start, BigInteger) * shift + (Span.end - Span.start)) * (
                1 << CODE_BITS
            ) + (_case(Span.label, labels) + 2)
            layer, doc, rows = self.packed(
                Span.layer_id,
                [position, Span.id, _case(raw_attributes, raws, none=("{}", "null"))],
            )
            code = rows[:, 0]
            label = (code & ((1 << CODE_BITS) - 1)) - 2
            if attempt or not ((label == UNKNOWN).any() or (rows[:, 2] == UNKNOWN).any()):
                break
            # Labels or attribute sets the schema does not list (it changed since): code
            # them too and read again. Rare, so the common case needs no DISTINCT scans.
            labels += [x for x in self.distinct(Span.label, Span.layer_id) if x not in labels]
            raws += [
                raw
                for raw in self.distinct(raw_attributes, Span.layer_id)
                if raw not in raws and raw not in ("{}", "null")
            ]
        length = (code >> CODE_BITS) & (shift - 1)
        start = code >> (CODE_BITS + self.bits)
        order = np.lexsort((rows[:, 1], start + length, start, doc, layer))
        layer, doc, start, end = layer[order], doc[order], start[order], (start + length)[order]
        label, ids, sets = label[order], rows[order, 1], rows[order, 2]
        bounds = np.searchsorted(layer, np.arange(len(self.layers) + 1))
        tables = {}
        for k, name in enumerate(self.layers):
            part = slice(bounds[k], bounds[k + 1])
            tables[name] = SpanTable(
                doc[part], start[part], end[part], label[part], ids[part], sets[part]
            )
        return tables, [json.loads(raw) for raw in raws]

    def relations(self, types: list[str]) -> dict[str, RelationTable]:
        """Return each layer's relations (of the schema's types; others say nothing here)."""
        layer, _doc, rows = self.packed(
            Relation.layer_id,
            [_case(Relation.type, types), Relation.from_span_id, Relation.to_span_id],
        )
        known = rows[:, 0] >= 0
        layer, rows = layer[known], rows[known]
        return {
            name: RelationTable(*(rows[layer == k, c] for c in range(3)))
            for k, name in enumerate(self.layers)
        }

    def labels(self) -> tuple[list[str], list[Hashable], LabelTable]:
        """Return the label field names and values in use, and every layer's label values."""
        raw_value = cast(LabelValue.value, Text)
        fields = self.schema.get("sentence_labels", []) + self.schema.get("document_labels", [])
        names = sorted({field["name"] for field in fields})
        raws = sorted({json.dumps(value) for field in fields for value in field["values"]})
        for attempt in range(2):
            layer, doc, rows = self.packed(
                LabelValue.layer_id,
                [
                    LabelValue.sentence_index,
                    _case(LabelValue.name, names),
                    _case(raw_value, raws, none=("null",)),
                ],
            )
            if attempt or not (rows[:, 2] == UNKNOWN).any():
                break
            # Lists (multi-valued fields) or values the schema no longer lists.
            raws += [
                raw
                for raw in self.distinct(raw_value, LabelValue.layer_id)
                if raw not in raws and raw != "null"
            ]
        present = (rows[:, 1] >= 0) & (rows[:, 2] >= 0)  # a null value is no value
        values = [_value(raw) for raw in raws]
        # Two texts of one value (a list in another order) share the first one's code.
        first: dict[Hashable, int] = {}
        same = np.array([first.setdefault(v, i) for i, v in enumerate(values)] + [-1])
        table = LabelTable(
            layer[present], doc[present], rows[present, 0], rows[present, 1], same[rows[present, 2]]
        )
        return names, values, table


def _attribute_candidates(schema: dict[str, Any]) -> list[str]:
    """Return the stored text of the attribute sets the schema allows, as far as it is small.

    The JSON column stores ``json.dumps`` of the dict, keys in the order they were given;
    every single-attribute set and every full set in schema order is listed, and anything
    else is found by a second reading (see :meth:`_Loader.spans`).
    """
    found: list[str] = []
    for label in schema.get("span_labels", []):
        attributes = [a for a in label.get("attributes", []) if not a.get("multiple")]
        for attribute in attributes:
            found += [json.dumps({attribute["name"]: v}) for v in attribute["values"]]
        if len(attributes) > 1 and prod(len(a["values"]) for a in attributes) <= 500:
            names = [a["name"] for a in attributes]
            found += [
                json.dumps(dict(zip(names, combo, strict=True)))
                for combo in product(*(a["values"] for a in attributes))
            ]
    return sorted(set(found))


def _value(raw: str) -> Hashable:
    value = json.loads(raw)
    # A multi-valued field compares as a set of values, in any order.
    return tuple(sorted(value)) if isinstance(value, list) else value
