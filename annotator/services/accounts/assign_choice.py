"""Which documents an assignment run covers, and what its answer says besides the counts.

A lead gives some documents K annotators and others another K, or new imports to new people:
a run covers every document of the project, or those named, and of them, with ``only``,
those nobody has yet (``unassigned``) or those with fewer than K annotators, whoever they are
(``understaffed``, each topped up to K). :func:`assign_documents
<annotator.services.accounts.assignment.assign_documents>` asks here; the command line, the
page and the API say :func:`joined_words` and :func:`final_gold_words` alike.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.document_naming import names_said
from annotator.core.errors import Invalid
from annotator.core.wording import counted
from annotator.models import Assignment, Document, Project
from annotator.services.gold.state import gold_status_is

#: The values of ``only``: documents nobody has, and documents with fewer than K annotators.
ONLY_CHOICES = ("unassigned", "understaffed")
#: Document ids per ``IN (...)`` list.
_BATCH = 500
#: The documents a warning names; the rest are counted.
_NAMED = 10


def check_only(only: str | None) -> None:
    """Refuse an ``only`` that is not one of :data:`ONLY_CHOICES` (None: no such choice)."""
    if only is not None and only not in ONLY_CHOICES:
        raise Invalid(
            f"only must be one of {', '.join(ONLY_CHOICES)}, not {only!r}", {"field": "only"}
        )


def chosen_documents(
    session: Session,
    project: Project,
    per_document: int,
    document_ids: list[int] | None,
    only: str | None,
) -> dict[int, int]:
    """Return the documents a run covers, by id, each with how many annotators it has now.

    :param document_ids: these documents of ``project`` (checked by the caller, as every
        document name is, :mod:`~annotator.services.datasets.document_names`); None: all.
    :param only: keep those of them with no annotator (``unassigned``) or with fewer than
        ``per_document`` (``understaffed``); None keeps them all.
    """
    check_only(only)
    query = (
        select(Document.id, func.count(Assignment.id))
        .outerjoin(Assignment, Assignment.document_id == Document.id)
        .where(Document.project_id == project.id)
        .group_by(Document.id)
        .order_by(Document.id)
    )
    if only == "unassigned":
        query = query.having(func.count(Assignment.id) == 0)
    elif only == "understaffed":
        query = query.having(func.count(Assignment.id) < per_document)
    if document_ids is None:
        return {doc_id: count for doc_id, count in session.execute(query)}
    wanted = sorted(set(document_ids))
    found: dict[int, int] = {}
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start : start + _BATCH]
        rows = session.execute(query.where(Document.id.in_(chunk)))
        found.update((doc_id, count) for doc_id, count in rows)
    return dict(sorted(found.items()))


def final_gold_among(session: Session, document_ids: list[int]) -> list[str]:
    """Return the external ids of those of ``document_ids`` whose gold is final, by id."""
    return list(final_gold_of(session, document_ids).values())


def final_gold_of(session: Session, document_ids: list[int]) -> dict[int, str]:
    """Return those of ``document_ids`` whose gold is final, each id with its external id, by id."""
    wanted = sorted(set(document_ids))
    found: list[tuple[int, str]] = []
    for start in range(0, len(wanted), _BATCH):
        rows = session.execute(
            select(Document.id, Document.external_id).where(
                Document.id.in_(wanted[start : start + _BATCH]), gold_status_is("final")
            )
        )
        found += [(doc_id, external_id) for doc_id, external_id in rows]
    return dict(sorted(found))


def joined_words(names: list[str]) -> str | None:
    """Say that ``names`` joined the project by an assignment (None when nobody did)."""
    if not names:
        return None
    one = len(names) == 1
    return f"{', '.join(names)} joined the project as {'annotator' if one else 'annotators'}"


def final_gold_words(external_ids: list[str]) -> str | None:
    """Warn that documents whose gold is final were given annotators (None for none).

    True to the training's rule (:func:`~annotator.services.assist.training_data.
    learnable_layers`): a document somebody is still annotating is left out, and where a
    document has gold a model learns from the gold, never from an annotator's layer.
    """
    if not external_ids:
        return None
    one = len(external_ids) == 1
    named = names_said(external_ids, _NAMED)
    it, its = ("it", "its") if one else ("them", "their")
    return (
        f"{counted(len(external_ids), 'document')} already {'has' if one else 'have'} final"
        f" gold ({named}): training leaves {it} out until {its} annotators are done with {it},"
        f" and learns from {its} gold, not from the annotators' work"
    )


def final_left_out_words(external_ids: list[str]) -> str | None:
    """Say that a run over the project's documents left out those whose gold is final (None
    for none): their gold is the answer already, and new work on them is never read."""
    if not external_ids:
        return None
    one = len(external_ids) == 1
    named = names_said(external_ids, _NAMED)
    return (
        f"{counted(len(external_ids), 'document')} whose gold is final {'was' if one else 'were'}"
        f" left out ({named}): name {'it' if one else 'them'} to give annotators all the same"
    )
