"""Shared fixtures: a real database (SQLite file, or PostgreSQL), the app, clients, factories.

The suite runs on SQLite by default. With ``ANNOTATOR_TEST_DATABASE_URL`` set (for example
``postgresql+psycopg://127.0.0.1/test``) it runs on PostgreSQL instead, in a fresh database
that it creates on that server for the run and drops afterwards. If that server cannot be
reached the run fails: it never falls back to SQLite silently.
"""

from __future__ import annotations

import faulthandler
import functools
import itertools
import json
import os
import sys
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, delete, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from annotator import create_app
from annotator.config import TestingConfig
from annotator.db import SCHEMA_HEAD, Base, get_sessionmaker
from annotator.engine import get_engine, sqlite_begin_mode
from annotator.tables import ALEMBIC_VERSION
from tests.databases import fresh_database, sqlite_write_lock_holders
from tests.live_server import live_server  # noqa: F401 - the fixture, for every test module

ROOT = Path(__file__).resolve().parent.parent
SEED_SCHEMA = json.loads((ROOT / "seeds" / "schema.json").read_text(encoding="utf-8"))
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A URL of an empty database for this test run."""
    server_url = os.environ.get("ANNOTATOR_TEST_DATABASE_URL")
    with fresh_database(server_url, tmp_path_factory.mktemp("db"), "annotator_test") as url:
        yield url


@pytest.fixture(scope="session")
def _schema(database_url: str) -> None:
    """Create the tables once per run (tests/test_migrations.py checks the migrations)."""
    engine = create_engine(database_url)
    import annotator.models  # noqa: F401

    Base.metadata.create_all(engine)
    # Stamped at the code's revision, as `annotator db upgrade` leaves it: the health check
    # (which live servers are awaited by) reads it.
    with engine.begin() as connection:
        ALEMBIC_VERSION.create(connection)
        connection.execute(ALEMBIC_VERSION.insert().values(version_num=SCHEMA_HEAD))
    engine.dispose()


def _empty_all_tables(app: Flask) -> None:
    try:
        with get_engine(app).begin() as connection:
            if connection.dialect.name == "postgresql":
                from annotator.models import Project

                # The app's lock order, project first (services/write_holds.py): a write a page
                # sent as its test ended holds its project, then its document; deleting the
                # documents first and the projects last would deadlock with it.
                connection.execute(select(Project.id).order_by(Project.id).with_for_update())
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(delete(table))
    except OperationalError as exc:
        # Another connection held the write lock through the whole busy timeout: say which
        # threads of this process were doing what, since the error alone names no holder.
        if "locked" in str(exc):
            holders = sqlite_write_lock_holders(str(get_engine(app).url))
            print(
                f"\nThe tables could not be emptied: the write lock is held by "
                f"{'; '.join(holders) or 'no process /proc/locks names'} (this is pid "
                f"{os.getpid()}); this process's threads:",
                file=sys.stderr,
            )
            faulthandler.dump_traceback(all_threads=True)
        raise


def _finish_streams(app: Flask) -> None:
    """Read to the end the streamed answers a test left unread (see ``SessionAwareClient``)."""
    pending, app.extensions["test_streams"] = app.extensions.get("test_streams", []), []
    for reference in pending:
        response = reference()
        if response is not None:
            response.make_sequence()


@pytest.fixture(scope="session")
def _shared_app(database_url: str, _schema: None) -> Iterator[Flask]:
    """One application (and engine) on the run's database, for every test that needs it.

    Building an app compiles its URL rules and opens a new engine, about a tenth of a
    second: once per run instead of once per test. The ``app`` fixture puts back, after each
    test, what a test may have changed on it.
    """
    settings = {key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()}
    app = create_app(settings | {"DATABASE_URL": database_url})
    app.test_client_class = SessionAwareClient
    app.test_cli_runner_class = SessionAwareRunner
    yield app
    get_engine(app).dispose()


@pytest.fixture
def app(_shared_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The application on the run's database, emptied after each test.

    The app is shared by the run's tests (see ``_shared_app``); each test gets its own
    instance folder, and its changes to the config are undone after it.
    """
    app = _shared_app
    config = dict(app.config)
    app.instance_path = str(tmp_path / "instance")
    app.extensions["test_sessions"] = []
    app.extensions["test_streams"] = []
    yield app
    _finish_streams(app)
    app.extensions["test_sessions"] = []
    app.config.clear()
    app.config.update(config)
    _empty_all_tables(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session of the test's own, outside any app context.

    It is deliberately not the requests' session: with an app context held open, Flask's
    test client would reuse it, and every request would share this session and ``g``.
    The test client ends this session's transaction around every request (see
    :class:`SessionAwareClient`), so requests see what the test wrote and the test then
    reads what the requests committed, never an old snapshot.
    """
    # Reads by the test must not hold SQLite's write lock while a request wants it.
    mode = sqlite_begin_mode.set("DEFERRED")
    own_session = get_sessionmaker(app)(expire_on_commit=True)
    app.extensions.setdefault("test_sessions", []).append(own_session)
    yield own_session
    own_session.close()
    sqlite_begin_mode.reset(mode)


@contextmanager
def _writing(session: Session) -> Iterator[None]:
    """Run a factory's writes in a transaction begun IMMEDIATE on SQLite, then commit it.

    The test's session reads DEFERRED (see ``session``). A DEFERRED transaction that has read
    and then writes fails at once with "database is locked" when another connection committed
    in between: SQLite cannot move a reader's snapshot forward, and its busy timeout does not
    apply. A browser test's server can commit at any moment (a page closing at the end of the
    previous test sends its last note and time report), so a factory's check-then-insert
    (``create_project`` looks for the slug first) ends any read it inherits and takes the write
    lock before its first statement, waiting for it like every writer does.
    """
    session.commit()
    mode = sqlite_begin_mode.set("IMMEDIATE")
    try:
        yield
        session.commit()
    finally:
        sqlite_begin_mode.reset(mode)


def _end_test_transactions(app: Flask) -> None:
    for own_session in app.extensions.get("test_sessions", []):
        own_session.commit()


class SessionAwareClient(FlaskClient):
    """A test client that commits the test's session before and after each request.

    A streamed answer (an export, a project file) keeps its request's context pushed until it
    is read to the end or closed: in the test's thread, where the next request would find that
    context and run in it, sharing its ``g`` and database session, which no real server does.
    So before each request, and when the test ends, the answers still streaming are read to
    the end: what they hold is kept for the test to read, and their context is gone.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        _finish_streams(self.application)
        _end_test_transactions(self.application)
        try:
            response = super().open(*args, **kwargs)
        finally:
            _end_test_transactions(self.application)
        if response.is_streamed:
            self.application.extensions.setdefault("test_streams", []).append(weakref.ref(response))
        return response


