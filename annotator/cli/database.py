"""``annotator db``: migrations."""

from __future__ import annotations

import click
from flask import Flask, current_app

from annotator import db
from annotator.cli.common import with_app


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


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(current_app.config["DATABASE_URL"]).render_as_string(hide_password=True)
