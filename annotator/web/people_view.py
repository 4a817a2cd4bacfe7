"""The view a page of people shows (``?q=&role=&page=``), kept through the page's changes.

The users page and a project's People page list a page of people at a time by the one
paging rule (:mod:`annotator.core.paging`), filtered by name and role
(:mod:`annotator.services.accounts.people_filter`). Each change on those pages posts to an
address carrying the same query string, and comes back to it: a lead who filtered two
hundred people down to three, and changed one, sees the same three again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import request

from annotator.core.limits import column_integer
from annotator.core.paging import Paging, check_page
from annotator.services.accounts.people_filter import PeopleFilter, people_filter


@dataclass(frozen=True)
class PeopleView:
    """The filter and the page (from 1) a page of people was asked for."""

    filters: PeopleFilter
    page: int

    @property
    def paging(self) -> Paging:
        """Return the page to read, of the one paging rule's size."""
        return check_page(self.page)

    @property
    def args(self) -> dict[str, Any]:
        """Return the query string that asks for this view again (what is set, only)."""
        asked = {"q": self.filters.q, "role": self.filters.role}
        if self.page > 1:
            asked["page"] = str(self.page)
        return {key: value for key, value in asked.items() if value}


def asked_view(roles: Sequence[str]) -> PeopleView:
    """Return the view the query string asks for; ``role`` is one of ``roles``.

    A page that is not a whole number from 1 is the first, as on the project page.

    :raises Malformed: a search text too long, or a role that is not one of ``roles``.
    """
    filters = people_filter(request.args.get("q"), request.args.get("role"), roles)
    return PeopleView(filters, column_integer(request.args.get("page")) or 1)
