"""Opening a layer for a write: its row, its owner's assignment, what the write is checked on.

The API opens its writes with :func:`open_write_target`: one Core query, run precompiled on
the driver (:mod:`annotator.precompiled`) with no ORM object, reads the document's text, the
project's schema, the caller's assignment, the layer and the sentence holding the write's
offset. A change of a span found by its id opens it with :func:`open_span`: one such query
reads the span with its layer, text, schema and the caller's assignment. Services handed a
:class:`~annotator.models.Layer` (pages, CLI, review) use :func:`write_target`. The rules a
write must follow live in the services, which take either.

Each of these queries holds the project's and the document's rows until the write commits
(PostgreSQL, :data:`~annotator.services.write_holds.WRITE_HOLD`): a schema change or the
document's deletion under way is waited for, and read as it left them; one that comes later
waits for the write. The hold costs no statement of its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, Text, and_, bindparam, cast, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import no_such
from annotator.core.history import ORIGIN_COLUMNS, origin_of, origin_read
from annotator.core.schema_seen import Name, owned_by
from annotator.core.shapes import first_sentence
from annotator.core.vocabulary import FINAL, GOLD
from annotator.db import Db, orm
from annotator.models import Assignment, Document, GoldStatus, Layer, Project, ProjectMember, Span
from annotator.precompiled import Precompiled
from annotator.services.accounts.permissions import require_assigned
from annotator.services.annotation import document_texts
from annotator.services.annotation.access import require_open, require_row_write, write_owner
from annotator.services.annotation.payloads import sentence_at_sql
from annotator.services.annotation.schema_seen import require_schema_seen
from annotator.services.gold.lock import hold_gold, require_gold_open, writers_serialised
from annotator.services.history import record_status
from annotator.services.write_holds import WRITE_HOLD


@dataclass(frozen=True, slots=True)
class LayerRef:
    """The columns of a layer row that a write needs, read without loading an ORM object."""

    id: int
    document_id: int
    #: The annotator who owns the layer; None for gold (and the suggestions).
    user_id: int | None
    #: ``gold``, ``suggestions`` or ``user:<id>`` (:meth:`Layer.key_for`).
    key: str

    @property
    def is_gold(self) -> bool:
        """Tell whether this is the gold layer."""
        return self.key == GOLD


@dataclass(frozen=True, slots=True)
class StoredSpan:
    """A span row as a change by its id reads it (:func:`open_span`), without an ORM object."""

    id: int
    layer_id: int
    label: str
    start: int
    end: int
    attributes: dict[str, Any] | None
    version: int
    #: Its note (a line per note), None for none: kept by its history's snapshots.
    note: str | None = None
    #: Its origin columns that are set (:func:`~annotator.core.history.origin_of`): kept by
    #: the snapshot of its change or deletion, for a restore.
    origin: dict[str, Any] | None = None


def span_origin(span: Span | StoredSpan) -> dict[str, Any]:
    """Return a span's origin columns that are set, from its row or as :func:`open_span` read
    them: what the snapshot of its change or deletion keeps for a restore."""
    return span.origin or {} if isinstance(span, StoredSpan) else origin_of(span)


@dataclass(frozen=True, slots=True)
class AssignmentRef:
    """The layer owner's assignment status as the write target read it."""

    user_id: int
    status: str


@dataclass(slots=True)
class WriteTarget:
    """A layer opened for a write, with what the write is checked against."""

    layer: Layer | LayerRef
    text: str
    schema: dict[str, Any]
    #: The layer owner's assignment when the opener read it (None: gold, or look it up).
    assignment: Assignment | AssignmentRef | None = None
    #: The index of the sentence holding the offset given to :func:`open_write_target`.
    sentence: int | None = None


