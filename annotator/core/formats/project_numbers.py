"""The document numbers of a project file: each document's ``#N`` and the project's counter.

From format version 10 a ``document`` record carries its number in the project
(:mod:`annotator.services.datasets.document_numbers`) and the ``project`` record the count of
numbers the project has given (``documents_numbered``), so that a load keeps them: ``#7``
names the same document before and after a move, and a deleted document's number is not
given again there either. An older file carries neither; its load numbers the documents
1..n in the file's order, as loads did then.

A load checks them as the records come, naming the line: every number 1 or more, no number
twice, none above the counter.
"""

from __future__ import annotations

from typing import Any

from annotator.core.formats.project_file import ProjectFileError

#: The format version whose documents first carried their numbers.
NUMBERS_SINCE = 10


class FileNumbers:
    """The numbers a project file gives its documents, checked as its records come."""

    def __init__(self, version: int) -> None:
        #: Whether the file's version carries numbers (else the load numbers anew).
        self.carried = version >= NUMBERS_SINCE
        self.counter = 0
        self._counter_line = 0
        # number -> the line of the document holding it; ints only: a file of a million
        # documents costs tens of megabytes here, no more than the load's set of their ids.
        self._lines: dict[int, int] = {}

    def count(self, record: dict[str, Any], line: int) -> int | None:
        """Take the ``project`` record's counter; return it (None: a file of no numbers)."""
        given = record["documents_numbered"]
        if not self.carried:
            if given is not None:
                raise ProjectFileError(
                    line,
                    "documents_numbered",
                    f"document numbers came with format version {NUMBERS_SINCE}",
                )
            return None
        if given is None:
            raise ProjectFileError(
                line, "documents_numbered", "the project needs its count of numbers given"
            )
        if given < 0:
            raise ProjectFileError(
                line, "documents_numbered", f"{given}; the count of numbers given is 0 or more"
            )
        self.counter, self._counter_line = given, line
        return given

    def claim(self, record: dict[str, Any], line: int) -> None:
        """Check a ``document`` record's number: given (in a version that carries it), 1 or
        more, not above the counter, not another document's."""
        number, name = record["number"], record["id"]
        if not self.carried:
            if number is not None:
                raise ProjectFileError(
                    line, "number", f"document numbers came with format version {NUMBERS_SINCE}"
                )
            return
        if number is None:
            raise ProjectFileError(
                line, "number", f"document {name!r} needs its number in this format version"
            )
        if number < 1:
            raise ProjectFileError(
                line, "number", f"document {name!r} is numbered {number}; numbers start at 1"
            )
        if number > self.counter:
            raise ProjectFileError(
                line,
                "number",
                f"document {name!r} is numbered {number}, above the {self.counter} numbers the "
                f"project has given (documents_numbered, line {self._counter_line})",
            )
        first = self._lines.setdefault(number, line)
        if first != line:
            raise ProjectFileError(
                line,
                "number",
                f"document {name!r} is numbered {number}, as the document on line {first} is",
            )
