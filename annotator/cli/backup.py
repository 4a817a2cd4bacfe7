"""``annotator backup``: a consistent copy of the database while the server runs."""

from __future__ import annotations

import click
from flask import current_app

from annotator.cli.common import with_app
from annotator.core.errors import AnnotatorError
from annotator.services.backup import backup_sqlite, is_sqlite, pg_dump_command


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@with_app
def backup_command(path: str) -> None:
    """Write a consistent copy of the SQLite database to PATH, safe while it serves.

    The copy is checked with PRAGMA integrity_check before it takes PATH's name; the command
    fails if the check does not answer ok. To restore, stop the server and copy the file back
    over the database. For PostgreSQL, this prints the pg_dump command to run instead (and
    exits with status 1, as no backup was written); restore with pg_restore.
    """
    url = current_app.config["DATABASE_URL"]
    if not is_sqlite(url):
        click.echo(pg_dump_command(url, path))
        raise click.ClickException(
            "this command copies SQLite databases; for PostgreSQL run the pg_dump command "
            "above (its password comes from PGPASSWORD or ~/.pgpass)"
        )
    try:
        written = backup_sqlite(url, path)
    except AnnotatorError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Backed up to {written} (integrity_check: ok).")
