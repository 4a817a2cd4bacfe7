"""The ORM classes, mapped onto the tables of :mod:`annotator.tables`.

Each class names its columns' types for the type checker (``Mapped[...]``, no column is
defined here: :mod:`annotator.tables` is their one home), its relationships and its small
derived properties.
"""

# No ``from __future__ import annotations`` here: SQLAlchemy reads each ``Mapped[...]`` as
# Python evaluated it with the class body, instead of evaluating some 180 annotation strings
# itself at every start (about 0.03 G instructions, a hundredth of a small command before
# issue 15; docs/benchmarks.md, "Small and quick"). A class named before it exists is quoted.

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Mapped, relationship

from annotator import tables

# Re-exported: callers that hold rows name these beside the models.
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
from annotator.tables import utcnow  # noqa: F401  (re-exported, as above)


class User(Base):
    __table__ = tables.user_table

    id: Mapped[int]
    username: Mapped[str]
    username_key: Mapped[str | None]
    role: Mapped[str]
    password_hash: Mapped[str | None]
    created_at: Mapped[datetime]
    active: Mapped[bool]
    last_login: Mapped[datetime | None]
    session_epoch: Mapped[int]

    @property
    def is_reviewer(self) -> bool:
        """Tell whether the user may read every layer and write gold."""
        return self.role in REVIEWER_ROLES

    @property
    def has_password(self) -> bool:
        """Tell whether the user has a password, without which they cannot log in to the
        pages (an import makes its annotators so; API tokens still work)."""
        return self.password_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class ApiToken(Base):
    __table__ = tables.api_token_table

    id: Mapped[int]
    user_id: Mapped[int]
    token_hash: Mapped[str]
    name: Mapped[str]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class LoginFailure(Base):
    """A failed login, kept for the throttling window (annotator.services.accounts.throttle).

    In the database rather than in memory, so that every worker process counts the same ones.
    """

    __table__ = tables.login_failure_table

    id: Mapped[int]
    username: Mapped[str]
    address: Mapped[str]
    created_at: Mapped[datetime]


class Project(Base):
    __table__ = tables.project_table

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    schema: Mapped[dict[str, Any]]
    schema_version: Mapped[int]
    documents_numbered: Mapped[int]
    created_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<Project {self.slug}>"


class ProjectMember(Base):
    """A user's role in one project: annotator, reviewer or manager (administers it).

    Assigning a document makes its annotator a member; a global admin needs no membership.
    """

    __table__ = tables.project_member_table

    id: Mapped[int]
    project_id: Mapped[int]
    user_id: Mapped[int]
    role: Mapped[str]
    created_at: Mapped[datetime]

    user: Mapped[User] = relationship(lazy="joined")


class SchemaVersion(Base):
    """One version of a project's label schema, kept so that exports and reports can name it.

    ``Project.schema`` is always the newest; every change adds a row here with its number.
    """

    __table__ = tables.schema_version_table

    id: Mapped[int]
    project_id: Mapped[int]
    version: Mapped[int]
    schema: Mapped[dict[str, Any]]
    change: Mapped[str]
    created_by_id: Mapped[int | None]
    created_at: Mapped[datetime]


class AuditEntry(Base):
    """One administrative change: who, when, what, and the state before and after.

    Names are copied, not only referenced, so that an entry still reads after its user or
    project is deleted.
    """

    __table__ = tables.audit_entry_table

    id: Mapped[int]
    created_at: Mapped[datetime]
    actor_id: Mapped[int | None]
    actor: Mapped[str]
    action: Mapped[str]
    project_slug: Mapped[str | None]
    target: Mapped[str]
    before: Mapped[Any]
    after: Mapped[Any]


class Document(Base):
    __table__ = tables.document_table

    id: Mapped[int]
    project_id: Mapped[int]
    external_id: Mapped[str]
    number: Mapped[int]
    title: Mapped[str | None]
    meta: Mapped[dict[str, Any]]
    text: Mapped[str]
    content_hash: Mapped[str]
    segmenter_version: Mapped[str]
    created_at: Mapped[datetime]

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

    __table__ = tables.document_search_table

    document_id: Mapped[int]
    project_id: Mapped[int]
    title: Mapped[str]
    external_id: Mapped[str]
    meta: Mapped[str]


