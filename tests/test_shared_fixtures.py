"""The shared factories of tests/conftest.py keep one test's world apart from the next's.

Browser tests share one live server with the run; these hold the two properties their set-up
relies on when that server is still busy with the previous test's last requests.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from annotator.engine import get_engine
from annotator.models import Project, User
from tests.helpers import login


def test_a_factory_writes_after_another_connection_committed_during_the_tests_read(
    app: Flask, session: Session, make_project: Any
) -> None:
    # The test's session has read, so on SQLite it holds a snapshot of the database...
    assert session.scalars(select(Project)).all() == []
    # ...when another connection (the live server, in a browser test) commits a write.
    with get_engine(app).begin() as server:
        server.execute(insert(User).values(username="elsewhere", role="annotator"))
    # A write in that old snapshot fails at once with "database is locked"; the factory
    # starts a transaction of its own that waits for the lock.
    project = make_project("late")
    assert session.scalar(select(Project.slug).where(Project.id == project.id)) == "late"


def test_a_login_of_an_earlier_user_does_not_sign_in_a_later_user_with_the_same_id(
    app: Flask, session: Session, client: Any, make_user: Any
) -> None:
    first = make_user("alice")
    assert login(client, "alice").status_code == 302
    assert client.get("/").status_code == 200
    first_id = first.id
    # What emptying the tables between two tests does, then the next test's user.
    session.execute(delete(User))
    session.commit()
    second = make_user("alice")
    # SQLite gives the id again; PostgreSQL's sequence does not, so the test gives it there.
    session.execute(update(User.__table__).where(User.id == second.id).values(id=first_id))
    session.commit()
    assert client.get("/").status_code == 302  # the old cookie signs nobody in
    assert login(client, "alice").status_code == 302
    assert client.get("/").status_code == 200
