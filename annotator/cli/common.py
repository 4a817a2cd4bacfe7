"""What every command shares: the app's context, one transaction per command, and errors as
one line on stderr."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from flask.cli import with_appcontext
from sqlalchemy import Connection
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, ProgrammingError

from annotator.core.comma_lists import comma_separated
from annotator.core.errors import AnnotatorError, SettingsError
from annotator.engine import get_connection, get_engine, sqlite_begin_mode
from annotator.startup import refuse_to_start

if TYPE_CHECKING:  # the ORM is imported by the commands that use a session, not by every one
    from annotator.db import AppSession

_Handle = TypeVar("_Handle", "AppSession", Connection)
#: The port a URL without one reaches.
_DEFAULT_PORTS = {"postgresql": 5432}
_Result = TypeVar("_Result")


def with_app(command: Callable[..., _Result]) -> Callable[..., _Result]:
    """Run a command in the app's context, refusing first, in one line, a database setting
    that cannot be used.

    The app is made all the same (help needs none of its database), by the ``annotator``
    program or by ``flask --app annotator``; the setting's reason would otherwise come out of
    the command's first use of the database as a traceback.
    """

    @functools.wraps(command)
    def checked(*args: Any, **kwargs: Any) -> _Result:
        try:
            engine = get_engine()
        except SettingsError as exc:  # named by its variable (annotator.engine.make_engine)
            refuse_to_start(exc)  # here too for `flask --app annotator`, whose group is Flask's
        try:
            return command(*args, **kwargs)
        except OperationalError as exc:
            if exc.statement is not None:  # the database answered: not a connection problem
                raise
            # A command that connects outside transaction() (db upgrade, current, check).
            raise click.ClickException(unreachable(engine.url, exc)) from exc

    return with_appcontext(checked)


def unreachable(url: URL, exc: OperationalError) -> str:
    """Say in one line that the database of ``url`` could not be reached, naming its server
    (host and port, never the password) or its file, and the driver's reason."""
    reason = str(exc.orig).strip().splitlines()[0]
    if url.host:
        port = url.port or _DEFAULT_PORTS.get(url.get_backend_name()) or "its default port"
        what = f"reach the database server at {url.host}:{port}"
        hint = "check ANNOTATOR_DATABASE_URL, and that the server is up"
    else:
        what = f"open the database {url.database or '(in memory)'}"
        hint = "check ANNOTATOR_DATABASE_URL"
    return f"cannot {what} ({reason}); {hint}"


@contextmanager
def transaction(*, read_only: bool = False) -> Iterator[AppSession]:
    """Yield the session; commit on success, roll back and fail with one line on error.

    :param read_only: begin SQLite transactions DEFERRED, so that a long export or report
        never holds the write lock that a running server's writers wait for.
    """
    from annotator.db import get_session  # here: a command that only reads() needs no ORM

    with _one_transaction(get_session, read_only=read_only) as session:
        yield session


@contextmanager
def reading() -> Iterator[Connection]:
    """Yield the app's Core connection in a read-only transaction, ended as :func:`transaction`'s.

    For commands that only list rows through Core (:mod:`annotator.tables`): they never
    import the ORM, which with the models' mapping was half of such a command's start-up.
    """
    with _one_transaction(get_connection, read_only=True) as connection:
        yield connection


@contextmanager
def _one_transaction(open_handle: Callable[[], _Handle], *, read_only: bool) -> Iterator[_Handle]:
    """Open a session or connection; commit on success, roll back and fail in one line on error.

    The handle is opened inside, so that a database that cannot be reached fails here too.
    """
    require_database()
    mode = sqlite_begin_mode.set("DEFERRED" if read_only else "IMMEDIATE")
    handle: _Handle | None = None
    try:
        handle = open_handle()
        yield handle
        handle.commit()
    except AnnotatorError as exc:
        if handle is not None:
            handle.rollback()
        raise click.ClickException(exc.message) from exc
    except (OperationalError, ProgrammingError) as exc:
        if handle is not None:
            handle.rollback()
        reason = str(exc.orig).strip().splitlines()[0]
        if exc.statement is None:
            # Failed before any statement ran: the database could not be reached or opened.
            hint = "check ANNOTATOR_DATABASE_URL, and that the database server is up"
        else:
            # The usual cause of a failed statement is a database never created or upgraded.
            hint = "did you run 'annotator db upgrade'?"
        raise click.ClickException(f"database error: {reason} ({hint})") from exc
    finally:
        sqlite_begin_mode.reset(mode)


def require_database() -> None:
    """Fail in one line when the app's SQLite database file is not there yet.

    Connecting would make an empty file there, and the command's first query fail on its
    missing tables: only ``db upgrade`` (and ``demo``, which upgrades) makes the database.
    """
    missing = missing_database_file(get_engine().url)
    if missing is not None:
        raise click.ClickException(f"no database at {missing}: run 'annotator db upgrade' first")


def missing_database_file(url: URL) -> Path | None:
    """Return the SQLite file ``url`` names when there is none there yet (else None: another
    database, memory, an opening by URI, or a file that is there)."""
    if url.get_backend_name() != "sqlite" or url.query.get("uri"):
        return None
    name = url.database
    if not name or name == ":memory:":
        return None
    path = Path(name)
    return None if path.exists() else path


@contextmanager
def naming_write_failures(output: Path) -> Iterator[None]:
    """Turn a failure to create or write ``output`` (no such folder, no permission, a full
    disk) into the one-line reason every command gives, instead of a traceback."""
    try:
        yield
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """Yield a ``progress(done, total)`` callback that draws a bar of documents, closed at the end.

    The bar is made at the first call: only a long run draws one, and others skip the import.
    """
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            # disable=None: draw the bar only on a terminal, so logs and pipes stay clean.
            from tqdm import tqdm

            bar = tqdm(total=total, unit="doc", desc=description, disable=None, leave=False)
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()


def split_names(value: str | None) -> list[str] | None:
    """Return the names of a comma-separated option (``a,b,c``), or None when not given."""
    return None if value is None else comma_separated(value)


def as_option(*, required: bool = True) -> Any:
    """The ``--as NAME`` option of a command that acts as a reviewer (gold records who)."""
    return click.option(
        "--as",
        "acting",
        metavar="NAME",
        required=required,
        help="Act as this reviewer or admin: gold records who decided.",
    )
