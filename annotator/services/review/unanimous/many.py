"""Accepting the agreed items of many documents: those a scope asks for.

Which documents a :class:`~annotator.core.unanimous_scope.UnanimousScope` takes (a whole
project's, those the review list's filter shows, those named, or the named ones the filter
shows) is :mod:`annotator.services.review.accept_scope`'s rule, which the count asked first
(:mod:`.preview`) follows too; each is then written as one document's accept (:mod:`.write`).
The scope is read before anything is held: where writers run side by side (PostgreSQL), a
document may have been marked final since. Every document taken is therefore held, all of
them in one statement a batch (:func:`~annotator.services.gold.lock.gold_finals` with
``hold``), asked again, and left out as the scope would have left it; then written one at a
time in order of id, whatever order they were named in, so that two accepts never wait for
each other crosswise.
"""

from __future__ import annotations

from annotator.core.caller import Actor
from annotator.core.unanimous_scope import UnanimousScope
from annotator.db import AppSession
from annotator.models import Document, Project
from annotator.services.accounts.permissions import require_review
from annotator.services.gold.lock import gold_finals
from annotator.services.history import acting
from annotator.services.review.accept_scope import scope_documents
from annotator.services.review.none_taken import documents_with_none_taken
from annotator.services.review.unanimous.items import check_quorum
from annotator.services.review.unanimous.result import Accepted, left_out
from annotator.services.review.unanimous.write import accept_items


def accept_unanimous_in(
    session: AppSession, reviewer: Actor, project: Project, scope: UnanimousScope
) -> Accepted:
    """Accept every item ``scope.quorum`` of their annotators agree on, of the documents of
    ``project`` that ``scope`` takes (:func:`~..accept_scope.scope_documents`: not final
    and, unless ``include_unfinished``, finished by everyone assigned), counting what it
    left out and naming the named documents it left out.

    :raises Invalid: an unknown quorum or filter, or a name that is no document of the project.
    """
    require_review(session, reviewer, project.id, "adjudicate")
    check_quorum(scope.quorum)
    taken = scope_documents(session, project, scope)
    return _accept_each(session, reviewer, project, taken.documents, left_out(taken), scope.quorum)


def _accept_each(
    session: AppSession,
    reviewer: Actor,
    project: Project,
    documents: list[Document],
    result: Accepted,
    quorum: str,
) -> Accepted:
    """Write the agreed items of each of ``documents`` into its gold, leaving out (and
    counting) those found final once held; the report names the skipped in their order.

    They are written in order of id, whatever order the caller named them in: each one's
    gold layer row, span hold and gold status row are taken as it is written, and two
    accepts of ``#1,#3`` and ``#3,#1`` writing in the order named would each hold one and
    wait for the other's (PostgreSQL ends one with "deadlock detected"). The hold of them
    all before (``FOR KEY SHARE``) is shared, and orders nothing.
    """
    final = gold_finals(session, [document.id for document in documents], hold=True)
    decided = documents_with_none_taken(session, project.id)
    before = len(result.skipped)
    with acting(session, reviewer, "reviewer"):
        for document in sorted(documents, key=lambda document: document.id):
            if document.id in final:
                result.skipped_final += 1
                continue
            accept_items(session, reviewer, document, result, quorum, document.id in decided)
    named = {document.external_id: place for place, document in enumerate(documents)}
    result.skipped[before:] = sorted(result.skipped[before:], key=named.__getitem__)
    return result
