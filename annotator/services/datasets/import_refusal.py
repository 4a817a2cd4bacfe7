"""The refusal of an import: every problem in input order, located by file and line.

An import with a problem stores nothing (:mod:`annotator.services.datasets.imports`); its
:class:`ImportFailed` lists up to :data:`MAX_DETAILS` problems and counts them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.errors import ImportFailed
from annotator.core.formats.readers import Problem, Record
from annotator.core.formats.records import problem_place
from annotator.core.wording import counted

# An import of a huge broken file lists this many problems; the message gives the count.
MAX_DETAILS = 1000


def where(record: Record) -> str:
    """Return where ``record`` is: ``FILE:LINE``, or the file alone."""
    return f"{record.file}:{record.line}" if record.line else record.file


def problem_at(record: Record, message: str) -> Problem:
    """Return a problem ``message`` placed where ``record`` is."""
    return Problem(record.file, record.line, message)


def failure(
    problems: list[Problem], last: Problem | None = None, read: Iterable[str] = ()
) -> ImportFailed:
    """Return the refusal of an import with ``problems``; ``last`` (the map's entry that
    matched nothing) follows them, kept even where the details are cut at ``MAX_DETAILS``:
    a thousand spans refused for a misspelt label must still show the entry misspelt.

    :param read: the files in the order they were read (else the order of their problems).
    """
    # In input order: files as they were read, lines within a file.
    order = {file: n for n, file in enumerate(read)}
    for p in problems:
        order.setdefault(p.file, len(order))
    problems = sorted(problems, key=lambda p: (order[p.file], p.line or 0, p.index or 0))
    kept = problems[: MAX_DETAILS - (last is not None)]
    if last is not None:
        problems.append(last)
        kept.append(last)
    count = len(problems)
    if count == 1:
        message = f"nothing was imported: {problems[0]}"
    else:
        message = f"nothing was imported: {counted(count, 'problem')}; the first: {problems[0]}"
    details = [p.as_dict() for p in kept]
    failure = ImportFailed(message, details=details)
    failure.problem_count = count  # type: ignore[attr-defined]
    return failure


def iter_problems(details: list[dict[str, Any]]) -> Iterator[str]:
    """Yield ``FILE:LINE: message`` lines (``FILE[INDEX] (id 'X', line N): message`` for a
    JSON array's record) for the details of an :class:`ImportFailed`."""
    for detail in details:
        where = problem_place(
            detail["file"], detail.get("line"), detail.get("index"), detail.get("id")
        )
        yield f"{where}: {detail['message']}"
