"""Which documents an accept of many documents into gold takes: the one home of that rule.

A project's accept (every unanimous or majority item, :mod:`annotator.services.review.unanimous`,
from the review list, the API and ``annotator adjudicate unanimous``) leaves out:

- the documents whose gold is marked final (final gold takes no change until set back to in
  review, :mod:`annotator.services.gold.lock`);
- unless the reviewer includes them, the documents someone assigned has not finished (not
  started or in progress, :func:`~annotator.services.review.layers.waiting_documents`, the
  review list's "Waiting for someone"): what an annotator still works on may change after
  its items are in gold, and nothing would then say so. Marking one document final warns of
  the same (:func:`~annotator.services.review.layers.not_done`). Only those with two or more
  layers compared are counted as left out for it: one with fewer has nothing agreed to take
  either way, and is skipped for that, as before.

Each is counted, so that the question and the answer say how many were left out and why.
What the caller asked for is one :class:`~annotator.core.unanimous_scope.UnanimousScope`,
read alike by every face (:func:`scope_documents` is the one reader of it here). The review
list's ``annotators`` filter narrows the documents to those the list shows; documents the
caller named (``annotator adjudicate unanimous --documents``, the API's ``documents``, the
list's "Only these documents") narrow them to those, and with a filter to the named ones the
filter shows, the others named back (``filtered_out``). Those named and left out unfinished
are named too, with who has not finished each: the reviewer asked for them, and a count
alone would not say which stayed out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.core.unanimous_scope import UnanimousScope
from annotator.core.vocabulary import ANNOTATOR_FILTERS, check_status
from annotator.models import Document, Project
from annotator.services.datasets.document_names import named_documents
from annotator.services.review.gold_status import final_documents
from annotator.services.review.layers import people_of, waiting_documents


@dataclass(frozen=True)
class NamedDocument:
    """A named document the review list's filter left out."""

    #: Its number in the project (the page's ``#``).
    number: int
    external_id: str


@dataclass(frozen=True)
class UnfinishedDocument:
    """A named document left out because someone assigned has not finished it."""

    #: Its number in the project (the page's ``#``).
    number: int
    external_id: str
    #: Who has not finished it (not started or in progress), by name.
    not_finished_by: list[str]


@dataclass
class AcceptScope:
    """The documents an accept takes, in order of id, and how many it left out and why."""

    documents: list[Document]
    #: Left out because their gold is marked final.
    final: int = 0
    #: Left out because someone assigned has not finished them (not asked to include them).
    unfinished: int = 0
    #: Taken although someone assigned has not finished them (asked to include them).
    included_unfinished: int = 0
    #: Of the documents the caller named, those left out unfinished (none for a project's).
    unfinished_named: list[UnfinishedDocument] = field(default_factory=list)
    #: Of the documents the caller named, those the review list's filter left out.
    filtered_out: list[NamedDocument] = field(default_factory=list)


def scope_documents(session: Session, project: Project, scope: UnanimousScope) -> AcceptScope:
    """Return the documents of ``project`` an accept asked for ``scope`` takes: those named
    (``scope.documents``; None: every document), of them those the review list's filter
    shows (``scope.annotators``: ``finished``, every assignee has finished them, or
    ``waiting``, someone has not; None: all), less the final and (unless included) the
    unfinished ones.

    Named documents and a filter take the named documents the filter shows: each narrows,
    as on the list (filter it, then name some of what it shows). The named ones it leaves
    out are returned in ``filtered_out``, in the order named, for every face to say.

    :raises Invalid: another filter (the field ``annotators`` named), or a name that is no
        document of the project (the field ``documents``).
    """
    if scope.annotators is not None:
        check_status(scope.annotators, ANNOTATOR_FILTERS, refusal=Invalid, field="annotators")
    named = scope.documents is not None
    if scope.documents is not None:
        documents = named_documents(session, project, scope.documents)
    else:
        query = select(Document).where(Document.project_id == project.id).order_by(Document.id)
        documents = list(session.scalars(query))
    waiting = waiting_documents(session, project)
    filtered_out: list[NamedDocument] = []
    if scope.annotators is not None:
        keep = scope.annotators == "waiting"
        shown = [d for d in documents if (d.id in waiting) == keep]
        if named:
            kept = {d.id for d in shown}
            filtered_out = [
                NamedDocument(d.number, d.external_id) for d in documents if d.id not in kept
            ]
        documents = shown
    taken = _narrowed(session, project, documents, waiting, scope.include_unfinished, named=named)
    taken.filtered_out = filtered_out
    return taken


def _narrowed(
    session: Session,
    project: Project,
    documents: list[Document],
    waiting: set[int],
    include_unfinished: bool,
    *,
    named: bool,
) -> AcceptScope:
    """Leave out of ``documents`` the final ones and, unless included, the unfinished ones
    with two or more layers compared (``waiting``: the project's unfinished), counting each
    (and, ``named``, naming the unfinished ones with who has not finished them)."""
    final = final_documents(session, project)
    scope = AcceptScope([])
    candidates = [d.id for d in documents if d.id in waiting and d.id not in final]
    people = people_of(session, candidates)
    unfinished = {d for d, found in people.items() if len(found.compared) >= 2}
    for document in documents:
        if document.id in final:
            scope.final += 1
        elif document.id in unfinished and not include_unfinished:
            scope.unfinished += 1
            if named:
                waiting_for = [name for name, _ in people[document.id].waiting_for()]
                scope.unfinished_named.append(
                    UnfinishedDocument(document.number, document.external_id, waiting_for)
                )
        else:
            scope.included_unfinished += document.id in unfinished
            scope.documents.append(document)
    return scope
