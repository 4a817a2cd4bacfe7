"""Who and what there is: the users and the projects, listed through Core.

On the tables of :mod:`annotator.tables` alone, so that the command line's lists never
import the ORM; the pages and the API list through the same functions, with a session (which
runs Core statements as a connection does). A row answers by attribute as a model does
(``row.username``, ``row.slug``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Connection, Row, Select, func, select

from annotator.core.paging import Page, Paging
from annotator.services.accounts.people_filter import EVERYONE, PeopleFilter, filtered
from annotator.services.paged_rows import page_of
from annotator.tables import document_table, project_table, user_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    #: A row of :func:`list_users`: username, role, active, last login, has_password.
    ListedUser: TypeAlias = Row[str, str, bool, datetime | None, bool]

#: What a listed user shows: never the password hash, only whether there is one (a user
#: without cannot log in, which the lists say rather than "active").
USER_COLUMNS = (
    user_table.c.username,
    user_table.c.role,
    user_table.c.active,
    user_table.c.last_login,
    user_table.c.password_hash.is_not(None).label("has_password"),
)


def list_users(db: Connection | Session) -> Sequence[ListedUser]:
    """Return every user's :data:`USER_COLUMNS`, in order of username."""
    return users_page(db, None).rows


def users_page(
    db: Connection | Session, paging: Paging | None, filters: PeopleFilter = EVERYONE
) -> Page[ListedUser]:
    """Return a page of the users' :data:`USER_COLUMNS` in order of username (all: None),
    of those ``filters`` keep."""
    query: Select[Any] = select(*USER_COLUMNS).order_by(user_table.c.username)
    query = filtered(query, filters, user_table.c.username_key, user_table.c.role)
    return page_of(db, query, paging)


def list_projects(db: Connection | Session) -> Sequence[Row[int, str, str]]:
    """Return every project's id, slug and name, by slug."""
    project = project_table.c
    return db.execute(select(project.id, project.slug, project.name).order_by(project.slug)).all()


def document_counts(db: Connection | Session) -> dict[int, int]:
    """Return how many documents each project holds (project id -> count; none: absent)."""
    query = select(document_table.c.project_id, func.count()).group_by(document_table.c.project_id)
    return {key: count for key, count in db.execute(query)}
