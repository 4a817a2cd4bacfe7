"""A project's document list, one page at a time, as the caller may see it.

The list never reads a document's text: a project may hold thousands of documents of tens of
kilobytes each, and a page shows fifty titles. Only the columns a row shows are selected; the
preview of an untitled document is the first :data:`PREVIEW_CHARS` characters, cut in SQL.
Counting, filtering and paging are done by the database (``COUNT``, ``LIMIT``/``OFFSET``); the
per-row figures (progress, sentences, assignees, gold status) are read for the page's ids only.

Who sees what: a reviewer of the project (:func:`permissions.may_review`) sees every document
and everyone's statuses, and the suggestion model's uncertainty about each document; anybody
else sees only the documents assigned to them, with their own status and nothing of other
people's. The command line (no user) sees what a reviewer sees, with no status of its own.

Filters:

- ``q``: case-insensitive substring of the title, the external id or the metadata (its JSON
  text, so keys match too), compared with the lowercased copies in ``document_search``
  (:mod:`annotator.core.search_text`).
- ``status``: an assignment status (``new``, ``in_progress``, ``done``, ``skipped``). For an
  annotator, their own status; for a reviewer, documents with at least one assignment in that
  status (that of ``annotator`` when it is given too).
- ``annotator``: documents assigned to that user (reviewers only; annotators may name
  themselves).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, null, or_, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Forbidden
from annotator.core.paging import PER_PAGE, check_paging
from annotator.core.search_text import checked_search, like_pattern
from annotator.core.vocabulary import OPEN_STATUSES, check_status
from annotator.models import (
    Assignment,
    Document,
    DocumentSearch,
    DocumentUncertainty,
    Project,
    Sentence,
    User,
)
from annotator.services.accounts import permissions
from annotator.services.accounts.progress import Assignee, Progress
from annotator.services.datasets.queue_order import order_queue

#: Characters of an untitled document's text shown as its preview.
PREVIEW_CHARS = 200
#: Ids a statement of per-row figures takes at a time.
CHUNK = 2000


@dataclass(frozen=True)
class DocumentFilter:
    """What a list keeps: a search text, an assignment status, an annotator's name."""

    q: str | None = None
    status: str | None = None
    annotator: str | None = None

    @property
    def active(self) -> bool:
        """Tell whether any filter is set."""
        return bool(self.q or self.status or self.annotator)


@dataclass
class ListedDocument:
    """A row of a document list: what it shows of a document, and how far its work has come."""

    id: int
    external_id: str
    number: int  # its place in the project, the page's # (document_numbers)
    title: str | None
    preview: str | None  # the text's first characters, for an untitled document only
    status: str | None  # the caller's own assignment status, None when not assigned
    done: int = 0  # assignments marked done (annotators: their own)
    assigned: int = 0  # assignments in all (annotators: their own)
    sentences: int = 0
    assignees: list[Assignee] = field(default_factory=list)  # reviewers only
    # How unsure the model was when it last suggested here (reviewers only; None: not scored).
    uncertainty: float | None = None


