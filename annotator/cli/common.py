"""What every command shares: the app's context, one transaction per command, and errors as
one line on stderr."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError
from annotator.db import get_engine, get_session, sqlite_begin_mode

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
            get_engine()
        except ValueError as exc:  # named by its variable (annotator.db.make_engine)
            raise click.ClickException(str(exc)) from exc
        return command(*args, **kwargs)

    return with_appcontext(checked)


@contextmanager
def transaction(*, read_only: bool = False) -> Iterator[Session]:
    """Yield the session; commit on success, roll back and fail with one line on error.

    :param read_only: begin SQLite transactions DEFERRED, so that a long export or report
        never holds the write lock that a running server's writers wait for.
    """
    mode = sqlite_begin_mode.set("DEFERRED" if read_only else "IMMEDIATE")
    session = get_session()
    try:
        yield session
        session.commit()
    except AnnotatorError as exc:
        session.rollback()
        raise click.ClickException(exc.message) from exc
    except (OperationalError, ProgrammingError) as exc:
        session.rollback()
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


@contextmanager
def naming_write_failures(output: Path) -> Iterator[None]:
    """Turn a failure to create or write ``output`` (no such folder, no permission, a full
    disk) into the one-line reason every command gives, instead of a traceback."""
    try:
        yield
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc


def split_names(value: str | None) -> list[str] | None:
    """Return the names of a comma-separated option (``a,b,c``), or None when not given."""
    if value is None:
        return None
    return [name.strip() for name in value.split(",") if name.strip()]


def as_option(*, required: bool = True) -> Any:
    """The ``--as NAME`` option of a command that acts as a reviewer (gold records who)."""
    return click.option(
        "--as",
        "acting",
        metavar="NAME",
        required=required,
        help="Act as this reviewer or admin: gold records who decided.",
    )
