"""Who may read or write which layer: the one place that decides it.

Every way in asks here: the pages, the API (including its precompiled write path, which
reads the caller's assignment in its own query and passes on what it found), the CLI and
the review services. The rules (CONTRACT section 4):

- an annotator reads and writes only their own layer, and only on a document assigned to
  them;
- reviewers and admins read every layer, and write the gold layer (``?layer=gold``);
- a row found by its id (a span, a relation) may be written only through its own layer.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Forbidden, NotFound
from annotator.core.vocabulary import GOLD
from annotator.models import Assignment, Document, Layer, User
from annotator.services.accounts.permissions import (
    find_assignment,
    require_assigned,
    require_reviewer,
)


def write_owner(user: User, asked: str | None) -> int | None:
    """Return whose layer a write asked as ``?layer=asked`` goes to: None for gold.

    The caller's own layer needs an assignment too (:func:`require_assigned`).

    :raises Forbidden: gold asked by an annotator, or another annotator's layer asked.
    """
    if asked == GOLD:
        require_reviewer(user, "write the gold layer")
        return None
    if asked not in (None, "", user.username):
        raise Forbidden("you may write only your own layer (or, as a reviewer, ?layer=gold)")
    return user.id


def resolve_write_target(
    session: Session, user: User, document: Document, layer: str | None
) -> tuple[int | None, Assignment | None]:
    """Return whose layer ``user`` writes (None for gold) and the caller's assignment.

    :raises Forbidden: when the caller may not write that layer.
    """
    owner_id = write_owner(user, layer)
    if owner_id is None:
        return None, None
    assignment = find_assignment(session, user, document)
    require_assigned(assignment is not None, document.id)
    return owner_id, assignment


def writable_layer(session: Session, user: User, layer_id: int, asked: str | None) -> Layer:
    """Return the layer of a row found by its id, if ``user`` may write it; else raise.

    :param asked: the ``?layer=`` the caller gave; ``gold`` must then match the row's layer.
    :raises Forbidden: when the caller may not write that layer.
    """
    layer = session.get(Layer, layer_id)
    assert layer is not None  # a foreign key holds every row to its layer
    write_owner(user, asked)  # what a create with this ?layer= may write, a row write too
    if asked == GOLD and not layer.is_gold:
        raise Forbidden("that row is not in the gold layer")
    if layer.is_gold:
        write_owner(user, GOLD)
        return layer
    if layer.user_id != user.id:
        raise Forbidden("that row is in another annotator's layer")
    document = session.get(Document, layer.document_id)
    assigned = document is not None and find_assignment(session, user, document) is not None
    require_assigned(assigned, layer.document_id)
    return layer


def resolve_read_layer(
    session: Session, user: User, document: Document, annotator: str | None
) -> tuple[str, User | None]:
    """Return the name of the layer ``user`` asks to read and its owner (None for gold).

    Annotators may read only their own layer, and only on documents assigned to them;
    reviewers and admins may read every layer.

    :raises Forbidden: when the caller may not read that layer.
    :raises NotFound: when ``annotator`` names no user.
    """
    name = user.username if annotator in (None, "") else annotator
    own = name == user.username
    if not user.is_reviewer:
        if not own:
            what = "the gold layer" if name == GOLD else f"the layer of {name!r}"
            raise Forbidden(f"annotators may read only their own layer, not {what}")
        require_assigned(find_assignment(session, user, document) is not None, document.id)
    if name == GOLD:
        return GOLD, None
    if own:
        return name, user
    owner = session.scalar(select(User).where(User.username == name))
    if owner is None:
        raise NotFound(f"no user called {name!r}")
    return name, owner
