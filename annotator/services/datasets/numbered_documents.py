"""Documents found by their number in their project (``#N``), as the project page shows them.

A row id is shared by every project, a number counts within one (given by
:mod:`annotator.services.datasets.document_numbers`): ``#2`` is what a project's people call a
document. The pages' address by number asks here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import NotFound
from annotator.core.wording import NUMBER_RUNS_SAID, open_numbers_said
from annotator.models import Assignment, Document, Project
from annotator.services.accounts.permissions import assigned_to, may_review, may_see_document


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


def has_number(session: Session, user: Actor, project: Project, number: int) -> bool:
    """Tell whether ``project`` has a document ``#number`` that ``user`` may see."""
    try:
        numbered_document(session, user, project, number)
    except NotFound:
        return False
    return True


@dataclass(frozen=True)
class OpenNumbers:
    """The numbers of a project's documents one caller can open: the first and last of each
    unbroken run (the first :data:`NUMBER_RUNS_SAID` + 1 runs at most), how many there are
    and the last one."""

    runs: list[tuple[int, int]]
    count: int
    last: int

    def said(self) -> str:
        """These numbers in words (:func:`~annotator.core.wording.open_numbers_said`)."""
        return open_numbers_said(self.runs, self.count, self.last)


def open_numbers(session: Session, user: Actor, project: Project) -> OpenNumbers:
    """Return which numbers of ``project``'s documents ``user`` can open: all of them for one
    who may review it, an annotator's assigned ones only (the rule of
    :func:`~annotator.services.accounts.permissions.may_see_document`), so that a 404 leads
    on without telling anyone which numbers are another's.

    Runs of numbers are found in SQL (a number less its rank is the same along a run), but
    every number the caller can open is read to rank them: for one who may review, each
    number of the project (100,000 documents: 0.1 to 0.2 s on SQLite and PostgreSQL); for an
    annotator, her own assignments only, which the query starts from (one of 100,000: about
    1 ms on SQLite, 4 ms on PostgreSQL).
    """
    number = select(Document.number.label("number"))
    if may_review(session, user, project.id):
        numbers = number.where(Document.project_id == project.id)
    else:
        # "+ 0" keeps SQLite, which has no statistics to go by, from walking the project's
        # every number to probe her assignments: it starts from them (user_id's index).
        numbers = (
            number.select_from(Assignment)
            .join(Document, assigned_to(user))
            .where(Document.project_id + 0 == project.id)
        )
    seen = numbers.subquery()
    ranked = select(
        seen.c.number, (seen.c.number - func.row_number().over(order_by=seen.c.number)).label("run")
    ).subquery()
    runs = session.execute(
        select(func.min(ranked.c.number), func.max(ranked.c.number))
        .group_by(ranked.c.run)
        .order_by(func.min(ranked.c.number))
        .limit(NUMBER_RUNS_SAID + 1)
    ).all()
    count, last = session.execute(select(func.count(), func.max(seen.c.number))).one()
    return OpenNumbers([(first, end) for first, end in runs], count, last or 0)
