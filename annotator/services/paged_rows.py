"""One page of a query's rows, counted and cut by the database (``COUNT``, ``LIMIT``/``OFFSET``).

For the lists that page by :mod:`annotator.core.paging` and read their rows with one
statement (users, members, tokens). The query must order its rows by something unique, so
that the pages neither repeat nor skip a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select

from annotator.core.paging import Page, Paging

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def page_of(
    db: Connection | Session, query: Select[Any], paging: Paging | None, *, scalars: bool = False
) -> Page[Any]:
    """Return the page ``paging`` asks for of ``query``'s rows (every row: ``paging`` None).

    :param scalars: each row's first column (an ORM entity, say), not the row.
    """

    def rows(statement: Select[Any]) -> list[Any]:
        return list(db.scalars(statement)) if scalars else list(db.execute(statement).all())

    if paging is None:
        every = rows(query)
        return Page(every, len(every), None)
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.scalar(counted) or 0
    # A page past the last reads nothing: the count already says there is nothing there.
    shown = []
    if total > paging.offset:
        shown = rows(query.limit(paging.per_page).offset(paging.offset))
    return Page(shown, total, paging)
