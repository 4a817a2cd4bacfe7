"""Rows read by many ids on the driver (:mod:`annotator.services.id_rows`): the export's
batches and the review list's count read through it, on SQLite and PostgreSQL alike.

The ids' number is rounded up to a power of two by repeating the last id, and more than
:data:`~annotator.services.id_rows.MOST` are read in several statements: neither may give a
row twice or leave one out.
"""

from __future__ import annotations

from sqlalchemy import select

from annotator.services.id_rows import IDS, MOST, id_rows
from annotator.tables import user_table

_USERS = (
    select(user_table.c.id, user_table.c.username)
    .where(user_table.c.id.op("IN")(IDS))
    .order_by(user_table.c.id)
)


def test_each_row_once_whatever_the_number_of_ids(session, make_user) -> None:
    users = [make_user(f"user{n}") for n in range(5)]
    wanted = sorted((user.id, user.username) for user in users[:3])
    with id_rows(session.connection(), _USERS, [user.id for user in users[:3]]) as rows:
        assert [tuple(row) for row in rows] == wanted  # 3 ids bound as 16
    missing = max(user.id for user in users) + 1
    # More than one statement's worth: the users' ids among ids no row has, in two chunks.
    ids = [*range(missing, missing + MOST), users[0].id, users[4].id]
    with id_rows(session.connection(), _USERS, ids) as rows:
        assert sorted(tuple(row) for row in rows) == sorted(
            (user.id, user.username) for user in (users[0], users[4])
        )
    with id_rows(session.connection(), _USERS, []) as rows:
        assert list(rows) == []
