"""Loading documents with all their layers for an export, a batch of documents at a time.

Nine queries per batch: the next documents' ids, then by those ids the documents, their
sentences, assignments, layers and the annotators' notes on them, and by the layers' ids their
spans, relations and label values (ids are bound 512 at a time, so a batch with more layers
takes a query more for each 512). Rows are read with SQLAlchemy Core (no ORM objects), all but
the first as the driver's own tuples, because an export touches every span of a project and the
per-row cost of anything more would dominate.

Each layer comes out in exactly the shape that
:func:`annotator.services.annotation.payloads.layer_payload` gives it (tests/test_export.py
holds the two to that), and an annotator's layer with their note on the document
(:func:`annotator.core.shapes.document_note_fields`, which the API gives apart), built by
:mod:`annotator.services.datasets.batch_payloads`. With ``raw`` (the ``jsonl`` export) the
arrays are that same JSON already written as text
(:mod:`annotator.services.datasets.batch_json`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Text,
    cast,
    exists,
    func,
    null,
    or_,
    select,
)

from annotator.core.formats.majority import MAJORITY
from annotator.core.given_targets import TargetTimes
from annotator.core.shapes import document_note_fields, empty_layer
from annotator.models import (
    GOLD,
    SUGGESTIONS,
    Assignment,
    Document,
    DocumentNote,
    LabelValue,
    Layer,
    Relation,
    Sentence,
    Span,
    User,
)
from annotator.services.datasets import batch_json, batch_payloads, batch_rows
from annotator.services.datasets.gold_sources import add_sources
from annotator.services.datasets.loaded import LoadedDocument, Payloads
from annotator.services.gold.state import gold_status_column, gold_status_is
from annotator.services.id_rows import IDS, id_rows
from annotator.services.schema.older_targets import version_at, with_older_targets

#: Documents per batch: big enough that the cost of each query is spread thin, small enough
#: to keep memory flat (a batch of news articles with their layers is a few megabytes).
BATCH = 500

_documents = Document.__table__
_sentences = Sentence.__table__
_assignments = Assignment.__table__
_users = User.__table__
_layers = Layer.__table__


@dataclass(slots=True)
class DocumentFilter:
    """Which documents of a project to read."""

    project_id: int
    #: Only these internal document ids (None: every document).
    document_ids: Sequence[int] | None = None
    #: Only documents with at least one assignment in this status.
    status: str | None = None
    #: Only documents whose gold has this status (``open``, ``in_review``, ``final``).
    gold_status: str | None = None
    #: The export's layer choice (``all``, ``gold``, ``majority``, ``suggestions`` or an
    #: annotator's name): only documents that have a layer it writes.
    layer: str = "all"
    #: Also documents with no layer at all (see ``ExportFormat.writes_unannotated``).
    unannotated: bool = True

    @property
    def narrows(self) -> bool:
        """Whether a filter beyond the document ids may leave selected documents out."""
        return (
            self.status is not None
            or self.gold_status is not None
            or self.layer != "all"
            or not self.unannotated
        )


def _layer_kept(layer: str, status: str | None) -> ColumnElement[bool] | None:
    """The documents that have a layer the export's ``layer`` choice writes, as SQL.

    The one home of that rule: the export's record builder
    (:func:`annotator.services.datasets.export_records.build_record`) writes every document
    selected, and selecting here is what lets a split's header and card state how many
    documents its file holds before it is written. An annotator's layer is an assignment (in
    ``status``, when one is asked) or, without a status, a layer the annotator has without
    one.
    """
    d, a, lay, u = _documents.c, _assignments.c, _layers.c, _users.c
    if layer == "all":
        return None
    if layer in (GOLD, SUGGESTIONS):
        return exists().where(lay.document_id == d.id, lay.key == layer)
    assigned = exists().where(a.document_id == d.id)
    own_layer = exists().where(lay.document_id == d.id, lay.user_id.is_not(None))
    if layer != MAJORITY:
        user_id = select(u.id).where(u.username == layer).scalar_subquery()
        assigned = assigned.where(a.user_id == user_id)
        own_layer = own_layer.where(lay.user_id == user_id)
    if status is not None:
        return assigned.where(a.status == status)
    return or_(assigned, own_layer)


def _document_query(where: DocumentFilter, after: int, limit: int) -> Any:
    d = _documents.c
    query = (
        select(d.id)
        .where(d.project_id == where.project_id, d.id > after)
        .order_by(d.id)
        .limit(limit)
    )
    if where.document_ids is not None:
        query = query.where(d.id.in_(list(where.document_ids)))
    if where.status is not None:
        a = _assignments.c
        query = query.where(exists().where(a.document_id == d.id, a.status == where.status))
    if where.gold_status is not None:
        query = query.where(gold_status_is(where.gold_status))
    kept = _layer_kept(where.layer, where.status)
    if kept is not None:
        query = query.where(kept)
    if not where.unannotated and kept is None:
        query = query.where(_annotated())
    return query


def _annotated() -> ColumnElement[bool]:
    """The documents with a layer to write under the layer choice ``all``: an assignment
    (its annotator's layer, empty until begun), an annotator's layer or gold; a document
    with only suggestions has none (they ride along, never alone)."""
    d, a, lay = _documents.c, _assignments.c, _layers.c
    return or_(
        exists().where(a.document_id == d.id),
        exists().where(lay.document_id == d.id, or_(lay.user_id.is_not(None), lay.key == GOLD)),
    )


def count_documents(connection: Connection, where: DocumentFilter) -> int:
    """Return how many documents the filter selects."""
    query = _document_query(where, 0, 1).with_only_columns(func.count()).order_by(None)
    return int(connection.execute(query.limit(None)).scalar() or 0)


def selected_ids(connection: Connection, where: DocumentFilter) -> set[int]:
    """Return the ids of the documents the filter selects (a split's are counted by them)."""
    return set(connection.execute(selection(where)).scalars())


def selection(where: DocumentFilter) -> Any:
    """Return the query of the ids of the documents the filter selects (for a subquery)."""
    return _document_query(where, 0, 1).with_only_columns(_documents.c.id).limit(None)


def iter_batches(
    connection: Connection,
    where: DocumentFilter,
    batch: int = BATCH,
    raw_spans: bool = False,
    suggestions: bool = False,
    span_rows: bool = False,
    gold_sources: bool = False,
    targets: TargetTimes | None = None,
) -> Iterator[list[LoadedDocument]]:
    """Yield the selected documents in order of id, ``batch`` at a time, with their layers.

    With ``raw_spans`` each layer's arrays and each document's sentences come as serialised
    JSON text (see the module doc); with ``span_rows`` each layer's spans come as
    :class:`annotator.core.formats.SpanRows`; with ``suggestions`` the suggestions layer is
    loaded too; with ``gold_sources`` each gold item has its ``source``
    (:mod:`annotator.services.datasets.gold_sources`); with ``targets`` each label value given
    toward an earlier target of its field has ``given_toward``.
    """
    after = 0
    while True:
        # The ids first, then the documents by id: SQLite walks a project's documents by
        # external id, and sorting the next batch's ids read from that index is cheap where
        # sorting the rows themselves read every remaining document's text for each batch.
        ids = list(connection.execute(_document_query(where, after, batch)).scalars())
        if not ids:
            return
        documents = {}
        with _rows(connection, "documents", ids) as rows:
            for doc_id, external_id, title, meta, text, gold_status in rows:
                meta = (json.loads(meta) if meta else None) or {}
                documents[doc_id] = LoadedDocument(
                    doc_id, external_id, title, meta, text, [], gold_status=gold_status
                )
        load_layers(connection, documents, raw_spans, suggestions, span_rows, gold_sources, targets)
        yield list(documents.values())
        after = ids[-1]


# The big queries, by the ids of a batch's documents or (spans, relations, labels) of its
# layers: PostgreSQL answers a join or subquery on the layers by scanning every span of the
# table, and a list of layer ids from the index, three times faster. ``(__ids__)`` is where
# the ids' placeholders go.
_IDS = IDS
_sp, _r, _lv, _s = Span.__table__.c, Relation.__table__.c, LabelValue.__table__.c, _sentences.c
_a, _u, _l = _assignments.c, _users.c, _layers.c
_n = DocumentNote.__table__.c
_d = _documents.c
_QUERIES = {
    # With its gold status, which the gold layer's ``status`` says (CONTRACT's shape, where an
    # annotator's layer has its assignment's status).
    "documents": select(
        _d.id, _d.external_id, _d.title, cast(_d.meta, Text), _d.text, gold_status_column()
    )
    .where(_d.id.op("IN")(_IDS))
    .order_by(_d.id),
    "sentences": select(_s.document_id, _s.index, _s.start, _s.end)
    .where(_s.document_id.op("IN")(_IDS))
    .order_by(_s.document_id, _s.index),
    "assignments": select(_a.document_id, _u.username, _a.status)
    .join(_users, _u.id == _a.user_id)
    .where(_a.document_id.op("IN")(_IDS)),
    # Only the notes that say something (the page stores an emptied box as a row).
    "notes": select(_n.document_id, _u.username, _n.note, _n.unsure)
    .join(_users, _u.id == _n.user_id)
    .where(_n.document_id.op("IN")(_IDS), or_(_n.note != "", _n.unsure.is_(True))),
    "layers": select(_l.id, _l.document_id, _u.username, _l.key, _l.active_seconds)
    .outerjoin(_users, _u.id == _l.user_id)
    .where(_l.document_id.op("IN")(_IDS)),
    # The attributes come as their JSON text, decoded once per distinct value: nearly every
    # span has one of a handful of attribute sets. The order is that of ix_span_layer_order.
    "spans": select(
        _sp.layer_id,
        _sp.id,
        _sp.label,
        _sp.start,
        _sp.end,
        cast(_sp.attributes, Text),
        _sp.score,
        _sp.model,
        _sp.note,
    )
    .where(_sp.layer_id.op("IN")(_IDS))
    .order_by(_sp.layer_id, _sp.start, _sp.end, _sp.id),
    "relations": select(
        _r.layer_id, _r.id, _r.type, _r.from_span_id, _r.to_span_id, _r.score, _r.model, _r.note
    )
    .where(_r.layer_id.op("IN")(_IDS))
    .order_by(_r.layer_id, _r.id),
    # Last, a place for what :func:`_timed_labels` asks: NULL, no value's mark.
    "labels": select(
        _lv.layer_id,
        _lv.sentence_index,
        _lv.name,
        cast(_lv.value, Text),
        _lv.score,
        _lv.model,
        null(),
    )
    .where(_lv.layer_id.op("IN")(_IDS))
    .order_by(_lv.layer_id, _lv.sentence_index, _lv.name),
}


def _timed_labels(targets: TargetTimes) -> Any:
    """The labels query with, last, the index of the schema version each value was given
    under (:func:`annotator.services.schema.older_targets.version_at`)."""
    query = _QUERIES["labels"]
    return query.with_only_columns(
        *list(query.selected_columns)[:-1], version_at(_lv.updated_at, targets)
    )


@contextmanager
def _rows(connection: Connection, name: str, ids: list[int]) -> Iterator[Iterable[Any]]:
    """Run query ``name`` for ``ids`` (in order); give its rows as the driver's tuples
    (:func:`~annotator.services.id_rows.id_rows`: wrapping each row in a SQLAlchemy ``Row``
    was a tenth of the export's time)."""
    with id_rows(connection, _QUERIES[name], ids) as rows:
        yield rows


def load_layers(
    connection: Connection,
    documents: dict[int, LoadedDocument],
    raw: bool = False,
    suggestions: bool = False,
    span_rows: bool = False,
    gold_sources: bool = False,
    targets: TargetTimes | None = None,
) -> None:
    """Fill in the sentences and layers of ``documents`` (keyed by id).

    Seven queries for up to 512 documents and 512 layers (ids are bound 512 at a time).

    With ``raw`` the sentences and each layer's arrays are JSON text (:class:`RawJSON`);
    with ``span_rows`` (and not ``raw``) each layer's spans are :class:`SpanRows`.
    The suggestions layer is neither gold nor an annotator's: it is read only with
    ``suggestions``, into :attr:`LoadedDocument.suggestions`.
    """
    if not documents:
        return
    ids = sorted(documents)
    build = batch_json if raw else batch_payloads
    with _rows(connection, "sentences", ids) as rows:
        starts = build.sentences(rows, documents)

    with _rows(connection, "assignments", ids) as rows:
        for doc_id, username, status in rows:
            documents[doc_id].layers[username] = (status, empty_layer(username, status))

    payloads: Payloads = {}
    inline: set[int] = set()
    with _rows(connection, "layers", ids) as rows:
        for layer_id, doc_id, username, key, seconds in rows:
            document = documents[doc_id]
            if key == SUGGESTIONS:
                if suggestions:
                    document.suggestions = empty_layer(SUGGESTIONS, None)
                    payloads[layer_id] = (document, document.suggestions)
                    inline.add(layer_id)
                continue
            document.layer_ids[GOLD if username is None else username] = layer_id
            if username is None:
                document.gold = empty_layer(GOLD, document.gold_status)
                payloads[layer_id] = (document, document.gold)
            else:
                status, payload = document.layers.setdefault(
                    username, (None, empty_layer(username, None))
                )
                payloads[layer_id] = (document, payload)
            payloads[layer_id][1]["seconds"] = seconds
    if payloads:
        layer_ids = sorted(payloads)
        with _rows(connection, "spans", layer_ids) as rows:
            (batch_rows if span_rows and not raw else build).spans(rows, payloads, starts, inline)
        with _rows(connection, "relations", layer_ids) as rows:
            build.relations(rows, payloads)
        if targets is None:
            with _rows(connection, "labels", layer_ids) as rows:
                build.labels(rows, payloads, inline)
        else:
            with id_rows(connection, _timed_labels(targets), layer_ids) as rows:
                build.labels(with_older_targets(rows, targets), payloads, inline)
        if gold_sources:
            gold = [i for i, (document, _) in payloads.items() if document.gold is payloads[i][1]]
            add_sources(connection, payloads, gold)
    with _rows(connection, "notes", ids) as rows:
        for doc_id, username, note, unsure in rows:
            # An annotator's note on the document, on their layer (none once unassigned
            # with no layer: nothing of theirs is written there).
            found = documents[doc_id].layers.get(username)
            if found is not None:
                found[1].update(document_note_fields(note, unsure))
    # Annotators in name order, so that two exports of the same data are byte-identical.
    for document in documents.values():
        document.layers = dict(sorted(document.layers.items()))
