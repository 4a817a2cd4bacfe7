"""Dumping a whole project into one file: one service behind the CLI, the API and the page.

The records and their order are :mod:`annotator.core.formats.project_file`'s. Documents are
read :data:`BATCH` at a time in order of id (the order a load stores them in, so that a
loaded project exports its documents in the same order), each with its sentences, gold
status, assignments, notes and layers, and written as they come: memory stays flat however
many documents there are. Everything is ordered by stable keys (users and members by name,
versions by number, history by time; inside a document see
:mod:`annotator.services.datasets.project_documents`), so that loading a dump and dumping
again gives the same bytes.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, or_, select, union
from sqlalchemy.orm import Session

from annotator.core.formats.project_file import (
    EXTENSION,
    FORMAT,
    HISTORY_ACTIONS,
    VERSION,
    build,
)
from annotator.core.formats.project_stream import write_file
from annotator.core.times import stamp
from annotator.core.version import __version__
from annotator.models import (
    Assignment,
    AssistLabelModel,
    AssistModel,
    AuditEntry,
    Document,
    DocumentNote,
    GoldDecision,
    GoldStatus,
    LabelValue,
    Layer,
    LayerChange,
    Project,
    ProjectMember,
    Relation,
    SchemaVersion,
    Span,
    SuggestionRejection,
    User,
)
from annotator.services.datasets.project_documents import document_records
from annotator.services.datasets.project_ids import (
    project_documents,
    project_id_ranges,
    project_layers,
)

#: Documents read and written at a time.
BATCH = 500


@dataclass
class ProjectDump:
    """A started dump: a file name, the dump time, and the stream of the file's bytes."""

    filename: str
    dumped_at: datetime
    chunks: Iterator[bytes]


def dump_project(session: Session, project: Project) -> ProjectDump:
    """Return the dump of ``project``, ready to stream (the reading happens as it streams)."""
    now = datetime.now(UTC).replace(microsecond=0)
    filename = f"{project.slug}-{now.strftime('%Y%m%d-%H%M%S')}.{EXTENSION}"
    records = _records(session, project)
    return ProjectDump(filename, now, write_file(records, int(now.timestamp())))


def _records(session: Session, project: Project) -> Iterator[dict[str, Any]]:
    # The connection is taken when the stream starts, not before: a page or API answer
    # streams after its view has returned.
    connection = _snapshot(session)
    names = _user_names(connection, project)
    yield build("header", {"format": FORMAT, "version": VERSION, "annotator_version": __version__})
    yield build(
        "project",
        {
            "slug": project.slug,
            "name": project.name,
            "schema_version": project.schema_version,
            # Read in the dump's snapshot, as its documents are: an import meanwhile counts
            # in both or in neither.
            "documents_numbered": connection.scalar(
                select(Project.documents_numbered).where(Project.id == project.id)
            ),
            "created_at": stamp(project.created_at),
            "schema": project.schema,
        },
    )
    for name in sorted(set(names.values())):
        yield build("user", {"name": name})
    yield from _members(connection, project, names)
    yield from _schema_versions(connection, project, names)
    yield from _assist_models(connection, project, names)
    yield from _assist_label_models(connection, project)
    yield from _history(connection, project)
    for kind, ranges in project_id_ranges(connection, project):
        yield build("ids", {"kind": kind, "ranges": ranges})
    documents = 0
    for batch in _document_batches(connection, project):
        yield from document_records(connection, batch, names)
        documents += len(batch)
    yield build("end", {"documents": documents})


def _snapshot(session: Session) -> Connection:
    """Return a connection whose every read sees the project as it was when the dump began.

    On SQLite one transaction is one snapshot already. PostgreSQL's default (READ COMMITTED)
    lets each statement see what writers committed meanwhile, so that a document could show
    a span whose relation was not yet there: the dump reads in a REPEATABLE READ transaction
    instead, begun afresh (a dump writes nothing, so the read transaction ended loses nothing).
    """
    if session.get_bind().dialect.name != "postgresql":
        return session.connection()
    session.rollback()
    return session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _user_names(connection: Connection, project: Project) -> dict[int, str]:
    """Return the names of every user the project's rows refer to, by id."""
    docs, layers = project_documents(project), project_layers(project)
    referring = [
        select(ProjectMember.user_id).where(ProjectMember.project_id == project.id),
        select(SchemaVersion.created_by_id).where(SchemaVersion.project_id == project.id),
        select(AssistModel.created_by_id).where(AssistModel.project_id == project.id),
        select(Assignment.user_id).where(Assignment.document_id.in_(docs)),
        select(DocumentNote.user_id).where(DocumentNote.document_id.in_(docs)),
        select(GoldStatus.updated_by_id).where(GoldStatus.document_id.in_(docs)),
        select(GoldDecision.decided_by_id).where(GoldDecision.document_id.in_(docs)),
        select(Layer.user_id).where(Layer.document_id.in_(docs)),
        select(Span.decided_by_id).where(Span.layer_id.in_(layers)),
        select(Relation.decided_by_id).where(Relation.layer_id.in_(layers)),
        select(LabelValue.decided_by_id).where(LabelValue.layer_id.in_(layers)),
        select(SuggestionRejection.user_id).where(SuggestionRejection.document_id.in_(docs)),
        select(LayerChange.actor_id).where(LayerChange.document_id.in_(docs)),
    ]
    ids = union(*referring).subquery()
    query = select(User.id, User.username).where(User.id.in_(select(ids.c[0])))
    return {row[0]: row[1] for row in connection.execute(query)}