# Built once: the write path runs these on every request, and building a statement (and its
# cache key) costs more than running it.
_SENTENCE_AT_OFFSET = sentence_at_sql(
    Document.id, bindparam("offset", type_=Integer)
).scalar_subquery()
# The schema comes as its JSON text, parsed once per distinct text (_parse_schema).
_SCHEMA_TEXT = cast(Project.schema, Text).label("schema")
# The caller's membership of the document's project, if any (at most one row: the member
# table is unique by project and user), and through it their assignment to the document: none
# for who is no member (permissions.find_assignment's rule). Both targets below join them the
# same way. Joined, not an EXISTS in the assignment's join: SQLite reads the membership from
# its unique index alone then, about 1,300 instructions less a write (docs/benchmarks.md,
# "Span writes at the end of session 32").
_CALLERS_MEMBERSHIP = and_(
    ProjectMember.project_id == Document.project_id,
    ProjectMember.user_id == bindparam("user_id", type_=Integer),
)
_CALLERS_ASSIGNMENT = and_(
    Assignment.document_id == Document.id,
    Assignment.user_id == ProjectMember.user_id,
)
# The text only when the process does not keep it (annotator.services.annotation.document_texts).
# The document's stored gold status: a gold write is refused while it is final
# (annotator.services.gold.lock), read here rather than in a statement of its own (after the
# lock's hold, on PostgreSQL, for a write opened as gold).
_GOLD_STATUS = GoldStatus.status.label("gold_status")
_TEXT = document_texts.TEXT_UNLESS_KNOWN.label("text")
_WRITE_TARGET = Precompiled(
    select(
        Document.content_hash,
        _TEXT,
        _SCHEMA_TEXT,
        Assignment.status.label("assignment_status"),
        Layer.id.label("layer_id"),
        _SENTENCE_AT_OFFSET.label("sentence"),
        _GOLD_STATUS,
        Document.project_id,
        Project.schema_version,
    )
    .join(Project, Project.id == Document.project_id)
    .outerjoin(ProjectMember, _CALLERS_MEMBERSHIP)
    .outerjoin(Assignment, _CALLERS_ASSIGNMENT)
    .outerjoin(
        Layer,
        and_(Layer.document_id == Document.id, Layer.key == bindparam("key", type_=String)),
    )
    .outerjoin(GoldStatus, GoldStatus.document_id == Document.id)
    .where(Document.id == bindparam("document_id", type_=Integer))
    # The project and the document held until the write commits (PostgreSQL): a schema
    # change or the document's deletion waits for it, or it for them, reading what they left.
    .with_for_update(**WRITE_HOLD)
)
# A span by its id, with what a change of it is checked on: its layer, the document's text,
# the project's schema, the caller's assignment, and the sentence holding the offset (the
# span's start when none is given).
_SPAN_TARGET = Precompiled(
    select(
        Span.layer_id,
        Span.label,
        Span.start,
        Span.end,
        cast(Span.attributes, Text).label("attributes"),
        Span.version,
        Span.note,
        *(Span.__table__.c[column] for column in ORIGIN_COLUMNS),
        Layer.document_id,
        Layer.user_id,
        Layer.key,
        Document.project_id,
        Document.text,
        _SCHEMA_TEXT,
        Assignment.status.label("assignment_status"),
        sentence_at_sql(Document.id, func.coalesce(bindparam("offset", type_=Integer), Span.start))
        .scalar_subquery()
        .label("sentence"),
        _GOLD_STATUS,
        Project.schema_version,
    )
    .join(Layer, Layer.id == Span.layer_id)
    .join(Document, Document.id == Layer.document_id)
    .join(Project, Project.id == Document.project_id)
    .outerjoin(ProjectMember, _CALLERS_MEMBERSHIP)
    .outerjoin(Assignment, _CALLERS_ASSIGNMENT)
    .outerjoin(GoldStatus, GoldStatus.document_id == Document.id)
    .where(Span.id == bindparam("span_id", type_=Integer))
    .with_for_update(**WRITE_HOLD)
)
_TEXT_AND_SCHEMA = (
    select(Document.text, _SCHEMA_TEXT)
    .join(Project, Project.id == Document.project_id)
    .where(Document.id == bindparam("document_id", type_=Integer))
    .with_for_update(**WRITE_HOLD)
)
_LAYERS = Layer.__table__
_INSERT_LAYER = insert(_LAYERS)
_LAYER_ID = select(_LAYERS.c.id).where(
    _LAYERS.c.document_id == bindparam("document_id"), _LAYERS.c.key == bindparam("key")
)


# The schemas parsed last, the newest first, each with its text: a tuple replaced whole, so
# that threads read one state or the next. A few projects are written at a time.
_RECENT_SCHEMAS: list[tuple[tuple[str, dict[str, Any]], ...]] = [()]
_SCHEMAS_KEPT = 16


