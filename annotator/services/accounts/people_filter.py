"""Which people a list keeps: a part of their name (``q``) and a role.

The users (``/admin/users``, ``GET /users``) and a project's members (its People page,
``GET /projects/<slug>/members``) are filtered alike: ``q`` keeps the names holding it, case
aside, by the document search's rule (:mod:`annotator.core.search_text`), compared on each
user's look-alike key (:mod:`annotator.core.look_alike`, stored and indexed beside the name)
so that case folds beyond ASCII on SQLite too, and a full-width name is found as it reads;
``role`` keeps one
role, a global role for the users, a project role for the members. The database filters, so
that paging (:mod:`annotator.services.paged_rows`) counts and cuts the filtered rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, SQLColumnExpression

from annotator.core.errors import Malformed
from annotator.core.look_alike import look_alike_key
from annotator.core.search_text import checked_search, like_pattern


@dataclass(frozen=True)
class PeopleFilter:
    """What a list of people keeps: names holding ``q``, and the role ``role`` (None: any)."""

    q: str | None = None
    role: str | None = None

    @property
    def active(self) -> bool:
        """Tell whether any filter is set."""
        return bool(self.q or self.role)


#: The filter that keeps everyone.
EVERYONE = PeopleFilter()


def people_filter(q: str | None, role: str | None, roles: Sequence[str]) -> PeopleFilter:
    """Return the filter ``?q=&role=`` ask for (empty: not set), ``role`` one of ``roles``.

    :raises Malformed: (``details.field`` names it) a search text too long, or a role the
        list does not have.
    """
    wanted = role.strip() if role else None
    if wanted and wanted not in roles:
        raise Malformed(
            f"role must be one of {', '.join(roles)}, got {wanted!r}",
            details={"field": "role", "allowed": list(roles)},
        )
    return PeopleFilter(checked_search(q), wanted or None)


def filtered(
    query: Select[Any],
    filters: PeopleFilter,
    name_key: SQLColumnExpression[str | None],
    role: SQLColumnExpression[str],
) -> Select[Any]:
    """Return ``query`` keeping the rows whose name (by its look-alike key, ``name_key``)
    and ``role`` pass ``filters``."""
    if filters.q:
        pattern = like_pattern(filters.q, look_alike_key)
        query = query.where(name_key.like(pattern, escape="\\"))
    if filters.role:
        query = query.where(role == filters.role)
    return query
