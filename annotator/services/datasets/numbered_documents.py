"""Documents found by their number in their project (``#N``), as the project page shows them.

A row id is shared by every project, a number counts within one (given by
:mod:`annotator.services.datasets.document_numbers`): ``#2`` is what a project's people call a
document. The pages' address by number asks here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

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
    on without telling anyone which numbers are another's."""
    if may_review(session, user, project.id):
        return _project_numbers(session, project)
    return _assigned_numbers(session, user, project)


def _project_numbers(session: Session, project: Project) -> OpenNumbers:
    """Every number of ``project``, reading what the message says and little more.

    The count (an index-only count) and the first and last numbers (index seeks) settle
    numbers without a gap: numbers are unique, so no gap when the count spans first to last.
    With gaps, the numbers are walked in order only until the first runs a message names have
    started (:func:`_run_starts`); each ends at the number before the next start (a seek).
    100,000 numbers without a gap, or with early gaps: a tenth of the time of ranking every
    number or less; gaps only near the end are walked to, about as long as ranking them all
    (docs/benchmarks.md, "Open numbers").
    """
    mine = Document.project_id == project.id
    number = Document.number
    count, first, last = session.execute(
        select(
            select(func.count()).where(mine).scalar_subquery(),
            # Each alone in its query: SQLite reads a lone min or max by one index seek.
            select(func.min(number)).where(mine).scalar_subquery(),
            select(func.max(number)).where(mine).scalar_subquery(),
        )
    ).one()
    if not count:
        return OpenNumbers([], 0, 0)
    if last - first + 1 == count:
        return OpenNumbers([(first, last)], count, last)
    starts = session.scalars(
        _run_starts(session, project).limit(NUMBER_RUNS_SAID + 2)  # the next start ends a run
    ).all()
    ends = [
        session.execute(select(func.max(number)).where(mine, number < start)).scalar_one()
        for start in starts[1:]
    ]
    if len(starts) <= NUMBER_RUNS_SAID + 1:
        ends.append(last)
    return OpenNumbers(list(zip(starts, ends, strict=False)), count, last)


def _run_starts(session: Session, project: Project) -> Select[int]:
    """The numbers of ``project`` that start a run (the number before is not there), in
    order, read in the index of its numbers only as far as a limit on them asks.

    PostgreSQL streams a window over the index (each number beside the one before it) and
    stops at the limit; SQLite computes a window whole before anything is read from it, so
    there each number is looked up less one in the index instead (a probe costs PostgreSQL
    three times a window's step: 0.7 s against 0.25 s to walk 100,000 numbers)."""
    number = Document.number
    mine = Document.project_id == project.id
    if session.get_bind().dialect.name == "postgresql":
        before = func.lag(number).over(order_by=number).label("before")
        stepped = select(number.label("number"), before).where(mine).subquery()
        return (
            select(stepped.c.number)
            .where(or_(stepped.c.before.is_(None), stepped.c.number > stepped.c.before + 1))
            .order_by(stepped.c.number)
        )
    one_less = aliased(Document)
    return (
        select(number)
        .where(mine)
        .where(
            # Its number, not EXISTS's "*": SQLite then answers from the index alone.
            ~select(one_less.number)
            .where(one_less.project_id == project.id, one_less.number == number - 1)
            .exists()
        )
        .order_by(number)
    )


def _assigned_numbers(session: Session, user: Actor, project: Project) -> OpenNumbers:
    """The numbers of ``user``'s assignments in ``project``, read from her assignments (one
    of 100,000: about 1 ms on SQLite, 4 ms on PostgreSQL) and ranked in SQL: a number less
    its rank is the same along a run."""
    # "+ 0" keeps SQLite, which has no statistics to go by, from walking the project's
    # every number to probe her assignments: it starts from them (user_id's index).
    # tests/test_open_numbers.py pins that plan.
    seen = (
        select(Document.number.label("number"))
        .select_from(Assignment)
        .join(Document, assigned_to(user))
        .where(Document.project_id + 0 == project.id)
        .subquery()
    )
    return ranked_runs(session, seen)


def ranked_runs(session: Session, seen: Any) -> OpenNumbers:
    """The runs of the numbers of ``seen`` (a subquery with a ``number`` column), ranked in
    SQL: a number less its rank is the same along a run. Every number is read."""
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
