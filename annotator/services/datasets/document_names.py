"""What a user types to name documents: the one rule for every form, filter and option.

The project page shows each document two ways: its number in the project (the ``#``
column, :mod:`annotator.services.datasets.document_numbers`) and its id as exports name it
(its external id, under its title). Either names it, so that what is copied from the page
works wherever documents are named: ``#12``, ``12`` or ``reuters-0412``. The row id, which
links and the API's paths hold, is no name here: it is no number the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from annotator.core.document_naming import NAMED_IN_A_MESSAGE, names_said
from annotator.core.errors import Invalid, no_documents
from annotator.core.limits import column_integer
from annotator.core.wording import document_said
from annotator.models import Document, Project
from annotator.services.datasets.documents import IDS_PER_QUERY, by_external_id

#: A document's number as the project page shows it, with or without its ``#``; only a
#: number a column holds can be one (:func:`annotator.core.limits.column_integer`).
_NUMBER = re.compile(r"#?([0-9]+)")


def _numbered(session: Session, project: Project, numbers: set[int]) -> dict[int, tuple[int, str]]:
    """Return ``{number: (id, external id)}`` of the project's documents numbered ``numbers``."""
    ordered = sorted(numbers)
    found: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ordered), IDS_PER_QUERY):
        rows = session.execute(
            select(Document.number, Document.id, Document.external_id).where(
                Document.project_id == project.id,
                Document.number.in_(ordered[start : start + IDS_PER_QUERY]),
            )
        )
        found.update((number, (doc_id, external_id)) for number, doc_id, external_id in rows)
    return found


def named_document_ids(
    session: Session,
    project: Project,
    names: Sequence[str],
    *,
    field: str = "documents",
    shown: int | None = None,
) -> list[int]:
    """Return the ids of the project's documents that ``names`` name, in the order given, once each.

    A name is a document's external id, or its number (``#12`` or ``12``).

    :param field: the input the names came from, for the error's ``details``.
    :param shown: name at most this many unknown names in the error (the rest counted).
    :raises Invalid: naming every name that is no document of the project, or a name that is
        one document's external id and another's number.
    """
    return list(_named(session, project, names, field, shown))


def named_external_ids(
    session: Session, project: Project, names: Sequence[str] | None, *, field: str = "documents"
) -> list[str] | None:
    """Return the external ids of the documents ``names`` name (:func:`named_document_ids`),
    for code that goes on by external id, in the order given, once each; None for no names
    (every document)."""
    if not names:
        return None
    return list(_named(session, project, names, field, None).values())


def named_documents(
    session: Session, project: Project, names: Sequence[str], *, field: str = "documents"
) -> list[Document]:
    """Return the documents ``names`` name (:func:`named_document_ids`), in the order given,
    once each, without their texts: for commands that act on the documents themselves."""
    ids = named_document_ids(session, project, names, field=field)
    found: dict[int, Document] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        query = (
            select(Document)
            .options(defer(Document.text))
            .where(Document.id.in_(ids[start : start + IDS_PER_QUERY]))
        )
        found.update((document.id, document) for document in session.scalars(query))
    return [found[document_id] for document_id in ids]


def said_by_external_id(
    session: Session,
    project: Project,
    external_ids: Sequence[str],
    shown: int | None = NAMED_IN_A_MESSAGE,
) -> str:
    """Name the project's documents ``external_ids`` as a message lists them, ``#N (external
    id)`` in the order given (:func:`~annotator.core.document_naming.names_said`), for
    reports that carry external ids. ``shown`` None names every one."""
    return names_said(each_said(session, project, external_ids), shown)


def each_said(session: Session, project: Project, external_ids: Sequence[str]) -> list[str]:
    """Return each of the project's documents ``external_ids`` as a message names it,
    ``#N (external id)``, in the order given; an id no document has (deleted since) bare."""
    numbers = by_external_id(session, project, list(external_ids), Document.number)
    return [
        document_said(numbers[name], name) if name in numbers else name for name in external_ids
    ]


def _named(
    session: Session, project: Project, names: Sequence[str], field: str, shown: int | None
) -> dict[int, str]:
    """Return ``{id: external id}`` of the documents ``names`` name, in the order given.

    The lookups that find the documents also give their external ids: asking for them
    afterwards was one more query for every call.
    """
    wanted = list(dict.fromkeys(names))
    by_id = by_external_id(session, project, wanted, Document.id)
    numbers = {
        name: number
        for name in wanted
        if (match := _NUMBER.fullmatch(name)) and (number := column_integer(match[1])) is not None
    }
    numbered = _numbered(session, project, set(numbers.values()))
    found: dict[int, str] = {}
    missing: list[str] = []
    for name in wanted:
        as_id = by_id.get(name)
        as_number = numbered.get(numbers[name]) if name in numbers else None
        if as_id is not None and as_number is not None and as_id != as_number[0]:
            other = session.scalar(select(Document.number).where(Document.id == as_id))
            raise Invalid(
                f"{name!r} names two documents: #{other} by its id and #{numbers[name]} by its "
                "number; give the # number of the one meant",
                details={"field": field},
            )
        if as_id is not None:
            found.setdefault(as_id, name)
        elif as_number is not None:
            found.setdefault(*as_number)
        else:
            missing.append(name)
    if missing:
        raise Invalid(no_documents(missing, project.slug, shown), details={"field": field})
    return found
