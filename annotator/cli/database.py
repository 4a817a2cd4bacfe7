"""``annotator db``: migrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from flask import Flask, current_app

from annotator import db
from annotator.cli.common import require_database, with_app
from annotator.core.wording import counted

if TYPE_CHECKING:  # the command line imports the services only when a command runs
    from annotator.services.annotation.copies_merge import LayerMerge


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
    require_database()
    click.echo(db.current_revision(current_app) or "empty (run: annotator db upgrade)")


@db_group.command("check")
@with_app
def check_command() -> None:
    """Fail if the models have drifted from the migrations."""
    require_database()
    db.check(current_app)
    click.echo("No drift between models and migrations.")


@db_group.command("copies")
@click.option("--merge", is_flag=True, help="Merge the copies (after showing what it does).")
@click.option("--project", "slug", metavar="SLUG", help="Only the layers of project SLUG.")
@click.option("--yes", is_flag=True, help="With --merge: do not ask for confirmation.")
@with_app
def copies_command(merge: bool, slug: str | None, yes: bool) -> None:
    """List the layers that hold a span or a relation more than once (stored before the
    rule), and fail if any; with --merge, merge them.

    Every write refuses a second span of one label and offsets in a layer, and a second
    relation of one type between the same spans; a database written before may hold some.
    Each line names the project, the document (its id and its # number in the project), the
    layer and the ids of the copies (a project file holding them will not load).

    --merge keeps the lowest id of each set of copies, moves onto it the relations of the
    others (removing those that then repeat one), and joins their notes; a set whose copies'
    attributes differ is left for a person to decide, and named. It shows what it will do and
    asks first, then writes all of it in one transaction, recorded in each layer's history
    and in the audit log. Export first: it cannot be undone. The gold of a document marked
    final is left as it is (final gold takes no change), and the documents left out are
    counted: set one back to in review, then merge again.
    """
    if merge:
        _merge_copies(slug, yes)
        return
    from annotator.cli.common import transaction
    from annotator.services.accounts.projects import get_project
    from annotator.services.annotation.stored_copies import (
        layer_said,
        stored_copies,
        stored_relation_copies,
    )

    with transaction(read_only=True) as session:
        if slug is not None:
            get_project(session, slug)  # a project that is not there is named
        found = [c for c in stored_copies(session) if slug in (None, c.project)]
        relations = [c for c in stored_relation_copies(session) if slug in (None, c.project)]
    for copy in found:
        ids = ", ".join(map(str, copy.span_ids))
        click.echo(
            f"{layer_said(copy.project, copy.document, copy.document_number, copy.layer)}: "
            f"{copy.label!r} at [{copy.start}, {copy.end}) "
            f"{len(copy.span_ids)} times: spans {ids}"
        )
    for twin in relations:
        ids = ", ".join(map(str, twin.relation_ids))
        click.echo(
            f"{layer_said(twin.project, twin.document, twin.document_number, twin.layer)}: "
            f"relation {twin.type!r} from span {twin.from_span} to span "
            f"{twin.to_span} {len(twin.relation_ids)} times: relations {ids}"
        )
    if found or relations:
        stored = [
            counted(len(found), "span") if found else "",
            counted(len(relations), "relation") if relations else "",
        ]
        raise click.ClickException(
            f"{' and '.join(filter(None, stored))} stored more than once in a layer "
            "(annotator db copies --merge merges them)"
        )
    click.echo("No layer holds a span more than once.")


def _merge_copies(slug: str | None, yes: bool) -> None:
    """Show the merge, ask (unless ``yes``), then merge in one transaction and summarise."""
    from annotator.cli.common import transaction
    from annotator.cli.copies import merge_lines
    from annotator.services.accounts.projects import get_project
    from annotator.services.annotation.copies_merge import merge_copies

    with transaction(read_only=True) as session:
        project = None if slug is None else get_project(session, slug)
        planned = merge_copies(session, project, write=False)
    if not planned:
        where = "No layer" if slug is None else f"No layer of project {slug}"
        click.echo(f"{where} holds a span or a relation more than once.")
        return
    if not yes and any(m.writes() for m in planned):
        for line in merge_lines(planned):
            click.echo(line)
        _say_left_final(planned)
        click.confirm("Merge these copies?", abort=True)
    with transaction() as session:
        project = None if slug is None else get_project(session, slug)
        merged = merge_copies(session, project)
    for line in merge_lines(merged, summary=True):
        click.echo(line)
    _say_left_final(merged)
    left = sum(len(m.plan.undecided) for m in merged if not m.final)
    if left:
        raise click.ClickException(f"{counted(left, 'set')} of copies left for a person's decision")


def _say_left_final(merges: list[LayerMerge]) -> None:
    """Say how many documents' final gold the merge leaves out, if any."""
    from annotator.cli.copies import left_final_line

    said = left_final_line(merges)
    if said is not None:
        click.echo(said)


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(current_app.config["DATABASE_URL"]).render_as_string(hide_password=True)