class SessionAwareRunner(FlaskCliRunner):
    """A CLI runner that commits the test's session before and after each command."""

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        _end_test_transactions(self.app)
        try:
            return super().invoke(*args, **kwargs)
        finally:
            _end_test_transactions(self.app)


@functools.cache
def _password_hash(password: str) -> str:
    """The real salted hash of ``password``, made once per run for the users tests make.

    Hashing a password (scrypt) takes a fifth of a second on a busy machine, and the tests
    make some four hundred users: reusing one real hash per password for the users they make
    saves more than a minute. Logging in still checks that hash with the real code, and
    tests of the services that set a password (``annotator users create``) make their own.
    """
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password)


#: Login-session epochs for the users tests make, never the same twice in a run: a request
#: still in flight from the previous test's browser page, such as the time report a closing
#: page sends, must not be signed in as this test's user. Since ids are never given again
#: (AUTOINCREMENT on SQLite too) its session names a user who is gone anyway; the epochs
#: stay as a second guard, for nothing.
_SESSION_EPOCHS = itertools.count(1)


@pytest.fixture
def make_user(session: Session) -> Any:
    """Create and commit a user: ``make_user("alice", "annotator")``.

    The user is made by the real service, except that the hash of the password is the run's
    one for that password (see ``_password_hash``).
    """
    from annotator.services.accounts import users

    def make(username: str, role: str = "annotator", password: str = PASSWORD) -> Any:
        with _writing(session), mock.patch.object(users, "generate_password_hash", _password_hash):
            user = users.create_user(session, username, role, password)
            user.session_epoch = next(_SESSION_EPOCHS)
        return user

    return make


@pytest.fixture
def make_token(session: Session) -> Any:
    """Create and commit an API token for a user; return the ``Authorization`` headers."""
    from annotator.services.accounts.tokens import create_token
    from tests.helpers import bearer

    def make(user: Any) -> dict[str, str]:
        with _writing(session):
            token = create_token(session, user)
        return bearer(token)

    return make


@pytest.fixture
def admin_headers(make_user: Any, make_token: Any) -> dict[str, str]:
    """Create the global admin ``ada``; return the ``Authorization`` headers of a token of hers."""
    return make_token(make_user("ada", "admin"))


