"""``annotator projects``: create, list, edit, delete, dump and load projects."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import click

from annotator.cli.common import naming_write_failures, reading, transaction, with_app
from annotator.core.formats.project_file import EXTENSION
from annotator.core.formats.project_people import PEOPLE
from annotator.core.wording import counted

# The services (and YAML, the dump and load formats) are imported inside each command, so that
# `annotator projects list` loads only what listing needs.


@click.group("projects")
def projects_group() -> None:
    """Create, list, edit, delete, dump and load projects."""


def _read_utf8(path: Path) -> str:
    """Return a file's text, naming the file and line of a byte that is not UTF-8."""
    from annotator.core.formats.readers import decode
    from annotator.core.formats.records import FormatError

    try:
        return decode(path.read_bytes())
    except FormatError as exc:
        raise click.ClickException(f"{path}:{exc.line}: {exc.message}") from None


def read_schema_file(path: Path) -> object:
    """Parse a JSON or YAML schema file, naming the file, line and column of a syntax error."""
    from annotator.core.schema_text import SchemaSyntaxError, parse_schema_text

    text = _read_utf8(path)
    try:
        return parse_schema_text(text, path.name)
    except SchemaSyntaxError as exc:
        where = f"{path}:{exc.line}:{exc.column}" if exc.line is not None else str(path)
        raise click.ClickException(f"{where}: invalid {exc.kind}: {exc.problem}") from exc


def read_guidelines_file(path: Path) -> str:
    """Read a Markdown guidelines file, naming the file and line of what cannot be stored.

    Checked here, before the text joins the schema, so that a problem of this file is not
    reported as one of the schema file.
    """
    from annotator.core.text import unstorable_reason

    text = _read_utf8(path)
    reason = unstorable_reason(text)
    if reason is not None:
        # A file's text decoded from UTF-8 holds no lone surrogate: the reason is a NUL.
        line = text.count("\n", 0, max(text.find("\x00"), 0)) + 1
        raise click.ClickException(f"{path}:{line}: this line {reason}")
    return text


@projects_group.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="The project's display name.")
@click.option(
    "--schema",
    "schema_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The label schema, a JSON or YAML (.yaml, .yml) file (see seeds/schema.json)"
    " [default: the default claim, source and stance scheme].",
)
@click.option(
    "--guidelines",
    "guidelines_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Annotation guidelines in Markdown, replacing the schema's 'guidelines'.",
)
@with_app
def create_command(
    slug: str, name: str, schema_path: Path | None, guidelines_path: Path | None
) -> None:
    """Create the project SLUG with the label schema of --schema FILE.

    Without --schema it gets the default scheme, as a project made on the New project page
    or by POST /api/v1/projects without one does.
    """
    from annotator.core.errors import Invalid, SchemaError
    from annotator.services.accounts.project_admin import add_project

    schema = None if schema_path is None else read_schema_file(schema_path)
    guidelines = None if guidelines_path is None else read_guidelines_file(guidelines_path)
    with transaction() as session:
        try:
            project = add_project(session, None, slug, name, schema=schema, guidelines=guidelines)
        except SchemaError as exc:  # only the schema's problems are the file's
            raise Invalid(f"{schema_path}: {exc.message}") from exc
    click.echo(f"Created project {project.slug} ({project.name}).")


@projects_group.command("list")
@with_app
def list_command() -> None:
    """List the projects with their number of documents."""
    from annotator.services.accounts.directory import document_counts, list_projects

    with reading() as connection:
        counts = document_counts(connection)
        for project in list_projects(connection):
            documents = counted(counts.get(project.id, 0), "document")
            click.echo(f"{project.slug}\t{documents}\t{project.name}")


@projects_group.command("edit")
@click.argument("slug")
@click.option("--name", help="The project's new display name.")
@click.option(
    "--guidelines",
    "guidelines_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Annotation guidelines in Markdown, replacing the current ones.",
)
@click.option(
    "--per-document",
    # Refused as the option it is, not as a line of the schema it is stored in.
    type=click.IntRange(min=1),
    default=None,
    help="Annotators per document, the default of `annotator assign`.",
)
@with_app
def edit_command(
    slug: str, name: str | None, guidelines_path: Path | None, per_document: int | None
) -> None:
    """Change the name, guidelines or annotators per document of the project SLUG.

    Labels are not changed here; existing assignments stay as they are.
    """
    from annotator.services.accounts.project_admin import edit_project
    from annotator.services.accounts.projects import get_project

    if name is None and guidelines_path is None and per_document is None:
        raise click.UsageError("give at least one of --name, --guidelines, --per-document")
    guidelines = None
    if guidelines_path is not None:
        guidelines = read_guidelines_file(guidelines_path)
    with transaction() as session:
        project = edit_project(
            session,
            get_project(session, slug),
            None,  # the command line: nobody logged in (recorded as such)
            name=name,
            guidelines=guidelines,
            annotators_per_document=per_document,
        )
        shown = project.name
    click.echo(f"Updated project {slug} ({shown}).")


