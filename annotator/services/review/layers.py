"""The layers of a document that the review compares: each annotator's rows, by name."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from annotator.core.vocabulary import COUNTED_STATUSES, OPEN_STATUSES
from annotator.models import Assignment, Document, LabelValue, Project, Relation, Span
from annotator.services.id_rows import IDS, id_rows
from annotator.tables import assignment_table, document_table, layer_table, user_table


@dataclass
class DocumentLayer:
    """One annotator's layer of a document, as rows."""

    name: str
    #: Its annotator's assignment status (``new``, ``in_progress``, ``done``, ``skipped``);
    #: None for a layer whose annotator is no longer assigned the document. The review shows
    #: it beside the name: an In progress layer may still change.
    status: str | None = None
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    labels: list[LabelValue] = field(default_factory=list)


def document_layers(session: Session, document: Document) -> list[DocumentLayer]:
    """Return the layers of everyone who annotated ``document``, by name.

    Everyone with a layer row, and everyone assigned it in a counted status (as the
    agreement corpus counts them).
    """
    return layers_of(session, [document.id]).get(document.id, [])


def compared_layers(session: Session, document: Document) -> list[DocumentLayer]:
    """Return :func:`document_layers` as plain rows (:func:`load_rows`' ``plain``): read
    only, for what compares them (who gave an item, which difference a span is in), a
    tenth of the time of making ORM rows, which was most of an accept's."""
    return layers_of(session, [document.id], plain=True).get(document.id, [])


def layers_of(
    session: Session,
    document_ids: list[int],
    *,
    plain: bool = False,
    people: dict[int, DocumentPeople] | None = None,
) -> dict[int, list[DocumentLayer]]:
    """Return :func:`document_layers` of each of ``document_ids`` (those with any), in a few
    queries a chunk of documents: what the review list's rows need, read at once (``plain``:
    as :func:`load_rows` says; ``people``: :func:`people_of` these documents, when the caller
    has read them already, so that they are not read twice)."""
    found: dict[int, list[DocumentLayer]] = {}
    # Core statements (the ORM's making of rows is most of reading thousands), which the
    # session does not flush before: flushed here.
    _flush_if_autoflush(session)
    for chunk in _chunks(document_ids):
        known = _people(session, chunk) if people is None else people
        by_id: dict[int, DocumentLayer] = {}
        for document_id in chunk:
            named = known[document_id].compared if document_id in known else {}
            if not named:
                continue
            found[document_id] = []
            for name in sorted(named):
                layer_id, status = named[name]
                layer = DocumentLayer(name, status)
                found[document_id].append(layer)
                if layer_id is not None:
                    by_id[layer_id] = layer
        load_rows(session, by_id, plain=plain)
    return found


def layer_statuses_of(
    session: Session, document_ids: list[int]
) -> dict[int, dict[str, str | None]]:
    """Return, for each of ``document_ids`` with any, the status of each layer the review
    compares there (:func:`document_layers`'s names, no rows read): what the review list says
    of each document's annotators."""
    return {
        document_id: found.statuses
        for document_id, found in people_of(session, document_ids).items()
        if found.compared
    }


@dataclass
class DocumentPeople:
    """Who a document's review is about: the layers it compares and everyone assigned it."""

    #: Who the review compares (:func:`document_layers`'s names): everyone with a layer row
    #: there and everyone assigned it in a counted status, each with their layer's id (None:
    #: no row yet) and assignment status (None: not assigned it any more).
    compared: dict[str, tuple[int | None, str | None]] = field(default_factory=dict)
    #: Everyone assigned the document, whatever their status, by name: a third annotator who
    #: has not started is not compared, but the document still waits for them.
    assigned: dict[str, str] = field(default_factory=dict)

    @property
    def statuses(self) -> dict[str, str | None]:
        """Return each compared layer's assignment status, in name order."""
        return {name: self.compared[name][1] for name in sorted(self.compared)}

    def waiting_for(self) -> list[tuple[str, str]]:
        """Return (name, status) of each assignee not finished (new or in progress: as
        :func:`not_done` says of one document), by name."""
        return [
            (name, status)
            for name, status in sorted(self.assigned.items())
            if status in OPEN_STATUSES
        ]


def people_of(session: Session, document_ids: list[int]) -> dict[int, DocumentPeople]:
    """Return :class:`DocumentPeople` of each of ``document_ids`` with anyone compared or
    assigned, two queries a chunk of documents (no rows of the layers read)."""
    _flush_if_autoflush(session)
    found: dict[int, DocumentPeople] = {}
    for chunk in _chunks(document_ids):
        found.update(_people(session, chunk))
    return found


