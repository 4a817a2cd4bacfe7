"""Accepting the agreed items of many documents: a whole project's, or those named.

Which documents are taken is :mod:`annotator.services.review.accept_scope`'s rule; each is
then written as one document's accept (:mod:`.write`).
"""

from __future__ import annotations

from annotator.core.caller import Actor
from annotator.core.quorum import UNANIMOUS
from annotator.db import AppSession
from annotator.models import Document, Project
from annotator.services.accounts.permissions import require_review
from annotator.services.gold_lock import gold_is_final_held, writers_serialised
from annotator.services.history import acting
from annotator.services.review.accept_scope import named_scope, project_scope
from annotator.services.review.none_taken import documents_with_none_taken
from annotator.services.review.unanimous.items import check_quorum
from annotator.services.review.unanimous.result import Accepted, left_out
from annotator.services.review.unanimous.write import accept_items, accept_unanimous


def accept_unanimous_project(
    session: AppSession,
    reviewer: Actor,
    project: Project,
    *,
    quorum: str = UNANIMOUS,
    annotators: str | None = None,
    include_unfinished: bool = False,
) -> Accepted:
    """Accept every agreed item of the documents of ``project`` that
    :mod:`~annotator.services.review.accept_scope` takes: not final and (unless
    ``include_unfinished``) finished by everyone assigned, of those the review list's
    ``annotators`` filter shows (None: all)."""
    require_review(session, reviewer, project.id, "adjudicate")
    check_quorum(quorum)
    scope = project_scope(
        session, project, annotators=annotators, include_unfinished=include_unfinished
    )
    result = left_out(scope)
    decided = documents_with_none_taken(session, project.id)
    with acting(session, reviewer, "reviewer"):
        for document in scope.documents:
            # Listed open; where writers run side by side, one may have been marked final
            # since: held, asked again, and left out as the list would have left it.
            if not writers_serialised(session) and gold_is_final_held(session, document):
                result.skipped_final += 1
                continue
            accept_items(session, reviewer, document, result, quorum, document.id in decided)
    return result


def accept_unanimous_documents(
    session: AppSession,
    reviewer: Actor,
    project: Project,
    documents: list[Document],
    *,
    quorum: str = UNANIMOUS,
    include_unfinished: bool = False,
) -> Accepted:
    """Accept every agreed item of each of ``documents`` (named by the caller, of
    ``project``), leaving out and counting those a whole project's accept leaves out (a
    document marked final since the scope was read too: held, then asked)."""
    require_review(session, reviewer, project.id, "adjudicate")
    check_quorum(quorum)
    scope = named_scope(session, project, documents, include_unfinished=include_unfinished)
    result = left_out(scope)
    for document in scope.documents:
        if gold_is_final_held(session, document):
            result.skipped_final += 1
        else:
            accept_unanimous(session, reviewer, document, result, quorum=quorum)
    return result