@projects_group.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_app
def delete_command(slug: str, yes: bool) -> None:
    """Delete the project SLUG with all its documents and annotations, gold included.

    This cannot be undone: export first.
    """
    from annotator.services.accounts.directory import document_counts
    from annotator.services.accounts.project_admin import remove_project
    from annotator.services.accounts.projects import get_project

    if not yes:
        click.confirm(f"Delete project {slug} with all its documents and annotations?", abort=True)
    with transaction() as session:
        project = get_project(session, slug)
        count = document_counts(session).get(project.id, 0)
        remove_project(session, project, None)
    click.echo(f"Deleted project {slug} and its {counted(count, 'document')}.")


@projects_group.command("dump")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help=f"The file to write (- for stdout); by convention named SLUG.{EXTENSION}.",
)
@with_app
def dump_command(slug: str, output: Path) -> None:
    """Write the whole project SLUG to one file, for `annotator projects load`.

    The file holds the schema and its versions, the documents with their sentences, every
    layer (gold and suggestions included) with its ids, provenance and times, assignments with
    their history, notes, members and suggestion models: a gzip of JSON lines.
    """
    from annotator.services.accounts.projects import get_project
    from annotator.services.datasets.project_dump import dump_project

    to_stdout = str(output) == "-"
    partial = output.with_name(output.name + ".part")
    with transaction(read_only=True) as session:
        dump = dump_project(session, get_project(session, slug))
        if to_stdout:
            # click.open_file("-") is stdout's binary stream, left open on leaving the block.
            with click.open_file("-", "wb") as out:
                for chunk in dump.chunks:
                    out.write(chunk)
                out.flush()
            return
        # Written beside the target and renamed at the end: a failed dump leaves no half file.
        try:
            with naming_write_failures(output), partial.open("wb") as file:
                for chunk in dump.chunks:
                    file.write(chunk)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(output)
    click.echo(f"Dumped project {slug} to {output}.", err=True)


@projects_group.command("load")
@click.argument("file", type=click.File("rb"))
@click.option("--slug", default=None, help="Load the project under this slug instead of its own.")
@click.option(
    "--name",
    default=None,
    help="Name the loaded project so. By default it keeps its own name, followed by its slug"
    " when a project here has that name already (and a number when that is taken too).",
)
@click.option(
    "--people",
    type=click.Choice(list(PEOPLE)),
    default="all",
    show_default=True,
    help="What of the file's people comes too: all (members, assignments and the annotators'"
    " work, as in the file), members (members only: no assignments, no annotators' layers),"
    " none (neither, and no user is made: names no user has here are left out, said on"
    " stderr). For a copy on the server it came from, so that its annotators do not see the"
    " same work twice.",
)
@with_app
def load_command(file: IO[bytes], slug: str | None, name: str | None, people: str) -> None:
    """Recreate a project from FILE, written by `annotator projects dump` (- for stdin).

    All or nothing: a problem anywhere in the file (named by line and field) stores nothing.
    The project's slug must be free, or give --slug. Users are matched by name; missing ones
    are created disabled, without a password.

    The loaded project exports the same jsonl as the original, span and relation ids
    included, when none of those ids is taken in this database (a new database, a move
    between machines). When some are, that kind (spans, relations) is numbered anew, keeping
    every relation's spans and each layer's order, and a line on stderr says how many ids
    were taken. Label values' ids follow the same rule, so that their history names them.
    Files written before format version 4 hold no ids (before 5, none of label values):
    those items are always numbered anew.
    """
    from annotator.core.errors import Conflict, Invalid
    from annotator.core.formats.project_file import ProjectFileError
    from annotator.services.datasets.project_load import load_project

    with transaction() as session:
        try:
            report = load_project(session, file, None, slug, name, people)
        except ProjectFileError as exc:  # name the file, as an import's problems do
            raise Invalid(f"{file.name}: {exc.message}") from exc
        except Conflict as exc:  # the slug is taken: the page and the API name their own field
            raise Conflict(f"{exc.message} (--slug NEW_SLUG)") from exc
        shown = report.project.slug
    for said in report.warnings():  # on stderr, as every warning of a command
        click.echo(f"{said[:1].upper()}{said[1:]}.", err=True)
    click.echo(f"Loaded project {shown} with {counted(report.documents, 'document')}.")
    if report.created_users:
        click.echo(
            "Created disabled users (enable them and set passwords to let them log in): "
            + ", ".join(report.created_users)
        )
