"""``annotator projects`` and ``annotator assign``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from annotator.cli.common import transaction
from annotator.core.errors import Invalid
from annotator.services.accounts.assignment import assign_documents
from annotator.services.accounts.projects import (
    create_project,
    document_counts,
    get_project,
    list_projects,
)
from annotator.services.accounts.users import find_user


@click.group("projects")
def projects_group() -> None:
    """Create and list projects."""


def read_schema_file(path: Path) -> object:
    """Parse a schema file, naming the file, line and column of a JSON syntax error."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.ClickException(
            f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
        ) from exc


@projects_group.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="The project's display name.")
@click.option(
    "--schema",
    "schema_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The label schema, a JSON file (see seeds/schema.json).",
)
@click.option(
    "--guidelines",
    "guidelines_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Annotation guidelines in Markdown, replacing the schema's 'guidelines'.",
)
@with_appcontext
def create_command(slug: str, name: str, schema_path: Path, guidelines_path: Path | None) -> None:
    """Create the project SLUG with the label schema in FILE."""
    schema = read_schema_file(schema_path)
    if guidelines_path is not None and isinstance(schema, dict):
        schema["guidelines"] = guidelines_path.read_text(encoding="utf-8-sig")
    with transaction() as session:
        try:
            project = create_project(session, slug, name, schema)
        except Invalid as exc:
            raise Invalid(f"{schema_path}: {exc.message}") from exc
    click.echo(f"Created project {project.slug} ({project.name}).")


@projects_group.command("list")
@with_appcontext
def list_command() -> None:
    """List the projects with their number of documents."""
    with transaction() as session:
        counts = document_counts(session)
        for project in list_projects(session):
            click.echo(f"{project.slug}\t{counts.get(project.id, 0)} documents\t{project.name}")


@click.command("assign")
@click.argument("slug")
@click.option("--annotators", required=True, help="Comma-separated usernames: a,b,c.")
@click.option(
    "--per-document",
    type=int,
    default=None,
    help="Annotators per document [default: the schema's annotators_per_document, else 2].",
)
@with_appcontext
def assign_command(slug: str, annotators: str, per_document: int | None) -> None:
    """Give each document of SLUG K distinct annotators, balancing their loads.

    Running it again keeps every existing assignment and only fills the gaps, so it is safe
    after importing more documents.
    """
    names = [name.strip() for name in annotators.split(",") if name.strip()]
    with transaction() as session:
        project = get_project(session, slug)
        users = [find_user(session, name) for name in names]
        unknown = [name for name, user in zip(names, users, strict=True) if user is None]
        if unknown:
            raise Invalid(f"unknown users: {', '.join(unknown)}")
        k = per_document or project.schema.get("annotators_per_document") or 2
        report = assign_documents(session, project, [u for u in users if u], k)
    loads = ", ".join(f"{name} {count}" for name, count in report.loads.items())
    click.echo(
        f"{report.created} new assignments over {report.documents} documents "
        f"({k} per document). Loads: {loads}."
    )
