"""The layers marked done that leave a required label field blank.

Marking done is refused while a required field is blank
(:mod:`annotator.services.annotation.required`), so such a layer was marked done before the
field became required, or came in marked done by an import or a history restore, which keep
the status they bring. The agreement report counts its blanks among the units left blank, but
nothing said which layers they were. One pass over the values finds them here for every
field, for four readers: a schema change that makes fields required says how many it leaves so
(:func:`note_newly_required`, read back by the labels pages and ``PATCH /projects/<slug>``),
an import warns of those it brought in, the agreement page lists them all, and the agreement
report counts them per field (:func:`required_left_blank`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from annotator.core.required_fields import done_blank_said, newly_required, required_fields
from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import Assignment, Document, LabelValue, Layer, Project, Sentence, User
from annotator.services.id_chunks import chunks

#: What the session's last schema change made required, for the face that made it to say.
_NEWLY_KEY = "annotator.newly_required_blank"


@dataclass(frozen=True)
class BlankLayer:
    """One annotator's layer marked done on a document, and how many of its sentences lack a
    value of the field (0 for a document field, which the document as a whole lacks)."""

    document_id: int
    user_id: int
    sentences: int


@dataclass(frozen=True)
class DoneBlank:
    """A required field (``document``: a document field) and the done layers that leave it
    blank, by document and annotator."""

    name: str
    document: bool
    layers: tuple[BlankLayer, ...]

    def said(self) -> str:
        """Say it at the moment the field is made required ("3 layers already marked done
        leave 'stance' blank (they stay done)")."""
        return done_blank_said(len(self.layers), self.name, self.document)

    def as_dict(self) -> dict[str, Any]:
        """Return it as ``PATCH /projects/<slug>`` answers it (``required_left_blank``)."""
        return {
            "field": self.name,
            "kind": "document" if self.document else "sentence",
            "layers": len(self.layers),
            "documents": len({layer.document_id for layer in self.layers}),
            "message": self.said(),
        }


def _given_per_layer(project: Project, fields: list[tuple[str, bool]]) -> Select[Any]:
    """SQL, one row per done assignment of ``project``: ``(document, user, layer id or None
    for a layer never written)``, then per field of ``fields`` how many values its layer
    holds (of a sentence field also the highest sentence index).

    One query for every field, grouped in the order the indexes give the rows (document id,
    then assignment id) so that SQLite sorts nothing: the agreement page asks for every
    required field on every view, and a query per field cost about as much as this one
    does for all. The documents' sentence counts are :func:`_sentence_counts`'s: asked here
    per group, they made PostgreSQL's estimate cross ``jit_above_cost`` (its groups are
    estimated as many as the values), and compiling the plan took longer than running it.
    Sentences are numbered from 0 without gaps, so a layer's values of a field are all on
    sentences the document has when the highest index is below their count
    (:func:`_on_sentences` counts the others exactly).
    """
    columns: list[Any] = [Document.id, func.max(Assignment.user_id), func.max(Layer.id)]
    for name, document in fields:
        if document:
            held = (LabelValue.name == name) & (LabelValue.sentence_index == DOCUMENT_UNIT)
            columns.append(func.count(LabelValue.id).filter(held))
        else:
            held = (LabelValue.name == name) & (LabelValue.sentence_index >= 0)
            columns.append(func.count(LabelValue.id).filter(held))
            columns.append(func.max(LabelValue.sentence_index).filter(held))
    mine = (Layer.document_id == Document.id) & (Layer.user_id == Assignment.user_id)
    names = sorted({name for name, _ in fields})
    return (
        select(*columns)
        .select_from(Document)
        .join(
            Assignment,
            (Assignment.document_id == Document.id) & (Assignment.status == "done"),
        )
        .outerjoin(Layer, mine)
        .outerjoin(LabelValue, (LabelValue.layer_id == Layer.id) & LabelValue.name.in_(names))
        .where(Document.project_id == project.id)
        .group_by(Document.id, Assignment.id)
    )


def _sentence_counts(project: Project) -> Select[int, int]:
    """SQL: ``(document, its sentence count)`` for each document of ``project``."""
    return (
        select(Sentence.document_id, func.count())
        .join(Document, Document.id == Sentence.document_id)
        .where(Document.project_id == project.id)
        .group_by(Sentence.document_id)
    )


def _on_sentences(session: Session, pairs: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """Return how many values of each ``(layer id, sentence field)`` are on a sentence the
    document has now: for the few layers holding values past its last sentence (a document
    re-segmented shorter, say), which :func:`_given_per_layer`'s count would overcount."""
    counted_now: dict[tuple[int, str], int] = {}
    names = sorted({name for _, name in pairs})
    for part in chunks(sorted({layer for layer, _ in pairs})):
        query = (
            select(LabelValue.layer_id, LabelValue.name, func.count())
            .join(Layer, Layer.id == LabelValue.layer_id)
            .join(
                Sentence,
                (Sentence.document_id == Layer.document_id)
                & (Sentence.index == LabelValue.sentence_index),
            )
            .where(LabelValue.layer_id.in_(part), LabelValue.name.in_(names))
            .group_by(LabelValue.layer_id, LabelValue.name)
        )
        for layer_id, name, count in session.execute(query):
            counted_now[(layer_id, name)] = int(count)
    return counted_now


def done_blank(
    session: Session,
    project: Project,
    fields: Iterable[tuple[str, bool]] | None = None,
    *,
    documents: Collection[int] | None = None,
) -> list[DoneBlank]:
    """Return, per field of ``fields`` (``(name, True for a document field)``; by default the
    project's required ones), the layers marked done that leave it blank, by document and
    annotator; a field no such layer leaves blank is left out.

    One query whatever the number of fields (:func:`_given_per_layer`), and one for the
    documents' sentence counts when a sentence field is asked for.

    :param documents: only these documents' layers (an import's); None: the whole project.
    """
    if fields is None:
        sentence_fields, document_fields = required_fields(project.schema)
        fields = [(n, False) for n in sentence_fields] + [(n, True) for n in document_fields]
    fields = list(dict.fromkeys(fields))
    if not fields:
        return []
    query = _given_per_layer(project, fields)
    counts = _sentence_counts(project)
    wants_sentences = any(not document for _, document in fields)
    rows: list[Any] = []
    sentence_counts: dict[int, int] = {}
    for part in [None] if documents is None else chunks(sorted(documents)):
        part_query, part_counts = query, counts
        if part is not None:
            part_query = query.where(Document.id.in_(part))
            part_counts = counts.where(Document.id.in_(part))
        rows += session.execute(part_query)
        if wants_sentences:
            sentence_counts.update(
                (document, count) for document, count in session.execute(part_counts)
            )
    rows.sort(key=lambda row: (row[0], row[1]))
    # Column by column: (document ids, user ids, layer ids, per field...).
    columns = list(zip(*rows, strict=True)) if rows else [()] * (3 + len(fields) * 2)
    documents_of, users_of, layers_of = columns[:3]
    sentences_of = tuple(sentence_counts.get(document, 0) for document in documents_of)
    per_field: list[tuple[str, bool, tuple[Any, ...]]] = []
    past_the_end: set[tuple[int, str]] = set()
    column = 3
    for name, document in fields:
        per_field.append((name, document, columns[column]))
        if not document:
            # Values past the document's last sentence (a rare layer): counted again, exactly.
            highest = columns[column + 1]
            past_the_end.update(
                (layer, name)
                for layer, top, count in zip(layers_of, highest, sentences_of, strict=True)
                if top is not None and top >= count
            )
        column += 1 if document else 2
    exact = _on_sentences(session, past_the_end) if past_the_end else {}
    found = []
    for name, document, given in per_field:
        if past_the_end:
            given = tuple(
                exact.get((layer, name), 0) if (layer, name) in past_the_end else held
                for layer, held in zip(layers_of, given, strict=True)
            )
        if document:
            blank = [
                BlankLayer(doc, user, 0)
                for doc, user, held in zip(documents_of, users_of, given, strict=True)
                if not held
            ]
        else:
            blank = [
                BlankLayer(doc, user, count - held)
                for doc, user, count, held in zip(
                    documents_of, users_of, sentences_of, given, strict=True
                )
                if count > held
            ]
        if blank:
            found.append(DoneBlank(name, document, tuple(blank)))
    return found


def required_left_blank(
    session: Session, project: Project, found: list[DoneBlank] | None = None
) -> list[dict[str, Any]]:
    """Return the agreement report's ``required_left_blank``: every required field of
    ``project`` (sentence fields, then document fields, in schema order) with how many layers
    marked done leave it blank and on how many documents (0 when none does).

    :param found: :func:`done_blank`'s answer when the caller has it already (the agreement
        page lists the layers too); None: found here.
    """
    sentence_fields, document_fields = required_fields(project.schema)
    fields = [(n, False) for n in sentence_fields] + [(n, True) for n in document_fields]
    if not fields:
        return []
    if found is None:
        found = done_blank(session, project, fields)
    by_field = {(blank.name, blank.document): blank.layers for blank in found}
    entries = []
    for name, document in fields:
        layers = by_field.get((name, document), ())
        entries.append(
            {
                "field": name,
                "kind": "document" if document else "sentence",
                # As the report's ``labels`` keys it.
                "key": f"document:{name}" if document else name,
                "layers": len(layers),
                "documents": len({layer.document_id for layer in layers}),
            }
        )
    return entries


def note_newly_required(
    session: Session, project: Project, old: dict[str, Any], renamed: list[tuple[str, str, str]]
) -> None:
    """Find the done layers that leave blank each field the project's new schema requires and
    ``old`` did not, and note them on the session for the face that made the change
    (:func:`newly_required_blank`); nothing is noted when no field became required."""
    fields = newly_required(old, project.schema, renamed)
    session.info[_NEWLY_KEY] = done_blank(session, project, fields) if fields else []


def newly_required_blank(session: Session) -> list[DoneBlank]:
    """Return (and forget) what the session's last schema change noted: the fields it made
    required that layers already marked done leave blank."""
    return list(session.info.pop(_NEWLY_KEY, []))


@dataclass(frozen=True)
class BlankNames:
    """What a page names the documents and annotators of :func:`done_blank`'s layers by."""

    #: ``(number, title, external id)`` by document id.
    documents: dict[int, tuple[int, str | None, str]]
    #: Username by user id.
    users: dict[int, str]


def blank_names(session: Session, found: list[DoneBlank]) -> BlankNames:
    """Return the names of the documents and annotators of ``found``'s layers."""
    document_ids = sorted({layer.document_id for blank in found for layer in blank.layers})
    user_ids = sorted({layer.user_id for blank in found for layer in blank.layers})
    documents: dict[int, tuple[int, str | None, str]] = {}
    for part in chunks(document_ids):
        for document_id, number, title, external_id in session.execute(
            select(Document.id, Document.number, Document.title, Document.external_id).where(
                Document.id.in_(part)
            )
        ):
            documents[document_id] = (number, title, external_id)
    users: dict[int, str] = {}
    for part in chunks(user_ids):
        for user_id, username in session.execute(
            select(User.id, User.username).where(User.id.in_(part))
        ):
            users[user_id] = username
    return BlankNames(documents, users)
