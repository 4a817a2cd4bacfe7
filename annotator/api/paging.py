"""The paged lists' parameters and answer: ``?page=N&per_page=M``, and ``total`` beside the rows.

Every list of the API that pages reads its parameters here and answers in this shape; the
rule and its refusals are :mod:`annotator.core.paging`. Without ``page`` a list answers
every row in the shape it had before it paged (no ``total``, ``page`` or ``per_page``); a
``per_page`` alone asks for the first page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.api.fields import whole_query
from annotator.core.paging import MAX_PAGE, MAX_PER_PAGE, Paging, check_page, check_paging


def asked_paging() -> Paging | None:
    """Return the page the query string asks for, None for the whole list.

    A ``per_page`` without ``page`` asks for the first page, as the audit log and a
    document's history read it: it was silently ignored, and the whole list came back to a
    script that meant to page it.

    :raises Malformed: a ``page`` or ``per_page`` that is not a whole number from 1 to its
        limit (:data:`~annotator.core.paging.MAX_PAGE`, the most a page holds).
    """
    page, per_page = _page(), _per_page()
    if page is None and per_page is not None:
        page = 1
    return check_paging(page, per_page)


def asked_page() -> Paging:
    """Return the page the query string asks for, the first when it names none: for the
    lists always answered a page at a time (the audit log, a document's history).

    :raises Malformed: as :func:`asked_paging`.
    """
    return check_page(_page() or 1, _per_page())


def _page() -> int | None:
    return whole_query("page", MAX_PAGE)


def _per_page() -> int | None:
    return whole_query("per_page", MAX_PER_PAGE)


def paged(name: str, rows: Sequence[Any], total: int, paging: Paging | None) -> dict[str, Any]:
    """Return a list's answer: ``{name: rows}``, with ``total`` (the rows on every page),
    ``page`` and ``per_page`` when a page was asked for."""
    answer: dict[str, Any] = {name: list(rows)}
    if paging is not None:
        answer |= {"total": total, "page": paging.page, "per_page": paging.per_page}
    return answer
