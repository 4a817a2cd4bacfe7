"""Which of an annotator's documents taking back acts on, and the words refusing it.

:mod:`~annotator.services.accounts.assignment`'s ``unassign`` and ``reassign`` act on an
annotator's open documents, or on those named (checked here: in the project, and theirs).
Documents named are taken back or moved all or none: the refusal names each one that
cannot be, by number and id, with why (:func:`not_all_unassignable`,
:func:`not_all_movable`), in one shape for the command line, the API and the page; the
pages' messages name the documents they acted on the same way (:func:`said_by_number`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.document_naming import NAMED_IN_A_MESSAGE
from annotator.core.errors import Invalid, NotFound
from annotator.models import Assignment, Document, Project, User
from annotator.services.documents_said import documents_named
from annotator.services.id_chunks import chunks


def selected_documents(
    session: Session,
    project: Project,
    user: User,
    document_ids: list[int] | None,
    skip_unassigned: bool = False,
) -> tuple[dict[int, str], dict[int, str]]:
    """Return the documents to act on (id -> external id, by id), checking those named, and
    those named that are not ``user``'s (id -> external id, in the order given), passed over
    when ``skip_unassigned`` (refused otherwise).

    :raises NotFound: an id that is no document of ``project``.
    :raises Invalid: without ``skip_unassigned``, a document named that is not ``user``'s.
    """
    query = (
        select(Document.id, Document.external_id)
        .join(Assignment, Assignment.document_id == Document.id)
        .where(Document.project_id == project.id, Assignment.user_id == user.id)
        .order_by(Document.id)
    )
    if document_ids is None:
        open_ones = session.execute(query.where(Assignment.status != "done"))
        return {doc_id: ext for doc_id, ext in open_ones}, {}
    wanted = list(dict.fromkeys(document_ids))
    found: dict[int, str] = {}
    for chunk in chunks(wanted):
        for doc_id, external_id in session.execute(query.where(Document.id.in_(chunk))):
            found[doc_id] = external_id
    missing = [doc_id for doc_id in wanted if doc_id not in found]
    if not missing:
        return dict(sorted(found.items())), {}
    in_project: dict[int, str] = {}
    for chunk in chunks(missing):
        rows = session.execute(
            select(Document.id, Document.external_id).where(
                Document.project_id == project.id, Document.id.in_(chunk)
            )
        )
        in_project.update((doc_id, external_id) for doc_id, external_id in rows)
    unknown = [str(doc_id) for doc_id in missing if doc_id not in in_project]
    if unknown:
        raise NotFound(
            f"no documents {', '.join(unknown)} in project {project.slug!r}",
            {"field": "documents"},
        )
    not_theirs = {doc_id: in_project[doc_id] for doc_id in missing}
    if not skip_unassigned:
        raise Invalid(
            _not_assigned_words(session, user, not_theirs),
            {
                "field": "documents",
                "not_assigned": list(not_theirs.values()),
                "assigned": len(found),
            },
        )
    return dict(sorted(found.items())), not_theirs


def assigned_among(session: Session, user: User, document_ids: list[int]) -> set[int]:
    """Return which of ``document_ids`` are assigned to ``user``."""
    found: set[int] = set()
    for chunk in chunks(document_ids):
        found.update(
            session.scalars(
                select(Assignment.document_id).where(
                    Assignment.user_id == user.id, Assignment.document_id.in_(chunk)
                )
            )
        )
    return found


def not_all_movable(
    session: Session,
    refused: dict[int, str],
    kept: dict[int, str],
    from_user: User,
    to_user: User,
) -> Invalid:
    """The refusal of a move of named documents some of which cannot move, each named as
    ``#N (external id)`` with why: ``refused`` (``to_user`` has them) and ``kept`` (they hold
    ``from_user``'s work), both id -> external id; ``details`` list the external ids."""
    why = []
    if refused:
        why.append(f"{to_user.username} already has {_by_number(session, refused)}")
    if kept:
        why.append(f"{from_user.username} has annotated {_by_number(session, kept)}")
    details: dict[str, object] = {"refused": list(refused.values()), "kept": list(kept.values())}
    return _nothing("moved", why, details)


def not_all_unassignable(
    session: Session, user: User, not_theirs: dict[int, str], kept: dict[int, str], theirs: int
) -> Invalid:
    """The refusal to take back documents named some of which are not ``user``'s or hold
    their work (``kept``; both id -> external id), each named with why; ``theirs`` counts
    the named ones that are theirs (``details["assigned"]``), for a face that offers to go
    on with those."""
    why = []
    if not_theirs:
        why.append(_not_assigned_words(session, user, not_theirs))
    if kept:
        why.append(f"{user.username} has annotated {_by_number(session, kept)}")
    details = {"not_assigned": list(not_theirs.values()), "kept": list(kept.values())}
    return _nothing("unassigned", why, details | {"assigned": theirs})


def _nothing(done: str, why: list[str], details: dict[str, object]) -> Invalid:
    """The refusal of a whole run over documents named (nothing ``done``), saying ``why``
    by field ``documents``: the one shape of a move's and a removal's all-or-none refusal."""
    return Invalid(f"nothing {done}: {'; '.join(why)}", {"field": "documents", **details})


def _not_assigned_words(session: Session, user: User, not_theirs: dict[int, str]) -> str:
    """Say that the documents ``not_theirs`` (id -> external id) are not ``user``'s."""
    return f"{user.username} is not assigned documents {_by_number(session, not_theirs)}"


def _by_number(session: Session, documents: dict[int, str]) -> str:
    """Name ``documents`` (id -> external id) as ``#N (external id)``, every one, in the order
    given: by number and id, as the page's forms are typed with either."""
    return said_by_number(session, list(documents), shown=None)


def said_by_number(
    session: Session, ids: Sequence[int], shown: int | None = NAMED_IN_A_MESSAGE
) -> str:
    """Name the documents ``ids`` (row ids) as a message lists them, ``#N (external id)``
    in the order given (:func:`~annotator.core.document_naming.documents_said`): as the
    forms are typed, never by row id. ``shown`` None names every one."""
    return documents_named(session, list(ids), shown)
