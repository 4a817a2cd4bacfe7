"""The row locks that order a change against the writes that depend on what it changes.

Under PostgreSQL's READ COMMITTED a write reads what it is checked on (the project's schema,
its document, its layer's assignment), then writes; a change committed between the read and
the write goes unseen. Four such pairs, each ordered here the way gold's "mark final" is
ordered against gold writes (:mod:`annotator.services.gold.lock`): the write holds a row in a
shared mode from its first read to its commit, and the change takes the same row exclusively
before it reads anything, so each waits for the other's commit and then reads what it left.

- **A schema change** (:func:`hold_schema`) takes the project's row ``FOR UPDATE`` and reads
  the project again, and only then counts what a removal would orphan or builds the next
  version. A write to a layer holds the row ``FOR KEY SHARE`` in the query that reads the
  schema it is checked on (:data:`WRITE_HOLD`, folded into the API's write target and the
  pages' read of the text and schema: no statement more). A label removed while a span of
  it is posted is then either refused as in use (the span committed first) or the span is
  refused as of an unknown label (the change committed first); two changes at once give the
  next two versions, never a second row of one version. ``KEY SHARE`` is the weakest row
  lock: span writes do not wait for each other, nor for an import numbering its documents
  (a ``NO KEY UPDATE`` of the project's counter); only ``FOR UPDATE`` waits for them.
- **A document's deletion** (:func:`hold_document`) takes the document's row ``FOR UPDATE``
  before it counts what it deletes. The same :data:`WRITE_HOLD` holds the document for a
  write: a write that opened the document first commits first (and is counted and deleted
  with it); one that comes second finds no document, a 404, not a foreign key's 500. A
  relation's change or deletion, which finds its layer through the relation, holds the
  document as it reads it (:func:`held_document`).
- **Removing a member** (:func:`hold_member`) takes their membership row ``FOR UPDATE``
  before it counts their unfinished documents; an assignment holds the memberships of those
  it gives documents ``FOR KEY SHARE`` before it reads who may be given them
  (:func:`held_members`). An assignment that committed first is counted (409); one that
  comes second finds the member removed and is refused as assigning returns a removed
  member (422, "add them back first"): no assignment is left to someone who is no member.
- **Marking a layer done** (:func:`hold_assignment`) takes the annotator's assignment row
  ``FOR NO KEY UPDATE`` before it reads which required fields are left blank; clearing a
  required field's value takes the same row (:func:`hold_assignment` too) and reads its
  status again there. Either the clear commits first and "done" is refused naming the
  field, or "done" commits first and the clear is refused as a write to a layer marked done.

SQLite needs none of it: every write transaction there begins ``IMMEDIATE``
(:func:`annotator.db.begin_writes`), so writers run one at a time, each reading what the
one before committed; every function here does nothing there, and the ``FOR`` clauses
compile to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session

from annotator.core.errors import no_such
from annotator.models import Assignment, Document, Project, ProjectMember
from annotator.services.gold.lock import writers_serialised

#: What a write's first query adds (``Select.with_for_update(**WRITE_HOLD)``): its project's
#: and its document's rows held ``FOR KEY SHARE`` until the write commits (PostgreSQL). Held
#: by the query that reads the schema: a row that waited is read as the change left it.
WRITE_HOLD: dict[str, Any] = {
    "read": True,
    "key_share": True,
    "of": [Project.__table__, Document.__table__],
}


def hold_schema(session: Session, project: Project) -> None:
    """Wait for the writes under way in ``project`` and any other schema change, keep new
    ones waiting until this transaction ends, and read the project again (PostgreSQL;
    nothing on SQLite). A schema change takes it before it reads the schema it changes.

    :raises NotFound: the project was deleted meanwhile.
    """
    if writers_serialised(session):
        return
    try:
        # The row as the last change left it: a later read of the schema sees that change.
        session.refresh(project, with_for_update=True)
    except InvalidRequestError:
        raise no_such("project", project.slug) from None


def hold_document(session: Session, document: Document) -> None:
    """Wait for the writes under way on ``document``, and keep new ones waiting until this
    transaction ends (PostgreSQL; nothing on SQLite): its deletion takes it first.

    :raises NotFound: another deletion took the document meanwhile.
    """
    if writers_serialised(session):
        return
    held = select(Document.id).where(Document.id == document.id).with_for_update()
    if session.scalar(held) is None:
        raise no_such("document", document.id)


def held_document(session: Session, document_id: int) -> Document | None:
    """Return the document ``document_id`` (None: deleted), held as :data:`WRITE_HOLD` holds
    it (PostgreSQL): for a write that opens its layer from a row found by its id (a
    relation's change or deletion), whose first query holds nothing."""
    if not writers_serialised(session):
        held = select(Document.id).where(Document.id == document_id)
        if session.scalar(held.with_for_update(read=True, key_share=True)) is None:
            return None
    return session.get(Document, document_id)


def hold_member(session: Session, member: ProjectMember) -> bool:
    """Wait for the assignments under way that rely on ``member``'s membership, and keep new
    ones waiting until this transaction ends (PostgreSQL; nothing on SQLite): removing the
    member takes it before it counts their unfinished documents.

    Return whether the membership still stands (False: removed meanwhile).
    """
    if writers_serialised(session):
        return True
    held = select(ProjectMember.id).where(ProjectMember.id == member.id).with_for_update()
    return session.scalar(held) is not None


def held_members(session: Session, project: Project, user_ids: Iterable[int]) -> set[int]:
    """Return which of ``user_ids`` are members of ``project``, their memberships held
    ``FOR KEY SHARE`` until this transaction ends (PostgreSQL): an assignment reads them so,
    and a member removed meanwhile is read as gone."""
    query = select(ProjectMember.user_id).where(
        ProjectMember.project_id == project.id, ProjectMember.user_id.in_(sorted(set(user_ids)))
    )
    if not writers_serialised(session):
        query = query.order_by(ProjectMember.id).with_for_update(read=True, key_share=True)
    return set(session.scalars(query))


def hold_assignment(session: Session, assignment: Assignment) -> None:
    """Hold ``assignment`` against a change of its status by another transaction until this
    one ends, and read its status again (PostgreSQL; nothing on SQLite): marking a layer
    done takes it before it reads which required fields the layer leaves blank.

    :raises NotFound: the document (and its assignment) was deleted meanwhile.
    """
    if writers_serialised(session):
        return
    try:
        session.refresh(
            assignment, ["status", "first_done_at"], with_for_update={"key_share": True}
        )
    except InvalidRequestError:
        raise no_such("document", assignment.document_id) from None


def held_status(session: Session, document_id: int, user_id: int) -> str | None:
    """Return the status of ``user_id``'s assignment to ``document_id`` (None: none), held as
    :func:`hold_assignment` holds it (PostgreSQL): clearing a required field's value reads
    it so, after any "done" under way has committed."""
    query = (
        select(Assignment.status)
        .where(Assignment.document_id == document_id, Assignment.user_id == user_id)
        .with_for_update(key_share=True)
    )
    return session.scalar(query)
