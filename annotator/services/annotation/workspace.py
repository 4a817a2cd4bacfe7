"""What the annotation workspace shows: which layer, whether it may be written, the queue.

The page and its JSON endpoint share these rules, so that an annotator can never reach
another annotator's layer through either.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.errors import Forbidden
from annotator.core.vocabulary import OPEN_STATUSES
from annotator.db import AppSession
from annotator.models import GOLD, Assignment, Document, Project, User
from annotator.services.accounts import permissions
from annotator.services.annotation.access import require_gold_writer, resolve_read_layer
from annotator.services.datasets.document_queue import document_queue
from annotator.services.gold.lock import gold_is_final


@dataclass
class WorkspaceMode:
    """The layer the workspace shows and how the caller may use it."""

    layer: str  # the layer's public name: a username, or "gold"
    writable: bool
    write_param: str | None  # "gold" when writes go to the gold layer, else None
    own: bool  # the caller's own layer (it has a status, a note, done and skip)
    final: bool = False  # gold marked final: read only until set back to in review


@dataclass
class QueuePosition:
    """Where a document sits in the caller's queue, and how far the caller is."""

    previous: int | None
    next: int | None
    # The next document the caller still has to do (new or in progress), after this one and
    # then from the queue's start: where Ctrl+Enter goes once this one is done.
    next_open: int | None
    position: int  # 1-based; 0 when the document is not in the caller's queue
    total: int
    done: int
    assigned: int
    # Previous, Next and the position go along the review list (the gold workspace), not
    # the caller's queue (services/review/queue.review_position).
    review_list: bool = False


def workspace_mode(
    session: AppSession,
    user: User,
    document: Document,
    *,
    layer: str | None = None,
    annotator: str | None = None,
) -> WorkspaceMode:
    """Decide which layer ``user`` sees on ``document`` and whether they may write it.

    ``layer="gold"`` edits the gold layer (the project's reviewers); ``annotator=NAME`` shows
    NAME's layer read-only (the project's reviewers; an annotator may name only themselves).
    Without either, an assigned user edits their own layer and an unassigned reviewer gold.

    :raises Forbidden: when the caller may not see the document or that layer.
    """
    permissions.require_document(session, user, document)
    assigned = permissions.find_assignment(session, user, document) is not None
    if layer not in (None, "", GOLD):
        raise Forbidden("'layer' may only be 'gold'; use 'annotator' to read another layer")
    if layer == GOLD:
        require_gold_writer(session, user, document)
        return _gold_mode(session, document)
    if annotator not in (None, "") and annotator != user.username:
        name, _owner = resolve_read_layer(session, user, document, annotator)
        return WorkspaceMode(name, writable=False, write_param=None, own=False)
    if assigned:
        return WorkspaceMode(user.username, writable=True, write_param=None, own=True)
    # Only a reviewer of the project gets here unassigned (require_document): gold is theirs.
    return _gold_mode(session, document)


def _gold_mode(session: AppSession, document: Document) -> WorkspaceMode:
    """Gold in the workspace: written by its reviewers, read only while it is marked final
    (the page then says so and offers to set it back to in review)."""
    final = gold_is_final(session, document)
    return WorkspaceMode(GOLD, writable=not final, write_param=GOLD, own=False, final=final)


def queue_position(
    session: Session, project: Project, user: User, document: Document
) -> QueuePosition:
    """Return the documents before and after ``document`` in ``user``'s queue, and progress.

    Progress counts the caller's own assignments: done of assigned.
    """
    queue = document_queue(session, project, user)
    ids = [item.document.id for item in queue]
    done, assigned = own_progress(session, project, user)
    still_open = {item.document.id for item in queue if item.status in OPEN_STATUSES}
    if document.id not in ids:
        return QueuePosition(None, None, None, 0, len(ids), done, assigned)
    at = ids.index(document.id)
    following = ids[at + 1 :] + ids[:at]
    return QueuePosition(
        previous=ids[at - 1] if at > 0 else None,
        next=ids[at + 1] if at + 1 < len(ids) else None,
        next_open=next((i for i in following if i in still_open), None),
        position=at + 1,
        total=len(ids),
        done=done,
        assigned=assigned,
    )


def own_progress(session: Session, project: Project, user: User) -> tuple[int, int]:
    """Return how many of ``user``'s own assignments in ``project`` are done, and how many
    there are: the workspace's "N done" ("N of your M done" to a screen reader), whichever
    list its Previous and Next follow."""
    query = (
        select(func.count().filter(Assignment.status == "done"), func.count())
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project.id, Assignment.user_id == user.id)
    )
    done, assigned = session.execute(query).one()
    return int(done), int(assigned)
