"""``annotator import``: load documents from files and folders."""

from __future__ import annotations

import click

from annotator.cli.common import progress_bar, transaction, with_app
from annotator.core.errors import ImportFailed
from annotator.core.formats.label_map import MAP_SYNTAX
from annotator.core.formats.option_words import COMMAND_LINE
from annotator.core.formats.read_options import DEFAULT_ENCODING, ENCODINGS, read_options
from annotator.core.formats.records import skipped_said
from annotator.core.wording import counted
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.import_refusal import iter_problems
from annotator.services.datasets.import_sources import IMPORT_FORMATS
from annotator.services.datasets.imports import import_paths
from annotator.services.datasets.uploads import record_import

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
    help="The layer (a username, or gold) of doccano or Label Studio records, plain CoNLL "
    "files and brat files at the top of a corpus, which name no annotator.",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(IMPORT_FORMATS),
    default=None,
    help="Read PATHS as another tool's corpus: brat (folders or zips of .txt and .ann, or "
    "the files themselves) or "
    "conll (our conll export, or TOKEN ... TAG columns). Default: each file by its extension.",
)
@click.option(
    "--map",
    "label_map",
    metavar="SPEC",
    default=None,
    help=f"For a corpus (--format) and for doccano, Label Studio and jsonl records: {MAP_SYNTAX}",
)
@click.option(
    "--texts-only",
    is_flag=True,
    help="With --format: bring the documents and their sentences in with no annotation "
    "layer, to annotate from scratch; the files' annotations are left out, counted.",
)
@click.option(
    "--skip-same-texts",
    is_flag=True,
    help="Leave out a new document whose text the project (or an earlier document of this "
    "import) already has, listed as skipped with the id of the document it repeats. "
    "Default: store it, with a warning.",
)
@click.option(
    "--encoding",
    type=click.Choice(list(ENCODINGS)),
    default=DEFAULT_ENCODING,
    show_default=True,
    help="The files' encoding, a corpus's (--format) too: cp1252 is what Excel writes for "
    "a CSV on Windows.",
)
@click.option(
    "--text-column", metavar="NAME", help="The .csv column holding the text (default: text)."
)
@click.option("--id-column", metavar="NAME", help="The .csv column holding the id (default: id).")
@click.option(
    "--title-column", metavar="NAME", help="The .csv column holding the title (default: title)."
)
@click.option(
    "--meta-columns",
    metavar="A,B",
    help="The .csv columns kept in meta (default: every column not read as text, id, title).",
)
@with_app
def import_command(
    slug: str,
    paths: tuple[str, ...],
    create_users: bool,
    annotator: str | None,
    format_: str | None,
    label_map: str | None,
    texts_only: bool,
    skip_same_texts: bool,
    encoding: str,
    text_column: str | None,
    id_column: str | None,
    title_column: str | None,
    meta_columns: str | None,
) -> None:
    """Import documents from PATHS into the project SLUG, all or nothing.

    A PATH is a file or a folder (read recursively, hidden files ignored, files of other
    types skipped and listed). Formats, by extension: .txt (one document per file, its id
    is its path inside the folder, or its file name), .jsonl (one record per line), .json
    (an array of records), .csv (a 'text' column; 'id' and 'title' columns are optional,
    other columns go into meta; --text-column and the others choose other columns). A JSON
    record is {"text", "id"?, "title"?, "meta"?}; a record without an id gets FILE:LINE.
    Files are UTF-8 unless --encoding says otherwise.

    Records may bring annotations: the jsonl export (annotations, gold), doccano JSONL
    (label, or entities and relations) and Label Studio JSON tasks. Annotators are matched by
    name; every span's text must match its offsets. --map renames their labels to ours
    (Person=SOURCE); =ATTRIBUTED_TO types Label Studio's relations that have no label.

    With --format brat, a sub-folder's name is the annotator of the .ann files in it
    (alice/doc.ann; a folder named gold holds gold), files at the top belong to --annotator;
    a zip of one folder holding the .txt files (corpus/doc.txt, corpus/doc.ann) is that
    corpus, its .ann files --annotator's. Each folder read as an annotator is said (Note:).

    If anything is wrong, every problem is listed as FILE:LINE: message and nothing is
    imported. Importing an id again with the same text changes nothing; with another
    text it is refused. A new id with a text already there is stored and warned of, or,
    with --skip-same-texts, left out and listed.
    """
    with progress_bar("Importing") as progress:
        try:
            with transaction() as session:
                project = get_project(session, slug)
                options = DatasetOptions(
                    create_users=create_users,
                    annotator=annotator,
                    label_map=label_map,
                    words=COMMAND_LINE,
                    texts_only=texts_only,
                    skip_same_texts=skip_same_texts,
                    reading=read_options(
                        encoding, text_column, id_column, title_column, meta_columns
                    ),
                )
                report = import_paths(
                    session, project, paths, progress=progress, options=options, format=format_
                )
                # Recorded like an import from the page or the API, as the command line's.
                record_import(session, project, None, report, [str(path) for path in paths])
        except click.ClickException as exc:
            if isinstance(exc.__cause__, ImportFailed):
                _print_problems(exc.__cause__)
                raise click.exceptions.Exit(1) from exc
            raise
    for skipped in report.skipped:
        click.echo(f"Skipped {skipped_said(skipped)}", err=True)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for notice in report.notices:
        click.echo(f"Note: {notice}", err=True)
    click.echo(report.summary())


def _print_problems(failure: ImportFailed) -> None:
    """Print the reason and each problem as ``FILE:LINE: message`` on stderr."""
    details = failure.details or []
    # The details of a huge failure are capped; the service keeps the full count.
    total = getattr(failure, "problem_count", len(details))
    if total <= 1 or not details:
        click.echo(f"Error: {failure.message}", err=True)
        return  # the reason is that problem, said once
    # The message names the first problem too (for API clients, who read one line): here the
    # list below says each once.
    click.echo(f"Error: nothing was imported: {counted(total, 'problem')}, listed below:", err=True)
    for line in iter_problems(details[:SHOWN_PROBLEMS]):
        click.echo(f"  {line}", err=True)
    if total > SHOWN_PROBLEMS:
        click.echo(f"  ... and {total - SHOWN_PROBLEMS} more", err=True)