@dataclass
class DocumentPage:
    """One page of a document list and the size of the whole (filtered) list."""

    documents: list[ListedDocument]
    total: int
    page: int
    per_page: int
    reviewer: bool

    @property
    def pages(self) -> int:
        """Return how many pages the list has (at least one)."""
        return max(1, -(-self.total // self.per_page))


def list_documents(
    session: Session,
    project: Project,
    user: Actor | None,
    filters: DocumentFilter = DocumentFilter(),
    *,
    page: int | None = None,
    per_page: int = PER_PAGE,
) -> DocumentPage:
    """Return one page of the documents ``user`` may see in ``project`` (all: ``page=None``).

    ``user`` None is the command line, which sees every document, as a reviewer does.

    :raises Malformed: for a page or page size out of range, an unknown status, or a
        search text too long.
    :raises Forbidden: when an annotator filters by somebody else's name.
    """
    check_paging(page, per_page)  # the one rule of every paged list, and its refusals
    if filters.status is not None:
        check_status(filters.status)
    checked_search(filters.q)  # the one rule of every search by text, and its refusal
    reviewer = user is None or permissions.may_review(session, user, project.id)
    if user is not None and not reviewer and filters.annotator not in (None, user.username):
        raise Forbidden("only the project's reviewers may list another annotator's documents")
    matching = _matching(project, user, filters, reviewer)
    if page is None:
        chosen: Any = matching.scalar_subquery()
    else:
        chosen, total = _page_ids(session, matching, page, per_page, counted=bool(filters.q))
    rows = [ListedDocument(*row) for row in session.execute(_columns(user, chosen))]
    if page is None:
        total = len(rows)
    _add_figures(session, rows, reviewer)
    return DocumentPage(rows, total, page or 1, per_page if page else max(total, 1), reviewer)


def _page_ids(
    session: Session, matching: Select[int], page: int, per_page: int, counted: bool
) -> tuple[list[int], int]:
    """Return the ids of one page, in order, and how many documents match in all.

    The ids come from the indexes alone when nothing is searched; then a ``COUNT`` and a
    ``LIMIT``/``OFFSET`` over the index cost a millisecond or two. A search (``counted``)
    reads every document's small columns, so the total is counted in that same scan
    (``count(*) OVER ()``) rather than in a second one; without a search that window would
    only cost more (SQLite materialises every row for it).
    """
    paged = matching.order_by(Document.id).limit(per_page).offset((page - 1) * per_page)
    if counted:
        found = session.execute(paged.add_columns(func.count().over())).all()
        if found:
            return [document_id for document_id, _ in found], found[0][1]
        # Past the last page, or nothing matches: the count comes from a COUNT after all.
    total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    return list(session.scalars(paged)) if total else [], total


def _matching(
    project: Project, user: Actor | None, filters: DocumentFilter, reviewer: bool
) -> Select[int]:
    """The ids of the documents the list keeps (unordered)."""
    query = select(Document.id).where(Document.project_id == project.id)
    if not reviewer:
        assert user is not None  # the command line reviews
        query = query.join(Assignment, permissions.assigned_to(user))
        if filters.status:
            query = query.where(Assignment.status == filters.status)
    elif filters.annotator or filters.status:
        theirs = exists().where(Assignment.document_id == Document.id)
        if filters.annotator:
            named = select(User.id).where(User.username == filters.annotator)
            theirs = theirs.where(Assignment.user_id == named.scalar_subquery())
        if filters.status:
            theirs = theirs.where(Assignment.status == filters.status)
        query = query.where(theirs)
    if filters.q:
        query = query.where(Document.id.in_(_searched(project, filters.q)))
    return query


def _searched(project: Project, q: str) -> Select[int]:
    """The ids of the project's documents whose title, external id or metadata hold ``q``.

    Read from ``document_search``, the lowercased copies stored with each document: a scan
    of those narrow rows, where the documents' own rows would each bring the start of a long
    text with them (SQLite) and ``lower()`` three columns of every one (PostgreSQL). The
    caller's query keeps walking the index of the project's documents in id order and only
    probes these ids.
    """
    pattern = like_pattern(q)
    return select(DocumentSearch.document_id).where(
        DocumentSearch.project_id == project.id,
        or_(
            DocumentSearch.title.like(pattern, escape="\\"),
            DocumentSearch.external_id.like(pattern, escape="\\"),
            DocumentSearch.meta.like(pattern, escape="\\"),
        ),
    )


def _columns(user: Actor | None, chosen: Any) -> Select[Any]:
    """The list's columns for the ``chosen`` ids: the caller's own status, a short preview."""
    preview = case(
        (Document.title.is_(None), func.substr(Document.text, 1, PREVIEW_CHARS)), else_=None
    )
    columns = (Document.id, Document.external_id, Document.number, Document.title, preview)
    if user is None:  # the command line has no status of its own
        query = select(*columns, null())
    else:
        mine = and_(Assignment.document_id == Document.id, Assignment.user_id == user.id)
        query = select(*columns, Assignment.status).outerjoin(Assignment, mine)
    return query.where(Document.id.in_(chosen)).order_by(Document.id)


def _add_figures(session: Session, rows: list[ListedDocument], reviewer: bool) -> None:
    """Fill in each row's progress and sentence count, and for reviewers its assignees and
    the model's uncertainty about it (stored when the model suggested; never computed here).

    A row's gold status is the review package's to tell
    (:func:`annotator.services.review.gold_status.gold_statuses_of`).
    """
    by_id = {row.id: row for row in rows}
    ids = list(by_id)
    if not reviewer:
        # Counted from the caller's own status only: others' progress is not theirs to see.
        for row in rows:
            row.assigned, row.done = 1, int(row.status == "done")
    # In chunks: a list without pages may hold more ids than a statement takes parameters.
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        sentences = (
            select(Sentence.document_id, func.count())
            .where(Sentence.document_id.in_(chunk))
            .group_by(Sentence.document_id)
        )
        for document_id, count in session.execute(sentences):
            by_id[document_id].sentences = count
        if not reviewer:
            continue
        assignees = (
            select(Assignment.document_id, User.username, Assignment.status)
            .join(User, User.id == Assignment.user_id)
            .where(Assignment.document_id.in_(chunk))
            .order_by(Assignment.document_id, User.username)
        )
        for document_id, username, status in session.execute(assignees):
            row = by_id[document_id]
            row.assignees.append(Assignee(username, status))
            row.assigned += 1
            row.done += status == "done"
        uncertainty = select(DocumentUncertainty.document_id, DocumentUncertainty.value).where(
            DocumentUncertainty.document_id.in_(chunk)
        )
        for document_id, value in session.execute(uncertainty):
            by_id[document_id].uncertainty = value


def list_progress(session: Session, project: Project, user: User) -> Progress:
    """Return the project's progress as ``user`` sees it, in one query of counts."""
    reviewer = permissions.may_review(session, user, project.id)
    documents = select(func.count()).where(Document.project_id == project.id)
    work = (
        select(
            func.count(Assignment.id), func.count(Assignment.id).filter(Assignment.status == "done")
        )
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project.id)
    )
    if not reviewer:
        work = work.where(Assignment.user_id == user.id)
    assigned, done = session.execute(work).one()
    if not reviewer:
        # An annotator has one assignment per document of their queue.
        return Progress(documents=assigned, done=done, assigned=assigned)
    return Progress(documents=session.scalar(documents) or 0, done=done, assigned=assigned)


def next_open_document(session: Session, project: Project, user: User) -> int | None:
    """Return the id of the first document of ``user``'s own queue not yet done or skipped.

    First in the queue's order (:mod:`annotator.services.datasets.queue_order`).
    """
    query = (
        select(Document.id)
        .join(Assignment, Assignment.document_id == Document.id)
        .where(
            Document.project_id == project.id,
            Assignment.user_id == user.id,
            Assignment.status.in_(OPEN_STATUSES),
        )
    )
    return session.scalar(order_queue(query, project).limit(1))
