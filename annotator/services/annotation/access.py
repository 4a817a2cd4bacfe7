"""Who may read or write which layer: the one place that decides it.

Every way in asks here: the pages, the API (including its precompiled write path, which
reads the caller's assignment in its own query and passes on what it found), the CLI and
the review services. The rules (CONTRACT section 4):

- an annotator reads and writes only their own layer, and only on a document assigned to
  them;
- a project's reviewers and managers, global reviewers and admins read every layer of it, and
  write its gold layer (``?layer=gold``): ``permissions.may_review``;
- a row found by its id (a span, a relation) may be written only through its own layer;
- an annotator's layer that its annotator marked done or skipped takes no write until they
  reopen it (:func:`require_open`); gold has its own status, the review's: writable by
  its reviewers until they mark it final, then by nobody until they set it back to in
  review (:mod:`annotator.services.gold.lock`);
- what the caller may not read (a document not theirs, a row of a layer they may not read)
  is answered with the 404 of a missing one; 403 is for what they see but may not do.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select

from annotator.core.caller import Actor
from annotator.core.errors import Forbidden, LayerDone, no_such
from annotator.core.vocabulary import CLOSED_STATUSES, GOLD
from annotator.db import AppSession, Db, orm
from annotator.models import Assignment, Document, Layer, User
from annotator.services.accounts.permissions import (
    find_assignment,
    may_review,
    require_assigned,
    require_document_review,
)
from annotator.services.documents_said import document_named
from annotator.services.gold.lock import require_gold_open
from annotator.services.gold.writes import note_gold_write
from annotator.services.write_holds import held_document


def require_open(db: Db, status: str | None, document: Document | int) -> None:
    """Refuse a write to an annotator's layer whose assignment is ``done`` or ``skipped``.

    The one rule of every write to an annotator's layer (the API's, the pages', the accepted
    suggestions'): what its annotator marked done is what the review and the agreement
    report read, so it changes only once they reopen it, which the history records. Their
    note and active time are not the layer, and stay open (CONTRACT section 4: a 409).

    :param status: the layer owner's assignment status (None: no assignment, refused
        elsewhere).
    :raises LayerDone: naming the document by its number, the status and the request that
        reopens the layer (by the document's id, as the API's paths go).
    """
    if status not in CLOSED_STATUSES:
        return
    document_id = document if isinstance(document, int) else document.id
    reopen = f"PUT /api/v1/documents/{document_id}/status"
    raise LayerDone(
        f"your layer of document {document_named(db, document)} is marked {status}: reopen "
        "it first "
        f'({reopen} with {{"status": "in_progress"}}, or Reopen in the workspace)',
        details={"status": status, "reopen": reopen},
    )


def write_owner(
    db: Db,
    user: Actor,
    asked: str | None,
    document: Document | int,
    *,
    final: bool | None = None,
) -> int | None:
    """Return whose layer a write asked as ``?layer=asked`` goes to: None for gold.

    The caller's own layer needs an assignment too (:func:`require_assigned`); gold, not to be
    marked final (:func:`~annotator.services.gold.lock.require_gold_open`).

    :param document: the document written, or its id; its project is looked up only when
        someone who is no global reviewer asks for gold, so that other writes pay nothing.
    :param final: whether gold is marked final, when the caller read it in its own query
        (False too when it checks it itself once it has); None: read here.
    :raises Forbidden: gold asked by an annotator of the document, or another annotator's
        layer asked.
    :raises NotFound: gold asked of a document that does not exist or the caller may not see.
    """
    if asked == GOLD:
        session = orm(db)
        require_gold_writer(session, user, document)
        require_gold_open(session, document, final=final)
        note_gold_write(session, document if isinstance(document, int) else document.id)
        return None
    if asked not in (None, "", user.username):
        raise Forbidden("you may write only your own layer (or, as a reviewer, ?layer=gold)")
    return user.id


def require_gold_writer(db: Db, user: Actor, document: Document | int) -> None:
    """Refuse ``user`` the gold layer of ``document`` unless they review its project.

    Whether gold takes a change now (not while it is marked final) is
    :func:`~annotator.services.gold.lock.require_gold_open`'s, asked by every write.

    :raises Forbidden: an annotator of the document.
    :raises NotFound: a document that does not exist or the caller may not see.
    """
    if not user.is_reviewer:
        require_document_review(orm(db), user, document, "write the gold layer")


def require_own(user: Actor, asked: str | None, what: str, elsewhere: str = "") -> None:
    """Refuse a write of the caller's ``what`` (``status``, ``note``) naming another layer.

    A status and a note belong to an annotator's assignment: only its annotator sets them,
    and a ``?annotator=`` naming someone else is refused rather than quietly taken for the
    caller's own. ``elsewhere``, if given, says in the refusal where the asked thing is set.

    :raises Forbidden: ``asked`` names another annotator or gold.
    """
    if asked not in (None, "", user.username):
        hint = f"; {elsewhere}" if elsewhere else ""
        raise Forbidden(f"you may set only your own {what} on a document{hint}")


def resolve_write_target(
    session: AppSession, user: Actor, document: Document, layer: str | None
) -> tuple[int | None, Assignment | None]:
    """Return whose layer ``user`` writes (None for gold) and the caller's assignment.

    :raises Forbidden: when the caller may not write that layer.
    :raises NotFound: when the caller may not see the document.
    :raises LayerDone: when the caller's layer is marked done or skipped (:func:`require_open`).
    """
    owner_id = write_owner(session, user, layer, document)
    if owner_id is None:
        return None, None
    assignment = find_assignment(session, user, document)
    require_assigned(session, user, document, assignment is not None)
    assert assignment is not None  # require_assigned raised otherwise
    require_open(session, assignment.status, document)
    return owner_id, assignment


def writable_layer(
    session: AppSession, user: Actor, layer_id: int, asked: str | None, row: tuple[str, int]
) -> Layer:
    """Return the layer of a row found by its id, if ``user`` may write it; else raise.

    :param asked: the ``?layer=`` the caller gave; ``gold`` must then match the row's layer.
    :param row: the row's kind and id (``("span", 7)``), named by a 404.
    :raises NotFound: when the caller may not read that layer (as for a missing row).
    :raises Forbidden: when the caller reads the layer but may not write it.
    :raises LayerDone: when it is the caller's layer, marked done or skipped.
    """
    layer = session.get(Layer, layer_id)
    # Held until the write commits: the document's deletion waits for it, or it finds the
    # document (and the row) gone, a 404 (services/write_holds.py).
    document = None if layer is None else held_document(session, layer.document_id)
    if layer is None or document is None:
        raise no_such(*row)
    # Only the layer's own annotator needs the assignment (the others need a review role).
    assignment = find_assignment(session, user, document) if layer.user_id == user.id else None
    assigned = assignment is not None
    require_row_write(session, user, layer, document, document.project_id, assigned, asked, row)
    if assignment is not None:
        require_open(session, assignment.status, document)
    return layer


class RowLayer(Protocol):
    """What the row-write rule reads of the layer a row is in."""

    @property
    def user_id(self) -> int | None: ...
    @property
    def is_gold(self) -> bool: ...


def require_row_write(
    db: Db,
    user: Actor,
    layer: RowLayer,
    document: Document | int,
    project_id: int,
    assigned: bool,
    asked: str | None,
    row: tuple[str, int],
    final: bool | None = None,
) -> None:
    """Refuse a write of a row found by its id in ``layer`` that ``user`` may not make.

    The rule of :func:`writable_layer`, for a caller that read the layer, its document's
    project and the caller's assignment itself (the span writes' one query).

    :param document: the layer's document, or its id.
    :param assigned: whether the document is assigned to ``user`` (needed only when the
        layer is theirs).
    :param final: whether the document's gold is marked final, when the caller read it;
        None: read here when the row is gold's.
    :raises GoldFinal: the row is gold's, marked final.
    :raises NotFound: when the caller may not read that layer (as for a missing row).
    :raises Forbidden: when the caller reads the layer but may not write it.
    """
    own = layer.user_id == user.id and not layer.is_gold
    if not (own and assigned) and not may_review(orm(db), user, project_id):
        raise no_such(*row)
    # What a create with this ?layer= may write, a row write too.
    write_owner(db, user, asked, document, final=final)
    if layer.is_gold and asked != GOLD:  # asked as gold, write_owner asked already
        require_gold_open(db, document, final=final)
    kind, row_id = row
    if asked == GOLD and not layer.is_gold:
        raise Forbidden(f"{kind} {row_id} is not in the gold layer")
    if not layer.is_gold and not own:
        raise Forbidden(
            f"{kind} {row_id} is in another annotator's layer, which only they write; "
            "a reviewer writes gold (?layer=gold)"
        )


def resolve_read_layer(
    session: AppSession, user: Actor, document: Document, annotator: str | None
) -> tuple[str, Actor | None]:
    """Return the name of the layer ``user`` asks to read and its owner (None for gold).

    Annotators may read only their own layer, and only on documents assigned to them; those
    who may review the document's project read every layer.

    :raises Forbidden: when the caller has the document but may not read that layer.
    :raises NotFound: when ``annotator`` names no user, or the caller may not see the document.
    """
    name = user.username if annotator in (None, "") else annotator
    own = name == user.username
    if not user.is_reviewer:  # global reviewers and admins: no query
        assigned = find_assignment(session, user, document) is not None
        if not (own and assigned) and not may_review(session, user, document.project_id):
            # No reviewer: a document not theirs is hidden (404); on theirs, only their layer.
            require_assigned(session, user, document, assigned)
            what = "the gold layer" if name == GOLD else f"the layer of {name!r}"
            raise Forbidden(f"annotators may read only their own layer, not {what}")
    if name == GOLD:
        return GOLD, None
    if own:
        return name, user
    owner = session.scalar(select(User).where(User.username == name))
    if owner is None:
        raise no_such("user called", name)
    return name, owner
