"""The database's tables, in SQLAlchemy Core: the one place each column is defined.

The ORM classes of :mod:`annotator.models` are mapped onto these tables; code that needs no
ORM object (the command line's lists, say) reads them through Core alone and never imports
``sqlalchemy.orm``, whose import and mapper set-up were half of a small command's start-up
(docs/benchmarks.md, "Small and quick"). Alembic compares the migrations with :data:`METADATA`.

What a table holds is said by its model's docstring (:mod:`annotator.models`), what a column
means by its comment here. Each column states its nullability: Core's default is NULL
allowed, where the ORM took it from the ``Mapped`` type.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)

from annotator.core.history import ACTIONS, KINDS, SOURCES
from annotator.core.limits import DOCUMENT_TITLE_MAX, LABEL_NAME_MAX, MODEL_NAME_MAX
from annotator.core.look_alike import look_alike_key

# Constraints and indexes are named by one convention, so that migrations can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

METADATA = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """Return a CHECK's SQL: ``column`` equals one of ``values``, comparisons joined by OR.

    Not ``column IN (...)``: SQLite (3.40) builds a temporary b-tree of an IN list of more
    than two constants every time the CHECK runs, about 33,000 instructions apiece, and the
    history row that every write of a layer adds checks three (docs/benchmarks.md, round 5).
    """
    return " OR ".join(f"{column} = '{value}'" for value in values)


def _table_with_id(name: str, *items: Any) -> Table:
    """A table whose rows are keyed by ``id``, a number the database gives and never again.

    Clients hold these ids (a tab's spans, a script's tokens) and write by them. SQLite gives
    a new row the highest id plus one unless the table is AUTOINCREMENT, so deleting the newest
    row handed its id to the next: a stale tab's edit of deleted span 31 then changed a new
    span 31, its version 1 matching. AUTOINCREMENT keeps the highest id ever given in
    ``sqlite_sequence``, one more write per insert (docs/benchmarks.md, "Ids never reused");
    PostgreSQL's sequences never go back anyway.
    """
    return Table(
        name,
        METADATA,
        Column("id", Integer, primary_key=True),
        *items,
        sqlite_autoincrement=True,
    )


def _time(name: str) -> Column[datetime]:
    """A timezone-aware time that may be NULL, and is NULL unless written."""
    return Column(name, DateTime(timezone=True), nullable=True)


def _now(name: str, *, updates: bool = False) -> Column[datetime]:
    """A timezone-aware time, now when the row is inserted (and, with ``updates``, updated)."""
    return Column(
        name,
        DateTime(timezone=True),
        nullable=False,
        default=utcnow,
        onupdate=utcnow if updates else None,
    )


def _user_ref(
    name: str, *, nullable: bool, ondelete: str, index: bool | None = None
) -> Column[int]:
    """A reference to a user: ``ondelete`` says what becomes of the row when the user goes."""
    return Column(
        name, Integer, ForeignKey("user.id", ondelete=ondelete), nullable=nullable, index=index
    )


def _parent(name: str, table: str, *, index: bool | None = None) -> Column[int]:
    """A reference to the row this one belongs to, deleted with it."""
    return Column(
        name, Integer, ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False, index=index
    )


def _gold_provenance() -> tuple[Column[Any], ...]:
    # Gold rows only: who decided the item and from which annotator layer(s) it came
    # (comma-separated names of those who gave exactly it; "gold" when it was written
    # directly in the gold layer; NULL for gold imported without a source), how it was
    # decided (core/gold_source.py HOWS; NULL before it was kept) and, for a quorum, over
    # how many annotators it was counted.
    return (
        _user_ref("decided_by_id", nullable=True, ondelete="SET NULL"),
        Column("source_layer", String(255), nullable=True),
        Column("source_how", String(16), nullable=True),
        Column("source_of", Integer, nullable=True),
    )


user_table = _table_with_id(
    "user",
    Column("username", String(80), nullable=False, unique=True),
    # The name's look-alike key (annotator.core.look_alike), written by every insert from the
    # name: refusing 'Carla' beside 'carla' is then one indexed lookup, not a read of every
    # name. Not unique: names loaded with a project file are kept as that file has them.
    # Nullable only because SQLite could not add it NOT NULL without copying the user table
    # (migration 0018); every row has it.
    Column(
        "username_key",
        String,
        nullable=True,
        index=True,
        default=lambda context: look_alike_key(context.get_current_parameters()["username"]),
    ),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=True),
    _now("created_at"),
    # A disabled user cannot log in, and their sessions end (their tokens are revoked).
    Column("active", Boolean, nullable=False, default=True, server_default=true()),
    _time("last_login"),
    # Stored in the session cookie at login and compared on every request: bumping it
    # (logout, a new password, disabling) ends every session of the user at once, on every
    # worker.
    Column("session_epoch", Integer, nullable=False, default=0, server_default="0"),
    CheckConstraint("role IN ('admin', 'reviewer', 'annotator')", name="role"),
)

api_token_table = _table_with_id(
    "api_token",
    _user_ref("user_id", nullable=False, ondelete="CASCADE", index=True),
    # SHA-256 of the token: the token itself is shown once and never stored.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=False, default="", server_default=""),
    _now("created_at"),
    # NULL: never expires. A revoked token's row is deleted.
    _time("expires_at"),
    # Written at most once a minute per token (annotator.web.security), not on every request.
    _time("last_used_at"),
)

login_failure_table = _table_with_id(
    "login_failure",
    # The name as typed (folded to lower case), whether or not such a user exists.
    Column("username", String(80), nullable=False),
    Column("address", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failure_username", "username", "created_at"),
    Index("ix_login_failure_address", "address", "created_at"),
    Index("ix_login_failure_created_at", "created_at"),
)

project_table = _table_with_id(
    "project",
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    # The validated label schema (CONTRACT section 2), normalised by annotator.core.label_schema.
    Column("schema", JSON, nullable=False),
    Column("schema_version", Integer, nullable=False, default=1),
    # How many documents the project has numbered: the last number given, never given again
    # (annotator.services.datasets.document_numbers).
    Column("documents_numbered", Integer, nullable=False, default=0, server_default="0"),
    _now("created_at"),
)

project_member_table = _table_with_id(
    "project_member",
    _parent("project_id", "project"),
    _user_ref("user_id", nullable=False, ondelete="CASCADE"),
    Column("role", String(16), nullable=False),
    _now("created_at"),
    UniqueConstraint("project_id", "user_id"),
    CheckConstraint("role IN ('annotator', 'reviewer', 'manager')", name="role"),
    Index("ix_project_member_user_id", "user_id"),
)

schema_version_table = _table_with_id(
    "schema_version",
    _parent("project_id", "project"),
    Column("version", Integer, nullable=False),
    Column("schema", JSON, nullable=False),
    # What changed, in words (renames, additions), for the settings page's history.
    Column("change", Text, nullable=False, default="", server_default=""),
    _user_ref("created_by_id", nullable=True, ondelete="SET NULL"),
    _now("created_at"),
    UniqueConstraint("project_id", "version"),
)

audit_entry_table = _table_with_id(
    "audit_entry",
    _now("created_at"),
    _user_ref("actor_id", nullable=True, ondelete="SET NULL"),
    # The actor's username at the time; "(command line)" for a change made by the CLI.
    Column("actor", String(80), nullable=False),
    # A dotted verb: "project.create", "user.update", "document.delete", ...
    Column("action", String(64), nullable=False),
    Column("project_slug", String(64), nullable=True),
    # What the change was made to, in words: "user bob", "document 12 (article-3)".
    Column("target", String(300), nullable=False, default="", server_default=""),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Index("ix_audit_entry_created_at", "created_at"),
    Index("ix_audit_entry_project", "project_slug", "created_at"),
)

document_table = _table_with_id(
    "document",
    _parent("project_id", "project"),
    Column("external_id", String(512), nullable=False),
    # Its place in its project (#1, #2...), as the project page shows it and ``#12`` names it.
    Column("number", Integer, nullable=False),
    Column("title", String(DOCUMENT_TITLE_MAX), nullable=True),
    Column("meta", JSON, nullable=False, default=dict),
    # Stored exactly as imported, after annotator.core.text.normalise_text; never edited.
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("segmenter_version", String(64), nullable=False),
    _now("created_at"),
    UniqueConstraint("project_id", "external_id"),
    UniqueConstraint("project_id", "number"),
    # A project's documents in id order, from the index alone: a page of the list skips
    # the rows before it without reading them (on SQLite a row holds its long text).
    Index("ix_document_project_order", "project_id", "id"),
    # An import's lookup of the project's documents with the same text as a new one
    # (services/datasets/same_texts.py), without reading every document row.
    Index("ix_document_project_hash", "project_id", "content_hash"),
)

document_search_table = Table(
    "document_search",
    METADATA,
    Column(
        "document_id",
        Integer,
        ForeignKey("document.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    _parent("project_id", "project"),
    Column("title", Text, nullable=False),
    Column("external_id", Text, nullable=False),
    Column("meta", Text, nullable=False),
    Index("ix_document_search_project", "project_id", "document_id"),
)

sentence_table = _table_with_id(
    "sentence",
    _parent("document_id", "document"),
    Column("index", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    UniqueConstraint("document_id", "index"),
    # The sentence holding an offset (a span's start) is one seek: sentence_at_sql.
    Index("ix_sentence_document_start", "document_id", "start", "index"),
    CheckConstraint('0 <= start AND start < "end"', name="bounds"),
)

assignment_table = _table_with_id(
    "assignment",
    _parent("document_id", "document"),
    _user_ref("user_id", nullable=False, ondelete="CASCADE"),
    Column("status", String(16), nullable=False, default="new"),
    # When the annotator first marked the document done: a project that shows suggestions
    # only after a first unaided pass keeps showing them if the document is reopened.
    _time("first_done_at"),
    _now("created_at"),
    _now("updated_at", updates=True),
    UniqueConstraint("document_id", "user_id"),
    CheckConstraint("status IN ('new', 'in_progress', 'done', 'skipped')", name="status"),
    Index("ix_assignment_user_id", "user_id"),
    # Statuses by document from the index alone: the document list's status filter and
    # a project's progress count them for thousands of documents.
    Index("ix_assignment_document_status", "document_id", "status"),
)

layer_table = _table_with_id(
    "layer",
    _parent("document_id", "document"),
    # NULL for the gold layer and the suggestions layer (told apart by their key).
    _user_ref("user_id", nullable=True, ondelete="CASCADE"),
    # "gold", "suggestions" or "user:<id>": one key per layer, so that a UNIQUE constraint
    # forbids a second gold layer as well as a second layer of one annotator.
    Column("key", String(32), nullable=False),
    # Seconds its author spent on the document with the page visible and input within the
    # last minute, as the workspace reports them (services/annotation/active_time.py).
    Column("active_seconds", Integer, nullable=False, default=0, server_default="0"),
    # The moment its active time is credited up to: a report is credited no more than the
    # time since (services/annotation/active_time.py). NULL until the first report.
    _time("active_credited_until"),
    # How far each of its latest visits (page loads) was reported, ``[[id, seconds], ...]``
    # latest last: a report repeated adds nothing (services/annotation/active_time.py).
    # NULL until a report names its visit.
    Column("active_visits", JSON, nullable=True),
    _now("created_at"),
    UniqueConstraint("document_id", "key"),
)

span_table = _table_with_id(
    "span",
    _parent("layer_id", "layer"),
    Column("label", String(LABEL_NAME_MAX), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("attributes", JSON, nullable=False, default=dict),
    # Bumped on every change, so that a stale editor's write can be refused (409).
    Column("version", Integer, nullable=False, default=1),
    *_gold_provenance(),
    # A suggested span, and one accepted from a suggestion: the suggestion's score (0 to 1)
    # and the model that made it (its version, or "rules"). NULL for every other span.
    Column("score", Float, nullable=True),
    Column("model", String(MODEL_NAME_MAX), nullable=True),
    # The annotator's notes on this span from another tool (brat's ``#`` AnnotatorNotes),
    # one per line; NULL for none. The span's own, so that they are as private as the layer
    # and follow the span through a rename, a move or a relabel.
    Column("note", Text, nullable=True),
    _now("created_at"),
    _now("updated_at", updates=True),
    CheckConstraint('0 <= start AND start < "end"', name="bounds"),
    Index("ix_span_layer_order", "layer_id", "start", "end", "id"),
)

relation_table = _table_with_id(
    "relation",
    _parent("layer_id", "layer"),
    Column("type", String(LABEL_NAME_MAX), nullable=False),
    # Deleting a span deletes its relations, in the database as well as in the service.
    _parent("from_span_id", "span", index=True),
    _parent("to_span_id", "span", index=True),
    *_gold_provenance(),
    # A relation accepted from a suggestion: the model that suggested it (its version, or
    # "rules") and its score (NULL: the rules and the tagger give relations none). NULL for
    # every other relation, and in the suggestions layer itself.
    Column("score", Float, nullable=True),
    Column("model", String(MODEL_NAME_MAX), nullable=True),
    # Its annotator's note on the relation (written, or brat's ``#`` AnnotatorNotes on an
    # ``R`` line), one per line; NULL for none. Private to the layer, as a span's note.
    Column("note", Text, nullable=True),
    _now("created_at"),
    Index("ix_relation_layer_id", "layer_id"),
)

label_value_table = _table_with_id(
    "label_value",
    _parent("layer_id", "layer"),
    # DOCUMENT_UNIT (-1) for a document label; the API shows it as null.
    Column("sentence_index", Integer, nullable=False),
    Column("name", String(LABEL_NAME_MAX), nullable=False),
    # A string, or a list of strings for a field declared "multiple".
    Column("value", JSON, nullable=False),
    *_gold_provenance(),
    # A suggested value, and one accepted from a suggestion: the suggestion's score (0 to 1)
    # and the model that made it (its version), as a span has them. NULL for every other.
    Column("score", Float, nullable=True),
    Column("model", String(MODEL_NAME_MAX), nullable=True),
    _now("created_at"),
    _now("updated_at", updates=True),
    UniqueConstraint("layer_id", "sentence_index", "name"),
)

document_note_table = _table_with_id(
    "document_note",
    _parent("document_id", "document"),
    _user_ref("user_id", nullable=False, ondelete="CASCADE"),
    Column("note", Text, nullable=False, default=""),
    Column("unsure", Boolean, nullable=False, default=False),
    _now("updated_at", updates=True),
    # Bumped on every write, so that a tab that read an older note is refused (409), as for
    # a span; a note never written is version 0 (no row).
    Column("version", Integer, nullable=False, default=1, server_default="1"),
    UniqueConstraint("document_id", "user_id"),
)

idempotency_key_table = _table_with_id(
    "idempotency_key",
    _user_ref("user_id", nullable=False, ondelete="CASCADE"),
    Column("key", String(100), nullable=False),
    # The request it answered, so that a key reused for another request is refused.
    Column("request", String(300), nullable=False),
    # NULL until the write's own transaction has committed and its answer is known.
    Column("status", Integer, nullable=True),
    Column("body", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow, index=True),
    UniqueConstraint("user_id", "key"),
)

gold_status_table = Table(
    "gold_status",
    METADATA,
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False, default="open"),
    _user_ref("updated_by_id", nullable=True, ondelete="SET NULL"),
    _now("updated_at", updates=True),
    CheckConstraint("status IN ('open', 'in_review', 'final')", name="status"),
)

assist_model_table = _table_with_id(
    "assist_model",
    _parent("project_id", "project"),
    Column("version", Integer, nullable=False),
    Column("kind", String(16), nullable=False, default="tagger"),
    _now("created_at"),
    _user_ref("created_by_id", nullable=True, ondelete="SET NULL"),
    # The serialised model (annotator.core.assist.tagger_model.TaggerModel.to_bytes).
    Column("data", LargeBinary, nullable=False),
    # Held-out scores per label: {label: {"exact": {...}, "overlap": {...}}}.
    Column("scores", JSON, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("labels", JSON, nullable=False),
    UniqueConstraint("project_id", "version"),
    CheckConstraint("kind IN ('tagger')", name="kind"),
)

assist_label_model_table = _table_with_id(
    "assist_label_model",
    _parent("project_id", "project"),
    # The version of the training that stored it: the tagger's of that training, or the
    # next number when the training stored label classifiers alone.
    Column("version", Integer, nullable=False),
    Column("scope", String(16), nullable=False),  # "sentence" or "document"
    Column("field", String(LABEL_NAME_MAX), nullable=False),
    _now("created_at"),
    # The classifier (annotator.core.assist.classifier.LabelModel.to_bytes).
    Column("data", LargeBinary, nullable=False),
    # Held-out scores: {"accuracy", "macro_f1", "examples", "values": {VALUE: count}}.
    Column("scores", JSON, nullable=False),
    # The external ids of the documents it learned from: it never suggests there.
    Column("documents", JSON, nullable=False),
    UniqueConstraint("project_id", "version", "scope", "field"),
    CheckConstraint(one_of("scope", ("sentence", "document")), name="scope"),
)

suggestion_rejection_table = _table_with_id(
    "suggestion_rejection",
    _parent("document_id", "document"),
    _user_ref("user_id", nullable=False, ondelete="CASCADE"),
    Column("label", String(LABEL_NAME_MAX), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("model", String(32), nullable=False),
    Column("score", Float, nullable=True),
    _now("created_at"),
    UniqueConstraint("document_id", "user_id", "label", "start", "end"),
    Index("ix_suggestion_rejection_user_id", "user_id"),
)

assist_job_table = Table(
    "assist_job",
    METADATA,
    Column("project_id", Integer, ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    # "host:pid:thread" of the claiming worker; NULL when nobody trains.
    Column("claimed_by", String(128), nullable=True),
    _time("claimed_at"),
    _time("expires_at"),
    _time("finished_at"),
    # The version the last training stored, or why it stored none.
    Column("last_version", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
    # How many documents to learn from the last training that stored a model read
    # (training_document_count): train_every counts new ones from there.
    Column("learned_documents", Integer, nullable=True),
)

document_uncertainty_table = Table(
    "document_uncertainty",
    METADATA,
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("value", Float, nullable=False),
    Column("model", Integer, nullable=False),  # the version that measured it
    Column("measure", String(16), nullable=False),  # "entropy" or "margin"
)

gold_decision_table = _table_with_id(
    "gold_decision",
    _parent("document_id", "document"),
    Column("difference", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("summary", Text, nullable=False),
    _user_ref("decided_by_id", nullable=True, ondelete="SET NULL"),
    _now("decided_at"),
    UniqueConstraint("document_id", "difference"),
)

layer_change_table = _table_with_id(
    "layer_change",
    _parent("document_id", "document"),
    # The layer's key: "gold" or "user:<id>" (Layer.key_for).
    Column("layer_key", String(32), nullable=False),
    # NULL for a change made by the system (an import from the command line, say).
    _user_ref("actor_id", nullable=True, ondelete="SET NULL"),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("action", String(16), nullable=False),
    Column("source", String(16), nullable=False),
    # The span, relation or label value changed (NULL for a status, or once the item is gone
    # from a moved project).
    Column("item_id", Integer, nullable=True),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    # A gold item's source after the change (core/gold_source.py, as JSON text): how it was
    # decided and who gave exactly it. NULL for other layers, and before it was kept.
    Column("item_source", Text, nullable=True),
    # The change that made this one: a gold relation's row written because an end span moved
    # names that span's change, which a restore of it finds the relation's kept source by
    # (services/review/moved_ends.py). No foreign key: the history is append-only and a
    # document's rows go together. NULL for every other change, and before it was kept.
    Column("caused_by_id", Integer, nullable=True),
    CheckConstraint(one_of("kind", KINDS), name="kind"),
    CheckConstraint(one_of("action", ACTIONS), name="action"),
    CheckConstraint(one_of("source", SOURCES), name="source"),
    # A document's history, newest first, from the index alone.
    Index("ix_layer_change_document", "document_id", "id"),
)


#: Alembic's own table, by its default names (alembic.runtime.migration): the database's
#: schema revision, one row. Apart from :data:`METADATA`, which Alembic compares with the
#: migrations and which does not hold it.
ALEMBIC_VERSION = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)
