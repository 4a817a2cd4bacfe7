"""``annotator import``: load documents from files and folders."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import with_appcontext
from tqdm import tqdm

from annotator.cli.common import transaction
from annotator.core.errors import ImportFailed
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.annotated_import import DatasetOptions
from annotator.services.datasets.imports import import_paths, iter_problems

# Problems listed on stderr when an import fails; the rest are counted.
SHOWN_PROBLEMS = 20


@click.command("import")
@click.argument("slug")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--create-users",
    is_flag=True,
    help="Create annotators named in the files that do not exist yet.",
)
@click.option(
    "--annotator",
    default=None,
    metavar="NAME",
    help="The layer (a username, or gold) of doccano or Label Studio records "
    "that name no annotator.",
)
@with_appcontext
def import_command(
    slug: str, paths: tuple[str, ...], create_users: bool, annotator: str | None
) -> None:
    """Import documents from PATHS into the project SLUG, all or nothing.

    A PATH is a file or a folder (read recursively, hidden files ignored, files of other
    types skipped and listed). Formats, by extension: .txt (one document per file, its id
    is its path inside the folder, or its file name), .jsonl (one record per line), .json
    (an array of records), .csv (a 'text' column; 'id' and 'title' columns are optional,
    other columns go into meta). A JSON record is {"text", "id"?, "title"?, "meta"?}; a
    record without an id gets FILE:LINE. Files must be UTF-8.

    Records may bring annotations: the jsonl export (annotations, gold), doccano JSONL
    (label, or entities and relations) and Label Studio JSON tasks. Annotators are matched by
    name; every span's text must match its offsets.

    If anything is wrong, every problem is listed as FILE:LINE: message and nothing is
    imported. Importing an id again with the same text changes nothing; with another
    text it is refused.
    """
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            # disable=None: draw the bar only on a terminal, so logs and pipes stay clean.
            bar = tqdm(total=total, unit="doc", desc="Importing", disable=None, leave=False)
        bar.update(done - bar.n)

    try:
        with transaction() as session:
            project = get_project(session, slug)
            options = DatasetOptions(create_users=create_users, annotator=annotator)
            report = import_paths(session, project, paths, progress=progress, options=options)
    except click.ClickException as exc:
        if isinstance(exc.__cause__, ImportFailed):
            _print_problems(exc.__cause__)
            raise click.exceptions.Exit(1) from exc
        raise
    finally:
        if bar is not None:
            bar.close()
    for skipped in report.skipped:
        click.echo(f"Skipped {skipped['file']}: {skipped['reason']}", err=True)
    click.echo(report.summary())


def _print_problems(failure: ImportFailed) -> None:
    """Print the reason and each problem as ``FILE:LINE: message`` on stderr."""
    click.echo(f"Error: {failure.message}", err=True)
    details = failure.details or []
    for line in iter_problems(details[:SHOWN_PROBLEMS]):
        click.echo(f"  {line}", err=True)
    # The details of a huge failure are capped; the service keeps the full count.
    total = getattr(failure, "problem_count", len(details))
    if total > SHOWN_PROBLEMS:
        click.echo(f"  ... and {total - SHOWN_PROBLEMS} more", err=True)
