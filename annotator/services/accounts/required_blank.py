"""The layers marked done that leave a required label field blank.

Marking done is refused while a required field is blank
(:mod:`annotator.services.annotation.required`), so such a layer was marked done before the
field became required, or came in marked done by an import or a history restore, which keep
the status they bring. The agreement report counts its blanks among the units left blank, but
nothing said which layers they were. One query per field finds them here, for three readers:
a schema change that makes fields required says how many it leaves so
(:func:`note_newly_required`, read back by the labels pages and ``PATCH /projects/<slug>``),
an import warns of those it brought in, and the agreement page lists them all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.orm import Session

from annotator.core.required_fields import done_blank_said, newly_required, required_fields
from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import Assignment, Document, LabelValue, Layer, Project, Sentence, User
from annotator.services.accounts.held_work import chunks

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


def _blank_count(name: str, document: bool) -> ColumnElement[int]:
    """SQL, per done assignment: how many units of its layer lack a value of ``name`` (a
    document field: 1 or 0; a layer never written lacks them all)."""
    mine = (Layer.document_id == Assignment.document_id) & (Layer.user_id == Assignment.user_id)
    if document:
        given = exists(
            select(LabelValue.id)
            .join(Layer, Layer.id == LabelValue.layer_id)
            .where(mine, LabelValue.name == name, LabelValue.sentence_index == DOCUMENT_UNIT)
            .correlate(Assignment)
        )
        return case((given, 0), else_=1)
    sentences = (
        select(func.count())
        .select_from(Sentence)
        .where(Sentence.document_id == Assignment.document_id)
        .correlate(Assignment)
        .scalar_subquery()
    )
    # Values of sentences the document has now (one row per sentence and field).
    given_count = (
        select(func.count())
        .select_from(LabelValue)
        .join(Layer, Layer.id == LabelValue.layer_id)
        .join(
            Sentence,
            (Sentence.document_id == Layer.document_id)
            & (Sentence.index == LabelValue.sentence_index),
        )
        .where(mine, LabelValue.name == name)
        .correlate(Assignment)
        .scalar_subquery()
    )
    return sentences - given_count


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

    :param documents: only these documents' layers (an import's); None: the whole project.
    """
    if fields is None:
        sentence_fields, document_fields = required_fields(project.schema)
        fields = [(n, False) for n in sentence_fields] + [(n, True) for n in document_fields]
    found = []
    for name, document in fields:
        blank = _blank_count(name, document)
        query = (
            select(Assignment.document_id, Assignment.user_id, blank)
            .join(Document, Document.id == Assignment.document_id)
            .where(Document.project_id == project.id, Assignment.status == "done")
            .order_by(Assignment.document_id, Assignment.user_id)
        )
        query = query.where(blank > 0)
        rows: list[Any] = []
        if documents is None:
            rows = list(session.execute(query))
        else:
            for part in chunks(sorted(documents)):
                rows += session.execute(query.where(Assignment.document_id.in_(part)))
        layers = tuple(
            BlankLayer(doc, user, 0 if document else int(count)) for doc, user, count in rows
        )
        if layers:
            found.append(DoneBlank(name, document, layers))
    return found


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