#: The annotators' layers of a list of documents (gold's and the suggestions' have no user).
_LAYER_NAMES = (
    select(layer_table.c.document_id, user_table.c.username, layer_table.c.id)
    .join_from(layer_table, user_table, layer_table.c.user_id == user_table.c.id)
    .where(layer_table.c.document_id.op("IN")(IDS))
)
#: Everyone assigned a list of documents, with their status.
_ASSIGNEES = (
    select(assignment_table.c.document_id, user_table.c.username, assignment_table.c.status)
    .join_from(assignment_table, user_table, assignment_table.c.user_id == user_table.c.id)
    .where(assignment_table.c.document_id.op("IN")(IDS))
)


def _people(session: Session, chunk: list[int]) -> dict[int, DocumentPeople]:
    """Return :class:`DocumentPeople` of each document of ``chunk`` with anyone (the compared
    as the agreement corpus counts them: a layer row, or an assignment in a counted
    status)."""
    layers: dict[int, dict[str, int]] = {}
    statuses: dict[int, dict[str, str]] = {}
    # On the driver's cursor (the session flushed by the callers): a whole list reads
    # thousands of documents' names, and building each chunk's ``IN`` cost as much.
    connection = session.connection()
    with id_rows(connection, _LAYER_NAMES, chunk) as rows:
        for document_id, username, layer_id in rows:
            layers.setdefault(document_id, {})[username] = layer_id
    with id_rows(connection, _ASSIGNEES, chunk) as rows:
        for document_id, username, status in rows:
            statuses.setdefault(document_id, {})[username] = status
    people: dict[int, DocumentPeople] = {}
    for document_id in chunk:
        layer_ids, assigned = layers.get(document_id, {}), statuses.get(document_id, {})
        if not (layer_ids or assigned):
            continue
        counted = {name for name, status in assigned.items() if status in COUNTED_STATUSES}
        compared = {
            name: (layer_ids.get(name), assigned.get(name))
            for name in sorted(set(layer_ids) | counted)
        }
        people[document_id] = DocumentPeople(compared, assigned)
    return people


def not_done(session: Session, document: Document) -> list[tuple[str, str]]:
    """Return (name, status) of each annotator assigned ``document`` who has not finished it
    (not started, or in progress: neither done nor skipped), by name: whose layer may still
    change after gold is marked final."""
    query = (
        select(user_table.c.username, assignment_table.c.status)
        .join_from(assignment_table, user_table, assignment_table.c.user_id == user_table.c.id)
        .where(
            assignment_table.c.document_id == document.id,
            assignment_table.c.status.in_(OPEN_STATUSES),
        )
        .order_by(user_table.c.username)
    )
    _flush_if_autoflush(session)
    return [(name, status) for name, status in session.execute(query)]


def waiting_documents(session: Session, project: Project) -> set[int]:
    """Return the ids of ``project``'s documents someone assigned has not finished (not
    started, or in progress: :attr:`DocumentPeople.waiting_for` of each), in one query."""
    query = (
        select(assignment_table.c.document_id)
        .join_from(
            assignment_table, document_table, assignment_table.c.document_id == document_table.c.id
        )
        .where(
            document_table.c.project_id == project.id,
            assignment_table.c.status.in_(OPEN_STATUSES),
        )
        .distinct()
    )
    _flush_if_autoflush(session)
    return set(session.scalars(query))


def assigned_count(session: Session, document: Document) -> int:
    """Return how many annotators ``document`` is assigned to, whatever they have done."""
    query = select(func.count()).select_from(Assignment)
    return session.scalar(query.where(Assignment.document_id == document.id)) or 0


def load_layer(session: Session, name: str, layer_id: int | None) -> DocumentLayer:
    """Return the rows of one layer under ``name`` (empty when it has no row yet)."""
    layer = DocumentLayer(name)
    if layer_id is not None:
        load_rows(session, {layer_id: layer})
    return layer


def load_rows(session: Session, layers: dict[int, DocumentLayer], *, plain: bool = False) -> None:
    """Fill each of ``layers`` (by layer id) with its spans (by start and end), relations and
    label values (by unit and name), one query of each a chunk of layers.

    :param plain: read them as plain rows of the columns the differences compare (the same
        names, read only; :data:`COMPARED`) rather than as ORM objects: what only compares
        them, as counting a list's differences to decide, then spends a tenth of the time
        making them, and reads no dates. They are read on the driver's cursor
        (:func:`~annotator.services.id_rows.id_rows`): building and compiling each chunk's
        ``IN`` and SQLAlchemy's making of rows were half of reading a whole list's.
    """
    if plain:
        _load_plain_rows(session, layers)
        return
    kinds: list[tuple[Any, str, tuple[Any, ...]]] = [
        (Span, "spans", (Span.start, Span.end, Span.id)),
        (Relation, "relations", (Relation.id,)),
        (LabelValue, "labels", (LabelValue.sentence_index, LabelValue.name, LabelValue.id)),
    ]
    for chunk in _chunks(list(layers)):
        for model, kind, order in kinds:
            query = select(model).where(model.layer_id.in_(chunk)).order_by(*order)
            for row in session.scalars(query):
                getattr(layers[row.layer_id], kind).append(row)


