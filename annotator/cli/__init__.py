"""The ``annotator`` command line: a Flask CLI group whose commands call the services."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from annotator.core.version import __version__


def init_app(app: Flask) -> None:
    """Add every command to the app's CLI (so ``flask --app annotator`` has them too)."""
    from annotator.cli import (
        adjudicate,
        agreement,
        assignment,
        assist,
        backup,
        database,
        documents,
        exporting,
        importing,
        projects,
        serve,
        users,
    )

    app.cli.add_command(database.db_group)
    app.cli.add_command(backup.backup_command)
    app.cli.add_command(users.users_group)
    app.cli.add_command(projects.projects_group)
    app.cli.add_command(assignment.assign_command)
    app.cli.add_command(assignment.unassign_command)
    app.cli.add_command(assignment.reassign_command)
    app.cli.add_command(documents.documents_group)
    app.cli.add_command(documents.notes_command)
    app.cli.add_command(adjudicate.adjudicate_group)
    app.cli.add_command(serve.run_command)
    app.cli.add_command(serve.demo_command)
    app.cli.add_command(importing.import_command)
    app.cli.add_command(agreement.agreement_command)
    app.cli.add_command(exporting.export_command)
    app.cli.add_command(assist.assist_group)


def _create_app() -> Flask:
    from annotator import create_app

    # Without the pages and the API: ``run`` and ``demo`` add them before serving.
    return create_app(web=False)


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,  # Flask's would print Flask's and Werkzeug's versions
)
@click.version_option(__version__, prog_name="annotator", message="%(prog)s %(version)s")
def main() -> None:
    """Claim, source and stance annotation: manage the database, users, projects and data."""