def _members(
    connection: Connection, project: Project, names: dict[int, str]
) -> Iterator[dict[str, Any]]:
    m = ProjectMember.__table__.c
    rows = connection.execute(
        select(m.user_id, m.role, m.created_at).where(m.project_id == project.id)
    ).all()
    for user_id, role, created_at in sorted(rows, key=lambda row: names[row[0]]):
        yield build(
            "member", {"user": names[user_id], "role": role, "created_at": stamp(created_at)}
        )


def _schema_versions(
    connection: Connection, project: Project, names: dict[int, str]
) -> Iterator[dict[str, Any]]:
    v = SchemaVersion.__table__.c
    query = (
        select(v.version, v.change, v.created_by_id, v.created_at, v.schema)
        .where(v.project_id == project.id)
        .order_by(v.version)
    )
    for version, change, created_by, created_at, schema in connection.execute(query):
        yield build(
            "schema_version",
            {
                "version": version,
                "change": change,
                "created_by": names.get(created_by),
                "created_at": stamp(created_at),
                "schema": schema,
            },
        )


def _assist_models(
    connection: Connection, project: Project, names: dict[int, str]
) -> Iterator[dict[str, Any]]:
    a = AssistModel.__table__.c
    query = select(*a).where(a.project_id == project.id).order_by(a.version)
    for row in connection.execute(query).mappings():
        yield build(
            "assist_model",
            {
                "version": row["version"],
                "kind": row["kind"],
                "created_by": names.get(row["created_by_id"]),
                "created_at": stamp(row["created_at"]),
                "documents": row["documents"],
                "labels": row["labels"],
                "scores": row["scores"],
                "data": base64.b64encode(bytes(row["data"])).decode("ascii"),
            },
        )


def _assist_label_models(connection: Connection, project: Project) -> Iterator[dict[str, Any]]:
    a = AssistLabelModel.__table__.c
    query = select(*a).where(a.project_id == project.id).order_by(a.version, a.scope, a.field)
    for row in connection.execute(query).mappings():
        yield build(
            "assist_label_model",
            {
                "version": row["version"],
                "scope": row["scope"],
                "field": row["field"],
                "created_at": stamp(row["created_at"]),
                "scores": row["scores"],
                "documents": row["documents"],
                "data": base64.b64encode(bytes(row["data"])).decode("ascii"),
            },
        )


def _history(connection: Connection, project: Project) -> Iterator[dict[str, Any]]:
    """The project's assignment and membership changes from its audit log, oldest first."""
    e = AuditEntry.__table__.c
    query = (
        select(e.created_at, e.actor, e.action, e.target, e.before, e.after)
        .where(
            e.project_slug == project.slug,
            # Not the entries of an older, deleted project that had the same slug.
            e.created_at >= project.created_at,
            or_(*(e.action.startswith(prefix) for prefix in HISTORY_ACTIONS)),
        )
        .order_by(e.created_at, e.id)
    )
    for at, actor, action, target, before, after in connection.execute(query):
        yield build(
            "history",
            {
                "at": stamp(at),
                "actor": actor,
                "action": action,
                "target": target,
                "before": before,
                "after": after,
            },
        )


def _document_batches(connection: Connection, project: Project) -> Iterator[list[int]]:
    d = Document.__table__.c
    after = 0
    while True:
        query = (
            select(d.id).where(d.project_id == project.id, d.id > after).order_by(d.id).limit(BATCH)
        )
        ids = list(connection.execute(query).scalars())
        if not ids:
            return
        yield ids
        after = ids[-1]