class Sentence(Base):
    __table__ = tables.sentence_table

    id: Mapped[int]
    document_id: Mapped[int]
    index: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]


class Assignment(Base):
    __table__ = tables.assignment_table

    id: Mapped[int]
    document_id: Mapped[int]
    user_id: Mapped[int]
    status: Mapped[str]
    first_done_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    user: Mapped[User] = relationship(lazy="joined")


class Layer(Base):
    """One annotator's annotations of one document, its gold layer or its suggestions."""

    __table__ = tables.layer_table

    id: Mapped[int]
    document_id: Mapped[int]
    user_id: Mapped[int | None]
    key: Mapped[str]
    active_seconds: Mapped[int]
    active_credited_until: Mapped[datetime | None]
    active_visits: Mapped[list[list[Any]] | None]
    created_at: Mapped[datetime]

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
    __table__ = tables.span_table

    id: Mapped[int]
    layer_id: Mapped[int]
    label: Mapped[str]
    start: Mapped[int]
    end: Mapped[int]
    attributes: Mapped[dict[str, Any]]
    version: Mapped[int]
    decided_by_id: Mapped[int | None]
    source_layer: Mapped[str | None]
    source_how: Mapped[str | None]
    source_of: Mapped[int | None]
    score: Mapped[float | None]
    model: Mapped[str | None]
    note: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Relation(Base):
    __table__ = tables.relation_table

    id: Mapped[int]
    layer_id: Mapped[int]
    type: Mapped[str]
    from_span_id: Mapped[int]
    to_span_id: Mapped[int]
    decided_by_id: Mapped[int | None]
    source_layer: Mapped[str | None]
    source_how: Mapped[str | None]
    source_of: Mapped[int | None]
    score: Mapped[float | None]
    model: Mapped[str | None]
    note: Mapped[str | None]
    created_at: Mapped[datetime]


class LabelValue(Base):
    """A sentence or document label field's value in one layer."""

    __table__ = tables.label_value_table

    id: Mapped[int]
    layer_id: Mapped[int]
    sentence_index: Mapped[int]
    name: Mapped[str]
    value: Mapped[Any]
    decided_by_id: Mapped[int | None]
    source_layer: Mapped[str | None]
    source_how: Mapped[str | None]
    source_of: Mapped[int | None]
    score: Mapped[float | None]
    model: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DocumentNote(Base):
    """An annotator's note on a document and whether they are unsure of it (for reviewers)."""

    __table__ = tables.document_note_table

    id: Mapped[int]
    document_id: Mapped[int]
    user_id: Mapped[int]
    note: Mapped[str]
    unsure: Mapped[bool]
    updated_at: Mapped[datetime]
    version: Mapped[int]

    user: Mapped[User] = relationship(lazy="joined")


class IdempotencyKey(Base):
    """A write already applied for a client's ``Idempotency-Key``, and the answer it got.

    A client that retries a write whose answer it never received sends the same key again
    and gets the stored answer back, so that the retry never applies the write twice.
    """

    __table__ = tables.idempotency_key_table

    id: Mapped[int]
    user_id: Mapped[int]
    key: Mapped[str]
    request: Mapped[str]
    status: Mapped[int | None]
    body: Mapped[str | None]
    created_at: Mapped[datetime]


class GoldStatus(Base):
    """How far a document's gold layer has come: ``open``, ``in_review`` or ``final``.

    A document without a row is ``open``, or ``in_review`` once its gold layer holds anything.
    """

    __table__ = tables.gold_status_table

    document_id: Mapped[int]
    status: Mapped[str]
    updated_by_id: Mapped[int | None]
    updated_at: Mapped[datetime]


class AssistModel(Base):
    """A model trained on a project's gold layer to suggest spans: its bytes and its scores.

    Versions count up from 1 per project; the newest one suggests.
    """

    __table__ = tables.assist_model_table

    id: Mapped[int]
    project_id: Mapped[int]
    version: Mapped[int]
    kind: Mapped[str]
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None]
    data: Mapped[bytes]
    scores: Mapped[dict[str, Any]]
    documents: Mapped[int]
    labels: Mapped[list[str]]