def _load_plain_rows(session: Session, layers: dict[int, DocumentLayer]) -> None:
    """Fill ``layers`` with plain rows (:func:`load_rows`' ``plain``)."""
    # Read on the connection's driver, which the session does not flush before as it does
    # before an ORM query: flushed here, so that they see what it holds.
    _flush_if_autoflush(session)
    connection = session.connection()
    # Each distinct JSON text is decoded once in this call: a list's thousands of attributes
    # and label values repeat a few texts, and decoding them one by one was most of reading
    # them. The value is shared between this call's rows that hold it (which is why plain
    # rows are read only), never with another call's.
    decoded = lru_cache(maxsize=None)(_json_value)
    ids = list(layers)
    for kind, query in _PLAIN_QUERIES.items():
        make = _PLAIN[kind]
        with id_rows(connection, query, ids) as rows:
            for row in rows:
                getattr(layers[row[1]], kind).append(make(row, decoded))


def _flush_if_autoflush(session: Session) -> None:
    """Flush ``session`` when it would flush before an ORM query (its ``autoflush``)."""
    if session.autoflush:
        session.flush()


#: The columns of each kind of row that the differences and the decided rule read (a JSON
#: column last).
COMPARED: dict[str, tuple[str, ...]] = {
    # A span's note too: gold takes it with a unanimous span (core/span_notes.py), and the
    # review page shows it with a version.
    "spans": ("id", "layer_id", "label", "start", "end", "note", "attributes"),
    # A relation's note likewise (gold takes it with a unanimous relation).
    "relations": ("id", "layer_id", "type", "from_span_id", "to_span_id", "note"),
    "labels": ("id", "layer_id", "sentence_index", "name", "value"),
}


def _compared(table: Any, kind: str) -> list[Any]:
    """Return :data:`COMPARED`'s columns of ``table``, its JSON column read as its text: a
    Core statement's, whose rows the session hands back without the ORM's making of them
    (half the cost of reading a list's tens of thousands)."""
    names = COMPARED[kind]
    columns = [table.c[name] for name in names]
    if kind != "relations":
        columns[-1] = cast(columns[-1], Text).label(names[-1])
    return columns


def _json_value(text: str | None) -> Any:
    """Decode a JSON column's text (None: SQL's NULL)."""
    return None if text is None else json.loads(text)


class _SpanRow(NamedTuple):
    id: int
    layer_id: int
    label: str
    start: int
    end: int
    attributes: dict[str, Any]
    note: str | None


class _RelationRow(NamedTuple):
    id: int
    layer_id: int
    type: str
    from_span_id: int
    to_span_id: int
    note: str | None


class _LabelRow(NamedTuple):
    id: int
    layer_id: int
    sentence_index: int
    name: str
    value: Any


#: How a plain row of each kind is made from the database's row, its JSON column's text
#: decoded by the function given.
_PLAIN: dict[str, Callable[[Any, Callable[[str | None], Any]], Any]] = {
    "spans": lambda row, decoded: _SpanRow(
        row[0], row[1], row[2], row[3], row[4], decoded(row[6]), row[5]
    ),
    "relations": lambda row, _decoded: _RelationRow(*row),
    "labels": lambda row, decoded: _LabelRow(row[0], row[1], row[2], row[3], decoded(row[4])),
}


#: Each kind's plain rows for a list of layers (:func:`id_rows`), in each layer's order:
#: spans by start and end, relations by id, label values by unit and name.
_PLAIN_QUERIES: dict[str, Any] = {
    kind: select(*_compared(model.__table__, kind))
    .where(model.__table__.c.layer_id.op("IN")(IDS))
    .order_by(*(model.__table__.c[column] for column in order))
    for model, kind, order in (
        (Span, "spans", ("start", "end", "id")),
        (Relation, "relations", ("id",)),
        (LabelValue, "labels", ("sentence_index", "name", "id")),
    )
}


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    """Cut ``ids`` into lists short enough for one ``IN`` of every database."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]