@pytest.fixture
def make_project(session: Session) -> Any:
    """Create and commit a project with the seed schema (or the one given)."""
    from annotator.services.accounts.projects import create_project

    def make(slug: str = "demo", schema: dict[str, Any] | None = None, name: str = "") -> Any:
        with _writing(session):
            project = create_project(session, slug, name or slug, schema or SEED_SCHEMA)
        return project

    return make


@pytest.fixture
def make_document(session: Session) -> Any:
    """Add and commit a document through the real normaliser and sentence splitter."""
    from annotator.services.datasets.documents import add_document

    def make(project: Any, text: str, external_id: str | None = None, **kwargs: Any) -> Any:
        with _writing(session):
            document, _ = add_document(
                session, project, external_id or f"doc-{uuid.uuid4().hex[:8]}", text, **kwargs
            )
        return document

    return make


@pytest.fixture
def assign(session: Session) -> Any:
    """Assign a document to users (directly, without the assignment service's balancing).

    Each becomes a member of the project (an annotator unless they are one already), as an
    assignment makes them: access to a document is an assignment and the membership alike.
    """
    from annotator.models import Assignment, Project
    from annotator.services.accounts import membership

    def make(document: Any, *users: Any) -> None:
        with _writing(session):
            for user in users:
                session.add(Assignment(document_id=document.id, user_id=user.id))
            project = session.get(Project, document.project_id)
            # The membership as a row, not as the assignment service's add_annotators makes
            # it: that logs member.set, an admin's act, where this is a test's starting state.
            for user in users:
                if membership.find_member(session, project, user) is None:
                    membership.set_member(session, project, user, "annotator")

    return make


@pytest.fixture
def make_world(
    session: Session,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> Any:
    """Set up what a test works on (committed, so a browser's server sees it too).

    ``make_world({"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt"),
    other=(TEXT2, "b.txt", {"title": "B"}))`` makes the users with those global roles, the
    project ``demo`` (or ``slug``, named ``name``, with ``schema``), each document named by a
    keyword from its text, external id and other arguments of ``make_document``; assigns every
    document to every annotator; and gives each user an API token. The answer has the users
    and the documents as attributes by those names, ``project``, and ``tokens``: each user's
    ``Authorization`` headers by name.

    ``members={"man": "manager", "ann": "annotator"}`` makes those users the project's members
    in those project roles instead, as rows (a starting state, not an admin's logged act),
    and assigns nobody anything: a project whose work is not handed out yet, or is handed
    out by the test itself. ``tokens=False`` gives nobody a token: for a test that counts
    what a user's tokens add (a token revoked is logged).
    """
    from annotator.services.accounts import membership

    def make(
        people: dict[str, str],
        *,
        slug: str = "demo",
        name: str = "",
        schema: dict[str, Any] | None = None,
        members: dict[str, str] | None = None,
        tokens: bool = True,
        **documents: tuple[Any, ...],
    ) -> SimpleNamespace:
        users = {username: make_user(username, role) for username, role in people.items()}
        project = make_project(slug, schema=schema, name=name)
        made = {}
        for key, (text, external_id, *more) in documents.items():
            made[key] = make_document(project, text, external_id, **(more[0] if more else {}))
        if members is None:
            annotators = [user for user in users.values() if user.role == "annotator"]
            for document in made.values():
                assign(document, *annotators)
        else:
            with _writing(session):
                for username, role in members.items():
                    membership.set_member(session, project, users[username], role)
        headers = {name: make_token(user) for name, user in users.items()} if tokens else {}
        return SimpleNamespace(project=project, tokens=headers, **users, **made)

    return make


@pytest.fixture
def make_span_writers(
    make_user: Any, make_token: Any, make_project: Any, make_document: Any, assign: Any
) -> Any:
    """Return a maker of the span-write tests' world: ``make_span_writers(TEXT)``.

    It makes a document of that text in the project ``demo``, assigned to the annotator
    alice, and the reviewer rita; the answer holds ``document_id``, ``alice_id`` and each
    user's ``Authorization`` headers by name (``alice``, ``rita``).
    """

    def make(text: str) -> dict[str, Any]:
        alice = make_user("alice", "annotator")
        rita = make_user("rita", "reviewer")
        document = make_document(make_project(), text)
        assign(document, alice)
        return {
            "document_id": document.id,
            "alice_id": alice.id,
            "alice": make_token(alice),
            "rita": make_token(rita),
        }

    return make
