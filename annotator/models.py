"""The ORM classes: typed columns, constraints and small derived properties only."""

# No ``from __future__ import annotations`` here: SQLAlchemy reads each ``Mapped[...]`` as
# Python evaluated it with the class body, instead of evaluating some 180 annotation strings
# itself at every start (about 0.03 G instructions, a hundredth of a small command before
# issue 15; docs/benchmarks.md, "Small and quick"). A class named before it exists is quoted.

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

# Re-exported: callers that hold rows name these beside the models.
from annotator.core.history import ACTIONS, KINDS, SOURCES
from annotator.core.vocabulary import (  # noqa: F401
    ASSIGNMENT_STATUSES,
    DOCUMENT_UNIT,
    GOLD,
    GOLD_STATUSES,
    PROJECT_ROLES,
    REVIEWER_ROLES,
    ROLES,
    SUGGESTIONS,
)
from annotator.db import Base


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class User(Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint("role IN ('admin', 'reviewer', 'annotator')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A disabled user cannot log in, and their sessions and tokens stop working.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    last_login: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Stored in the session cookie at login and compared on every request: bumping it (logout,
    # a new password, disabling) ends every session of the user at once, on every worker.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def is_reviewer(self) -> bool:
        """Tell whether the user may read every layer and write gold."""
        return self.role in REVIEWER_ROLES

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the token: the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # NULL: never expires. A revoked token's row is deleted.
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Written at most once a minute per token (annotator.web.security), not on every request.
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")


class LoginFailure(Base):
    """A failed login, kept for the throttling window (annotator.services.accounts.throttle).

    In the database rather than in memory, so that every worker process counts the same ones.
    """

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_username", "username", "created_at"),
        Index("ix_login_failure_address", "address", "created_at"),
        Index("ix_login_failure_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The name as typed (folded to lower case), whether or not such a user exists.
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Project(Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The validated label schema (CONTRACT section 2), normalised by annotator.core.label_schema.
    schema: Mapped[dict[str, Any]] = mapped_column(JSON)
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Project {self.slug}>"


class ProjectMember(Base):
    """A user's role in one project: annotator, reviewer or manager (administers it).

    Assigning a document makes its annotator a member; a global admin needs no membership.
    """

    __tablename__ = "project_member"
    __table_args__ = (
        UniqueConstraint("project_id", "user_id"),
        CheckConstraint("role IN ('annotator', 'reviewer', 'manager')", name="role"),
        Index("ix_project_member_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class SchemaVersion(Base):
    """One version of a project's label schema, kept so that exports and reports can name it.

    ``Project.schema`` is always the newest; every change adds a row here with its number.
    """

    __tablename__ = "schema_version"
    __table_args__ = (UniqueConstraint("project_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    schema: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What changed, in words (renames, additions), for the settings page's history.
    change: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """One administrative change: who, when, what, and the state before and after.

    Names are copied, not only referenced, so that an entry still reads after its user or
    project is deleted.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_created_at", "created_at"),
        Index("ix_audit_entry_project", "project_slug", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The actor's username at the time; "(command line)" for a change made by the CLI.
    actor: Mapped[str] = mapped_column(String(80))
    # A dotted verb: "project.create", "user.update", "document.delete", ...
    action: Mapped[str] = mapped_column(String(64))
    project_slug: Mapped[str | None] = mapped_column(String(64))
    # What the change was made to, in words: "user bob", "document 12 (article-3)".
    target: Mapped[str] = mapped_column(String(300), default="", server_default="")
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("project_id", "external_id"),
        # A project's documents in id order, from the index alone: a page of the list skips
        # the rows before it without reading them (on SQLite a row holds its long text).
        Index("ix_document_project_order", "project_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(512))
    title: Mapped[str | None] = mapped_column(String(1000))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Stored exactly as imported, after annotator.core.text.normalise_text; never edited.
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    segmenter_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    sentences: Mapped[list["Sentence"]] = relationship(
        order_by="Sentence.index", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.external_id!r}>"


class DocumentSearch(Base):
    """What the document list's search compares of a document, lowercased (one row each).

    A narrow copy of the title, external id and metadata (:mod:`annotator.core.search_text`),
    written with the document by :func:`annotator.services.datasets.documents.store_documents`
    (documents are never edited) and deleted with it by the foreign key. A search scans these
    rows instead of the documents', which on SQLite begin with the start of the long text.
    """

    __tablename__ = "document_search"
    __table_args__ = (Index("ix_document_search_project", "project_id", "document_id"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    external_id: Mapped[str] = mapped_column(Text)
    meta: Mapped[str] = mapped_column(Text)


class Sentence(Base):
    __tablename__ = "sentence"
    __table_args__ = (
        UniqueConstraint("document_id", "index"),
        # The sentence holding an offset (a span's start) is one seek: sentence_at_sql.
        Index("ix_sentence_document_start", "document_id", "start", "index"),
        CheckConstraint('0 <= start AND start < "end"', name="bounds"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class Assignment(Base):
    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("document_id", "user_id"),
        CheckConstraint("status IN ('new', 'in_progress', 'done', 'skipped')", name="status"),
        Index("ix_assignment_user_id", "user_id"),
        # Statuses by document from the index alone: the document list's status filter and
        # a project's progress count them for thousands of documents.
        Index("ix_assignment_document_status", "document_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="new")
    # When the annotator first marked the document done: a project that shows suggestions
    # only after a first unaided pass keeps showing them if the document is reopened.
    first_done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    user: Mapped[User] = relationship(lazy="joined")


class Layer(Base):
    """One annotator's annotations of one document, its gold layer or its suggestions."""

    __tablename__ = "layer"
    __table_args__ = (UniqueConstraint("document_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    # NULL for the gold layer and the suggestions layer (told apart by their key).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # "gold", "suggestions" or "user:<id>": one key per layer, so that a UNIQUE constraint
    # forbids a second gold layer as well as a second layer of one annotator.
    key: Mapped[str] = mapped_column(String(32))
    # Seconds its author spent on the document with the page visible and input within the
    # last minute, as the workspace reports them (services/annotation/active_time.py).
    active_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User | None] = relationship(lazy="joined")

    @property
    def is_gold(self) -> bool:
        """Tell whether this is the gold layer."""
        return self.key == GOLD

    @property
    def is_suggestions(self) -> bool:
        """Tell whether this is the layer of suggestions (a model's or the rules')."""
        return self.key == SUGGESTIONS

    @property
    def name(self) -> str:
        """Return the layer's public name: the annotator's username, ``gold`` or ``suggestions``."""
        if self.user is None:
            return SUGGESTIONS if self.key == SUGGESTIONS else GOLD
        return self.user.username

    @staticmethod
    def key_for(user_id: int | None) -> str:
        """Return the layer key of an annotator, or of gold when ``user_id`` is None."""
        return GOLD if user_id is None else f"user:{user_id}"


class Span(Base):
    __tablename__ = "span"
    __table_args__ = (
        CheckConstraint('0 <= start AND start < "end"', name="bounds"),
        Index("ix_span_layer_order", "layer_id", "start", "end", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("layer.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(100))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Bumped on every change, so that a stale editor's write can be refused (409).
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Gold rows only: who decided the item and from which annotator layer(s) it came
    # (comma-separated names; NULL when it was written directly in the gold layer).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    source_layer: Mapped[str | None] = mapped_column(String(255))
    # A suggested span, and one accepted from a suggestion: the suggestion's score (0 to 1)
    # and the model that made it (its version, or "rules"). NULL for every other span.
    score: Mapped[float | None] = mapped_column(Float)
    model: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Relation(Base):
    __tablename__ = "relation"
    __table_args__ = (Index("ix_relation_layer_id", "layer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("layer.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(100))
    # Deleting a span deletes its relations, in the database as well as in the service.
    from_span_id: Mapped[int] = mapped_column(ForeignKey("span.id", ondelete="CASCADE"), index=True)
    to_span_id: Mapped[int] = mapped_column(ForeignKey("span.id", ondelete="CASCADE"), index=True)
    # Gold rows only: who decided the item and from which annotator layer(s) it came
    # (comma-separated names; NULL when it was written directly in the gold layer).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    source_layer: Mapped[str | None] = mapped_column(String(255))
    # A relation accepted from a suggestion: the model that suggested it (its version, or
    # "rules") and its score (NULL: the rules and the tagger give relations none). NULL for
    # every other relation, and in the suggestions layer itself.
    score: Mapped[float | None] = mapped_column(Float)
    model: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LabelValue(Base):
    """A sentence or document label field's value in one layer."""

    __tablename__ = "label_value"
    __table_args__ = (UniqueConstraint("layer_id", "sentence_index", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("layer.id", ondelete="CASCADE"))
    # DOCUMENT_UNIT (-1) for a document label; the API shows it as null.
    sentence_index: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    # A string, or a list of strings for a field declared "multiple".
    value: Mapped[Any] = mapped_column(JSON)
    # Gold rows only: who decided the item and from which annotator layer(s) it came
    # (comma-separated names; NULL when it was written directly in the gold layer).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    source_layer: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class DocumentNote(Base):
    """An annotator's note on a document and whether they are unsure of it (for reviewers)."""

    __tablename__ = "document_note"
    __table_args__ = (UniqueConstraint("document_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    unsure: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    user: Mapped[User] = relationship(lazy="joined")


class IdempotencyKey(Base):
    """A write already applied for a client's ``Idempotency-Key``, and the answer it got.

    A client that retries a write whose answer it never received sends the same key again
    and gets the stored answer back, so that the retry never applies the write twice.
    """

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    # The request it answered, so that a key reused for another request is refused.
    request: Mapped[str] = mapped_column(String(300))
    # NULL until the write's own transaction has committed and its answer is known.
    status: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class GoldStatus(Base):
    """How far a document's gold layer has come: ``open``, ``in_review`` or ``final``.

    A document without a row is ``open``, or ``in_review`` once its gold layer holds anything.
    """

    __tablename__ = "gold_status"
    __table_args__ = (CheckConstraint("status IN ('open', 'in_review', 'final')", name="status"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), default="open")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class AssistModel(Base):
    """A model trained on a project's gold layer to suggest spans: its bytes and its scores.

    Versions count up from 1 per project; the newest one suggests.
    """

    __tablename__ = "assist_model"
    __table_args__ = (
        UniqueConstraint("project_id", "version"),
        CheckConstraint("kind IN ('tagger')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="tagger")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The serialised model (annotator.core.assist.tagger.TaggerModel.to_bytes).
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # Held-out scores per label: {label: {"exact": {...}, "overlap": {...}}}.
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    documents: Mapped[int] = mapped_column(Integer)
    labels: Mapped[list[str]] = mapped_column(JSON)


class SuggestionRejection(Base):
    """An annotator's "no" to a suggested span: it is no longer shown to them.

    Kept by what was suggested (label and offsets), not by the suggestion's row, which the
    next prediction replaces: a span once rejected stays hidden whichever model suggests it
    again. The model and score are those of the suggestion rejected, for the report's rates.
    """

    __tablename__ = "suggestion_rejection"
    __table_args__ = (
        UniqueConstraint("document_id", "user_id", "label", "start", "end"),
        Index("ix_suggestion_rejection_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(100))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    model: Mapped[str] = mapped_column(String(32))
    score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AssistJob(Base):
    """Who is training a project's model now, and how the last training ended.

    A worker claims the row before it trains (``claimed_by``, until ``expires_at``) and
    clears the claim when it ends, so that one training of a project runs at a time across
    every worker and process; a worker that died mid-training leaves a claim that expires.
    """

    __tablename__ = "assist_job"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    # "host:pid:thread" of the claiming worker; NULL when nobody trains.
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The version the last training stored, or why it stored none.
    last_version: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)


class DocumentUncertainty(Base):
    """How unsure a project's model was about a document when it last suggested there.

    Written with the suggestions, so that a queue or a list ordered by it never runs the
    model; a document without a row comes after every scored one.
    """

    __tablename__ = "document_uncertainty"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[float] = mapped_column(Float)
    model: Mapped[int] = mapped_column(Integer)  # the version that measured it
    measure: Mapped[str] = mapped_column(String(16))  # "entropy" or "margin"


class GoldDecision(Base):
    """A reviewer's decision that gold holds none of a difference's versions ("none taken").

    Belongs to the document's gold: ``difference`` is the difference's key
    (:mod:`annotator.core.difference_key`), made of its items' contents, not of ids, so that
    it survives a project's dump and load, and no longer matches once an annotator changes
    an item of the difference. ``summary`` is the difference in words when it was decided.
    """

    __tablename__ = "gold_decision"
    __table_args__ = (UniqueConstraint("document_id", "difference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    difference: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """Return a CHECK's SQL: ``column`` equals one of ``values``, comparisons joined by OR.

    Not ``column IN (...)``: SQLite (3.40) builds a temporary b-tree of an IN list of more
    than two constants every time the CHECK runs, about 33,000 instructions apiece, and the
    history row that every write of a layer adds checks three (docs/benchmarks.md, round 5).
    """
    return " OR ".join(f"{column} = '{value}'" for value in values)


class LayerChange(Base):
    """One change to a layer: a span, relation, label value or status, before and after.

    Append-only (:mod:`annotator.services.history` writes them, in the same
    transaction as the change). Kept by document and layer key rather than by the layer's row,
    so that a change of gold's status is kept before gold has a row, and the history of a
    layer outlives its rows. ``before`` and ``after`` are compact JSON text
    (:mod:`annotator.core.history`), NULL where the item did not exist.
    """

    __tablename__ = "layer_change"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="kind"),
        CheckConstraint(one_of("action", ACTIONS), name="action"),
        CheckConstraint(one_of("source", SOURCES), name="source"),
        # A document's history, newest first, from the index alone.
        Index("ix_layer_change_document", "document_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    # The layer's key: "gold" or "user:<id>" (Layer.key_for).
    layer_key: Mapped[str] = mapped_column(String(32))
    # NULL for a change made by the system (an import from the command line, say).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    # The span, relation or label value changed (NULL for a status, or once the item is gone
    # from a moved project).
    item_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


#: The model of each kind of item a layer holds, by the name the history, the review and
#: project files give the kind: one list for all of them.
LAYER_ITEMS: dict[str, type[Span] | type[Relation] | type[LabelValue]] = {
    "span": Span,
    "relation": Relation,
    "label": LabelValue,
}