def _parse_schema(raw: str) -> dict[str, Any]:
    """Return the schema of the JSON text ``raw``, parsed once per distinct text.

    Shared by the requests that follow; nothing writes to it. Found by comparing the text
    with the few parsed last, not by its hash: hashing a text read anew by every write (a
    schema is a few KB) cost about 8,500 instructions of a span write, comparing two equal
    texts a few hundred (docs/benchmarks.md, "Span writes, round 10").
    """
    recent = _RECENT_SCHEMAS[0]
    for known, parsed in recent:
        if known == raw:
            return parsed
    parsed = json.loads(raw)
    _RECENT_SCHEMAS[0] = ((raw, parsed), *recent[: _SCHEMAS_KEPT - 1])
    return parsed


def open_write_target(
    session: Db,
    user: Actor,
    document_id: int,
    layer: str | None,
    *,
    offset: int | None = None,
    closed_too: bool = False,
    seen_version: int | None = None,
    sends: Sequence[Name] = (),
) -> WriteTarget:
    """Open the layer ``user`` writes on a document: their own, or gold (``layer="gold"``).

    One query reads the document's text (unless the process keeps it:
    :mod:`~annotator.services.annotation.document_texts`), the project's schema, the caller's
    assignment, the layer and the sentence holding ``offset``; the layer row is created on the
    first write.

    :param offset: a character offset whose sentence the write will answer with, if any.
    :param closed_too: open a layer marked done or skipped too, and gold marked final: for
        what is no annotation (the active time), which such a layer still takes.
    :param seen_version: the schema version the writer's page was built with, if it said.
    :param sends: the label names the write sends, checked against that version.
    :raises NotFound: when there is no such document.
    :raises Forbidden: when the caller may not write that layer.
    :raises LayerDone: when the caller's layer is marked done or skipped
        (:func:`~annotator.services.annotation.access.require_open`).
    :raises SchemaChanged: ``seen_version`` is older than a version that renamed or removed
        a name the write ``sends``
        (:func:`~annotator.services.annotation.schema_seen.require_schema_seen`).
    """
    # Only a gold write asks the project role (and only of those who are no global reviewer):
    # an annotator's write runs no query beyond the one below, which reads gold's status too.
    owner_id = write_owner(session, user, layer, document_id, final=False)
    if owner_id is None and not closed_too:
        # Before the query, so that the status it reads stands until the write commits.
        hold_gold(session, document_id)
    key = Layer.key_for(owner_id)
    kept = document_texts.kept_text(document_id)
    params = {
        "document_id": document_id,
        "user_id": user.id,
        "key": key,
        "offset": offset,
        "known_hash": None if kept is None else kept[0],
    }
    row = _WRITE_TARGET.first(session, params)
    if row is None:
        raise no_such("document", document_id)
    content_hash, text, schema, assignment_status, layer_id, sentence, gold_status = row[:7]
    project_id, schema_version = row[7:]
    if owner_id is None and not closed_too:  # the active time is no change of gold
        require_gold_open(session, document_id, final=gold_status == FINAL)
    assignment = None
    if owner_id is not None:
        require_assigned(session, user, document_id, assignment_status is not None)
        if not closed_too:
            require_open(session, assignment_status, document_id)
        assignment = AssignmentRef(user_id=user.id, status=assignment_status)
    # After the checks of who may write: the refusal names the project's labels.
    parsed = _parse_schema(schema)
    require_schema_seen(session, project_id, seen_version, schema_version, parsed, sends)
    if layer_id is None:
        layer_id = insert_layer(session, document_id, owner_id)
    return WriteTarget(
        layer=LayerRef(id=layer_id, document_id=document_id, user_id=owner_id, key=key),
        text=document_texts.document_text(document_id, kept, content_hash, text),
        schema=parsed,
        assignment=assignment,
        # An offset before the first sentence belongs to sentence 0 (CONTRACT section 9).
        sentence=None if offset is None else first_sentence(sentence),
    )


