"""Loading a project's layers for the agreement report: a handful of queries, whatever its size.

Spans, relations and label values come back as flat arrays (spans, relations) or dicts keyed
by unit (labels), never as ORM objects: the report reads hundreds of thousands of rows, and
building an object per row would cost more than every statistic together.

Which layers count: an annotator *annotated* a document when they wrote anything in it (a
layer exists) or their assignment is ``in_progress`` or ``done``; an assignment that is
``new`` or ``skipped`` with nothing written is left out. An annotator who annotated a
document and marked no span there marked "no span here", which counts against a partner.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Text, cast, func, select
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


@dataclass
class SpanTable:
    """One layer's spans over the corpus: parallel arrays sorted by (document, start, end)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray  # index into Corpus.span_labels
    id: np.ndarray
    attributes: dict[int, dict[str, Any]] = field(default_factory=dict)  # span id -> non-empty

    def __len__(self) -> int:
        return len(self.id)


@dataclass
class RelationTable:
    """Relations as parallel arrays; ``source`` and ``target`` are span ids."""

    type: np.ndarray  # index into Corpus.relation_types
    source: np.ndarray
    target: np.ndarray


@dataclass
class Corpus:
    """Everything the report needs, keyed by layer name (an annotator's, or ``gold``)."""

    project: Project
    annotators: list[str]
    documents: dict[int, str]  # document id -> external id, for the documents in scope
    lengths: dict[int, int]
    annotated: dict[str, set[int]]  # layer name -> documents it annotated
    span_labels: list[str]
    relation_types: list[str]
    spans: dict[str, SpanTable]
    relations: dict[str, RelationTable]
    # layer name -> {(field name, document id, unit): value}; unit -1 is the document itself
    labels: dict[str, dict[tuple[str, int, int], Any]]


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
    docs = dict(
        session.execute(
            select(Document.id, Document.external_id).where(Document.project_id == project.id)
        ).all()
    )
    if documents:
        by_external = {external: doc_id for doc_id, external in docs.items()}
        missing = sorted(set(documents) - set(by_external))
        if missing:
            names = ", ".join(map(repr, missing))
            raise Invalid(f"no document {names} in project {project.slug!r}")
        docs = {by_external[external]: external for external in documents}
    in_project = Document.project_id == project.id
    lengths = dict(
        session.execute(select(Document.id, func.length(Document.text)).where(in_project)).all()
    )
    layer_names: dict[int, str] = {}
    annotated: dict[str, set[int]] = defaultdict(set)
    layer_rows = session.execute(
        select(Layer.id, Layer.document_id, User.username)
        .join(Document, Document.id == Layer.document_id)
        .outerjoin(User, User.id == Layer.user_id)
        .where(in_project)
    )
    for layer_id, doc_id, username in layer_rows:
        name = GOLD if username is None else username
        layer_names[layer_id] = name
        annotated[name].add(doc_id)
    started = session.execute(
        select(Assignment.document_id, User.username)
        .join(User, User.id == Assignment.user_id)
        .join(Document, Document.id == Assignment.document_id)
        .where(in_project, Assignment.status.in_(COUNTED_STATUSES))
    )
    for doc_id, username in started:
        annotated[username].add(doc_id)
    for name in annotated:
        annotated[name] &= docs.keys()
    chosen = _choose_annotators(annotated, annotators, project)
    keep = set(chosen) | {GOLD}
    schema = project.schema
    span_labels = [entry["name"] for entry in schema.get("span_labels", [])]
    relation_types = [entry["name"] for entry in schema.get("relation_types", [])]
    spans = _load_spans(session, project, layer_names, keep, docs, span_labels)
    relations = _load_relations(session, project, layer_names, keep, docs, relation_types)
    labels = _load_labels(session, project, layer_names, keep, docs)
    return Corpus(
        project=project,
        annotators=chosen,
        documents=docs,
        lengths={doc_id: lengths[doc_id] for doc_id in docs},
        annotated={name: annotated.get(name, set()) for name in keep},
        span_labels=span_labels,
        relation_types=relation_types,
        spans=spans,
        relations=relations,
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


def _code(names: list[str], value: str) -> int:
    # A label the schema no longer lists still counts: it gets a code after the known ones.
    try:
        return names.index(value)
    except ValueError:
        names.append(value)
        return len(names) - 1


def _load_spans(
    session: Session,
    project: Project,
    layer_names: dict[int, str],
    keep: set[str],
    docs: dict[int, str],
    labels: list[str],
) -> dict[str, SpanTable]:
    rows = session.execute(
        select(
            Span.layer_id,
            Layer.document_id,
            Span.start,
            Span.end,
            Span.label,
            Span.id,
            cast(Span.attributes, Text),
        )
        .join(Layer, Layer.id == Span.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id)
    )
    columns: dict[str, list[list[int]]] = defaultdict(lambda: [[], [], [], [], []])
    attributes: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    codes = {name: index for index, name in enumerate(labels)}
    for layer_id, doc_id, start, end, label, span_id, raw in rows:
        name = layer_names.get(layer_id)
        if name not in keep or doc_id not in docs:
            continue
        code = codes.get(label)
        if code is None:
            code = codes[label] = _code(labels, label)
        table = columns[name]
        table[0].append(doc_id)
        table[1].append(start)
        table[2].append(end)
        table[3].append(code)
        table[4].append(span_id)
        if raw and raw not in ("{}", "null"):
            decoded = json.loads(raw)
            if decoded:
                attributes[name][span_id] = decoded
    tables = {}
    for name in keep:
        doc, start, end, label, ids = (np.asarray(c, dtype=np.int64) for c in columns[name])
        order = np.lexsort((ids, end, start, doc))
        tables[name] = SpanTable(
            doc[order], start[order], end[order], label[order], ids[order], attributes[name]
        )
    return tables


def _load_relations(
    session: Session,
    project: Project,
    layer_names: dict[int, str],
    keep: set[str],
    docs: dict[int, str],
    types: list[str],
) -> dict[str, RelationTable]:
    rows = session.execute(
        select(
            Relation.layer_id,
            Layer.document_id,
            Relation.type,
            Relation.from_span_id,
            Relation.to_span_id,
        )
        .join(Layer, Layer.id == Relation.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id)
    )
    columns: dict[str, list[list[int]]] = defaultdict(lambda: [[], [], []])
    for layer_id, doc_id, kind, source, target in rows:
        name = layer_names.get(layer_id)
        if name not in keep or doc_id not in docs:
            continue
        table = columns[name]
        table[0].append(_code(types, kind))
        table[1].append(source)
        table[2].append(target)
    return {
        name: RelationTable(*(np.asarray(c, dtype=np.int64) for c in columns[name]))
        for name in keep
    }


def _load_labels(
    session: Session,
    project: Project,
    layer_names: dict[int, str],
    keep: set[str],
    docs: dict[int, str],
) -> dict[str, dict[tuple[str, int, int], Any]]:
    rows = session.execute(
        select(
            LabelValue.layer_id,
            Layer.document_id,
            LabelValue.name,
            LabelValue.sentence_index,
            cast(LabelValue.value, Text),
        )
        .join(Layer, Layer.id == LabelValue.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id)
    )
    decoded: dict[str, Any] = {}
    result: dict[str, dict[tuple[str, int, int], Any]] = {name: {} for name in keep}
    for layer_id, doc_id, name, unit, raw in rows:
        layer = layer_names.get(layer_id)
        if layer not in keep or doc_id not in docs:
            continue
        value = decoded.get(raw)
        if value is None:
            value = json.loads(raw)
            # A multi-valued field compares as a set of values, in any order.
            value = decoded[raw] = tuple(sorted(value)) if isinstance(value, list) else value
        if value is not None:
            result[layer][(name, doc_id, unit)] = value
    return result