class AssistLabelModel(Base):
    """A classifier of one sentence or document label field, stored by a training with its
    version: its bytes, held-out scores and the documents it learned from."""

    __table__ = tables.assist_label_model_table

    id: Mapped[int]
    project_id: Mapped[int]
    version: Mapped[int]
    scope: Mapped[str]
    field: Mapped[str]
    created_at: Mapped[datetime]
    data: Mapped[bytes]
    scores: Mapped[dict[str, Any]]
    documents: Mapped[list[str]]


class SuggestionRejection(Base):
    """An annotator's "no" to a suggested span: it is no longer shown to them.

    Kept by what was suggested (label and offsets), not by the suggestion's row, which the
    next prediction replaces: a span once rejected stays hidden whichever model suggests it
    again. The model and score are those of the suggestion rejected, for the report's rates.
    """

    __table__ = tables.suggestion_rejection_table

    id: Mapped[int]
    document_id: Mapped[int]
    user_id: Mapped[int]
    label: Mapped[str]
    start: Mapped[int]
    end: Mapped[int]
    model: Mapped[str]
    score: Mapped[float | None]
    created_at: Mapped[datetime]


class AssistJob(Base):
    """Who is training a project's model now, and how the last training ended.

    A worker claims the row before it trains (``claimed_by``, until ``expires_at``) and
    clears the claim when it ends, so that one training of a project runs at a time across
    every worker and process; a worker that died mid-training leaves a claim that expires.
    """

    __table__ = tables.assist_job_table

    project_id: Mapped[int]
    claimed_by: Mapped[str | None]
    claimed_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    last_version: Mapped[int | None]
    last_error: Mapped[str | None]
    learned_documents: Mapped[int | None]


class DocumentUncertainty(Base):
    """How unsure a project's model was about a document when it last suggested there.

    Written with the suggestions, so that a queue or a list ordered by it never runs the
    model; a document without a row comes after every scored one.
    """

    __table__ = tables.document_uncertainty_table

    document_id: Mapped[int]
    value: Mapped[float]
    model: Mapped[int]
    measure: Mapped[str]


class GoldDecision(Base):
    """A reviewer's decision that gold holds none of a difference's versions ("none taken").

    Belongs to the document's gold: ``difference`` is the difference's key
    (:mod:`annotator.core.difference_key`), made of its items' contents, not of ids, so that
    it survives a project's dump and load, and no longer matches once an annotator changes
    an item of the difference. ``summary`` is the difference in words when it was decided.
    """

    __table__ = tables.gold_decision_table

    id: Mapped[int]
    document_id: Mapped[int]
    difference: Mapped[str]
    kind: Mapped[str]
    summary: Mapped[str]
    decided_by_id: Mapped[int | None]
    decided_at: Mapped[datetime]


class LayerChange(Base):
    """One change to a layer: a span, relation, label value or status, before and after.

    Append-only (:mod:`annotator.services.history` writes them, in the same
    transaction as the change). Kept by document and layer key rather than by the layer's row,
    so that a change of gold's status is kept before gold has a row, and the history of a
    layer outlives its rows. ``before`` and ``after`` are compact JSON text
    (:mod:`annotator.core.history`), NULL where the item did not exist.
    """

    __table__ = tables.layer_change_table

    id: Mapped[int]
    document_id: Mapped[int]
    layer_key: Mapped[str]
    actor_id: Mapped[int | None]
    at: Mapped[datetime]
    kind: Mapped[str]
    action: Mapped[str]
    source: Mapped[str]
    item_id: Mapped[int | None]
    before: Mapped[str | None]
    after: Mapped[str | None]
    item_source: Mapped[str | None]
    caused_by_id: Mapped[int | None]


#: The model of each kind of item a layer holds, by the name the history, the review and
#: project files give the kind: one list for all of them.
LAYER_ITEMS: dict[str, type[Span] | type[Relation] | type[LabelValue]] = {
    "span": Span,
    "relation": Relation,
    "label": LabelValue,
}
