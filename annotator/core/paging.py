"""A list one page at a time: the rule and the refusals every paged list shares.

The document list was paged first; its rule is this one, and the review list, the users, a
project's members, the tokens, the audit log and a document's history take the same
parameters and refuse a bad one in the same words: ``page`` counts from 1 to
:data:`MAX_PAGE`, ``per_page`` from 1 to :data:`MAX_PER_PAGE` (default :data:`PER_PAGE`).
Without a page a list is answered whole, as it was before it paged, so that older clients
read what they always read.

A page past the last is no error: it is empty, and ``total`` says how many rows there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from annotator.core.errors import Malformed
from annotator.core.limits import INT_MAX

#: Rows a page holds by default, and at most.
PER_PAGE, MAX_PER_PAGE = 50, 500
#: The last page one may ask for: the largest number a query parameter of the API takes.
MAX_PAGE = INT_MAX


def count_refusal(name: str, most: int) -> Malformed:
    """Return the refusal of a ``page`` or ``per_page`` that is no whole number from 1 to
    ``most``: one wording, naming the real limit, for the API and the CLI alike."""
    return Malformed(f"{name} must be a whole number from 1 to {most}", details={"field": name})


T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """The page a caller asked for (``page`` from 1) and how many rows a page holds."""

    page: int
    per_page: int

    @property
    def offset(self) -> int:
        """Return how many rows come before this page."""
        return (self.page - 1) * self.per_page

    def cut(self, rows: Sequence[T]) -> list[T]:
        """Return this page of ``rows``, a list already in its order."""
        return list(rows[self.offset : self.offset + self.per_page])


@dataclass(frozen=True)
class Page(Generic[T]):
    """The rows of one page (every row when ``paging`` is None) and how many there are."""

    rows: list[T]
    total: int
    paging: Paging | None

    @property
    def pages(self) -> int:
        """Return how many pages the list has (at least one; one for a list not paged)."""
        if self.paging is None:
            return 1
        return max(1, -(-self.total // self.paging.per_page))

    @classmethod
    def of(cls, rows: Sequence[T], paging: Paging | None) -> Page[T]:
        """Return the page ``paging`` asks for of ``rows``, the whole list in its order."""
        shown = list(rows) if paging is None else paging.cut(rows)
        return cls(shown, len(rows), paging)


def check_paging(page: int | None, per_page: int | None = None) -> Paging | None:
    """Return the page asked for, or None for the whole list (``page`` None).

    ``per_page`` None is :data:`PER_PAGE`. It is checked even without a page, as the
    document list always did: a bad value is a mistake whether or not it is used.

    :raises Malformed: (``details.field`` names it) a page outside 1 to :data:`MAX_PAGE`,
        or a page size outside 1 to :data:`MAX_PER_PAGE`.
    """
    checked = check_page(1 if page is None else page, per_page)
    return None if page is None else checked


def check_page(page: int, per_page: int | None = None) -> Paging:
    """Return the page asked for of a list always answered a page at a time.

    :raises Malformed: as :func:`check_paging`.
    """
    if not 1 <= page <= MAX_PAGE:
        raise count_refusal("page", MAX_PAGE)
    size = PER_PAGE if per_page is None else per_page
    if not 1 <= size <= MAX_PER_PAGE:
        raise count_refusal("per_page", MAX_PER_PAGE)
    return Paging(page, size)
