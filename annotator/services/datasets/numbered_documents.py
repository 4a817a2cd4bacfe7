"""Documents found by their number in their project (``#N``), as the project page shows them.

A row id is shared by every project, a number counts within one (given by
:mod:`annotator.services.datasets.document_numbers`): ``#2`` is what a project's people call a
document. The pages' address by number asks here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import NotFound
from annotator.models import Document, Project
from annotator.services.accounts.permissions import may_see_document


def numbered_document(session: Session, user: Actor, project: Project, number: int) -> Document:
    """Return ``project``'s document ``#number``, if ``user`` may see it.

    :raises NotFound: when the project has no such number (never made, or deleted), or has
        it on a document ``user`` may not see: both answered alike, so that asking tells
        nobody which numbers are another annotator's.
    """
    document = session.scalar(
        select(Document).where(Document.project_id == project.id, Document.number == number)
    )
    if document is None or not may_see_document(session, user, document):
        raise NotFound(f"no document #{number} in project {project.slug!r}")
    return document