def open_span(
    db: Db,
    user: Actor,
    span_id: int,
    asked: str | None,
    *,
    offset: int | None = None,
    seen_version: int | None = None,
    sends: Sequence[Name] = (),
) -> tuple[StoredSpan, WriteTarget]:
    """Open the span ``span_id`` for a change by ``user``, with what the change is checked on.

    One query reads the span, its layer, the document's text, the project's schema, the
    caller's assignment and the sentence holding ``offset`` (the span's start when None);
    :func:`~annotator.services.annotation.access.require_row_write` then decides.

    :param asked: the ``?layer=`` the caller gave.
    :raises NotFound: when there is no such span, or the caller may not read its layer.
    :raises Forbidden: when the caller reads the layer but may not write it.
    :raises LayerDone: when it is the caller's layer, marked done or skipped.
    :raises SchemaChanged: as :func:`open_write_target` says of ``seen_version`` and ``sends``.
    """
    params = {"span_id": span_id, "user_id": user.id, "offset": offset}
    row = _SPAN_TARGET.first(db, params)
    if row is None:
        raise no_such("span", span_id)
    (layer_id, label, start, end, attributes, version, note) = row[:7]
    read_origin = row[7 : 7 + len(ORIGIN_COLUMNS)]
    document_id, owner_id, key, project_id, text, schema, status, sentence, gold_status = row[
        7 + len(ORIGIN_COLUMNS) : -1
    ]
    layer = LayerRef(id=layer_id, document_id=document_id, user_id=owner_id, key=key)
    assigned = status is not None
    # Read before any hold: it stands only where writers run one at a time; else gold's lock
    # holds the document and reads the status again (an annotator's span pays nothing).
    final = gold_status == FINAL if writers_serialised(db) else None
    row_named = ("span", span_id)
    require_row_write(db, user, layer, document_id, project_id, assigned, asked, row_named, final)
    own = assigned and owner_id == user.id
    if own:
        require_open(db, status, document_id)
    parsed = _parse_schema(schema)
    # A change that sends no label sends the stored label's attributes.
    sends = owned_by(sends, label)
    require_schema_seen(db, project_id, seen_version, row[-1], parsed, sends)
    span = StoredSpan(
        span_id,
        layer_id,
        label,
        start,
        end,
        None if attributes is None else json.loads(attributes),
        version,
        note,
        origin_read(read_origin),
    )
    target = WriteTarget(
        layer=layer,
        text=text,
        schema=parsed,
        assignment=AssignmentRef(user.id, status) if own else None,
        sentence=first_sentence(sentence),
    )
    return span, target


def write_target(session: Session, layer: Layer | WriteTarget) -> WriteTarget:
    """Return ``layer`` with its document's text and its project's schema."""
    if isinstance(layer, WriteTarget):
        return layer
    found = session.connection().execute(_TEXT_AND_SCHEMA, {"document_id": layer.document_id})
    row = found.first()
    if row is None:  # deleted since the layer was read (it waited for that deletion)
        raise no_such("document", layer.document_id)
    return WriteTarget(layer=layer, text=row.text, schema=_parse_schema(row.schema))


def insert_layer(db: Db, document_id: int, user_id: int | None) -> int:
    """Insert the layer of ``user_id`` (gold when None) on a document and return its id.

    Two first writes may race to create the same layer; the loser's insert breaks the
    UNIQUE (document_id, key) constraint inside a savepoint, and it then reads the winner's row.
    """
    values = {"document_id": document_id, "user_id": user_id, "key": Layer.key_for(user_id)}
    session = orm(db)  # once a layer: its savepoint is the session's
    try:
        with session.begin_nested():
            result = session.connection().execute(_INSERT_LAYER, values)
        inserted = result.inserted_primary_key
        assert inserted is not None  # an INSERT of one row
        return int(inserted[0])
    except IntegrityError:
        found = session.connection().scalar(_LAYER_ID, values)
        if found is None:
            raise
        return int(found)


def mark_started(
    session: Db,
    layer: Layer | LayerRef,
    assignment: Assignment | AssignmentRef | None = None,
) -> None:
    """Move the layer owner's assignment from ``new`` to ``in_progress``.

    :param assignment: the owner's assignment (or its status), when the caller has it; a
        status past ``new`` then costs no statement.
    """
    # The first write of any kind to an annotator's layer starts their assignment.
    if layer.user_id is None:
        return
    if assignment is not None and assignment.user_id == layer.user_id:
        if assignment.status != "new":
            return
        if isinstance(assignment, Assignment):
            assignment.status = "in_progress"
            record_status(session, layer.document_id, layer.user_id, "new", "in_progress")
            return
    # One UPDATE whatever the status; rows of it already in the session are updated too.
    result = orm(session).execute(
        update(Assignment)
        .where(
            Assignment.document_id == layer.document_id,
            Assignment.user_id == layer.user_id,
            Assignment.status == "new",
        )
        .values(status="in_progress"),
        execution_options={"synchronize_session": "evaluate"},
    )
    if getattr(result, "rowcount", 0):
        record_status(session, layer.document_id, layer.user_id, "new", "in_progress")
