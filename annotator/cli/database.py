"""``annotator db``: migrations."""

from __future__ import annotations

import click
from flask import Flask, current_app

from annotator import db
from annotator.cli.common import with_app
from annotator.core.wording import counted


def upgrade_database(app: Flask, revision: str = "head") -> None:
    """Create or upgrade the app's database; a new one is built from the models at once."""
    import annotator.models  # noqa: F401  (registers every table on the metadata)

    db.upgrade(app, revision, metadata=db.Base.metadata)


@click.group("db")
def db_group() -> None:
    """Create, upgrade and check the database."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@with_app
def upgrade_command(revision: str) -> None:
    """Create or upgrade the database to the newest revision."""
    upgrade_database(current_app, revision)
    click.echo(f"Database at {db.current_revision(current_app)}: {_safe_url()}")


@db_group.command("current")
@with_app
def current_command() -> None:
    """Print the database's revision."""
    click.echo(db.current_revision(current_app) or "empty (run: annotator db upgrade)")


@db_group.command("check")
@with_app
def check_command() -> None:
    """Fail if the models have drifted from the migrations."""
    db.check(current_app)
    click.echo("No drift between models and migrations.")


@db_group.command("copies")
@with_app
def copies_command() -> None:
    """List the layers that hold a span more than once (stored before the rule), and fail if any.

    Every write refuses a second span of one label and offsets in a layer; a database written
    before may hold some. Each line names the project, the document, the layer and the ids of
    the copies, for a team to remove all but one (a project file holding them will not load).
    """
    from annotator.cli.common import transaction
    from annotator.services.annotation.stored_copies import stored_copies

    with transaction(read_only=True) as session:
        found = stored_copies(session)
    for copy in found:
        ids = ", ".join(map(str, copy.span_ids))
        click.echo(
            f"project {copy.project}, document {copy.document} (#{copy.document_id}), "
            f"layer {copy.layer}: {copy.label!r} at [{copy.start}, {copy.end}) "
            f"{len(copy.span_ids)} times: spans {ids}"
        )
    if found:
        raise click.ClickException(
            f"{counted(len(found), 'span')} stored more than once in a layer"
        )
    click.echo("No layer holds a span more than once.")


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(current_app.config["DATABASE_URL"]).render_as_string(hide_password=True)
