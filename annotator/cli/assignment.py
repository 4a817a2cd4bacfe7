"""``annotator assign``, ``unassign`` and ``reassign``: who annotates which document."""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

from annotator.cli.common import split_names, transaction, with_app
from annotator.core.comma_lists import comma_separated
from annotator.core.errors import Conflict, Invalid
from annotator.core.wording import counted
from annotator.models import Project
from annotator.services.accounts.assignment import DEFAULT_PER_DOCUMENT, per_document_of
from annotator.services.accounts.projects import get_project
from annotator.services.accounts.staffing import assign, move_documents, take_back
from annotator.services.accounts.users import find_user, get_user
from annotator.services.datasets.document_names import named_document_ids


@click.command("assign")
@click.argument("slug")
@click.option("--annotators", required=True, help="Comma-separated usernames: a,b,c.")
@click.option(
    "--per-document",
    type=int,
    default=None,
    help="Annotators per document [default: the schema's annotators_per_document, else "
    f"{DEFAULT_PER_DOCUMENT}].",
)
@with_app
def assign_command(slug: str, annotators: str, per_document: int | None) -> None:
    """Give each document of SLUG K distinct annotators, balancing their loads.

    Running it again keeps every existing assignment and only fills the gaps, so it is safe
    after importing more documents.
    """
    names = comma_separated(annotators)
    with transaction() as session:
        project = get_project(session, slug)
        users = [find_user(session, name) for name in names]
        unknown = [name for name, user in zip(names, users, strict=True) if user is None]
        if unknown:
            raise Invalid(
                f"{counted(len(unknown), 'unknown user')}: {', '.join(unknown)}; add each with "
                "`annotator users create NAME --role annotator`"
            )
        # --per-document 0 is a choice too (refused by assign's rule), not "the default".
        k = per_document_of(project) if per_document is None else per_document
        report = assign(session, None, project, [u for u in users if u], k)
    loads = ", ".join(f"{name} {count}" for name, count in report.loads.items())
    click.echo(
        f"{counted(report.created, 'new assignment')} over "
        f"{counted(report.documents, 'document')} "
        f"({k} per document). Loads: {loads}."
    )


def _document_ids(session: Session, project: Project, documents: str | None) -> list[int] | None:
    names = split_names(documents)
    return None if names is None else named_document_ids(session, project, names)


def _listed(ids: list[str]) -> str:
    return ", ".join(ids)


@click.command("unassign")
@click.argument("slug")
@click.option("--annotator", required=True, metavar="NAME", help="Whom to take documents from.")
@click.option(
    "--documents",
    help="Only these documents (comma-separated # numbers or ids, any status) "
    "[default: NAME's open ones].",
)
@click.option("--force", is_flag=True, help="Also drop assignments whose layer holds work.")
@with_app
def unassign_command(slug: str, annotator: str, documents: str | None, force: bool) -> None:
    """Remove the annotator NAME from documents of SLUG: by default all their open ones.

    Open means not done. A document on which NAME has annotated something (or written a
    note) stays theirs unless --force, which deletes that work with the assignment. With
    --documents it is all or nothing: one such document refuses the whole run.
    """
    with transaction() as session:
        project = get_project(session, slug)
        user = get_user(session, annotator)
        document_ids = _document_ids(session, project, documents)
        report = take_back(session, None, project, user, document_ids, force)
        if documents is not None and report.kept:
            raise Conflict(
                f"{annotator} has annotated {_listed(report.kept)}; --force drops that work"
            )
    removed = len(report.removed + report.dropped)
    click.echo(f"Removed {annotator} from {counted(removed, 'document')}.")
    if report.dropped:
        click.echo(f"Deleted {annotator}'s annotations on {_listed(report.dropped)}.")
    if report.kept:
        click.echo(
            f"Kept {counted(len(report.kept), 'document')} {annotator} has annotated "
            f"(--force drops them): {_listed(report.kept)}."
        )


@click.command("reassign")
@click.argument("slug")
@click.option("--from", "from_name", required=True, metavar="A", help="Whose documents to move.")
@click.option("--to", "to_name", required=True, metavar="B", help="Who takes them over.")
@click.option(
    "--documents",
    help="Only these documents (comma-separated # numbers or ids, any status) "
    "[default: A's open ones].",
)
@with_app
def reassign_command(slug: str, from_name: str, to_name: str, documents: str | None) -> None:
    """Move documents of SLUG from annotator A to annotator B: by default A's open ones.

    Open means not done; B starts each as new. A document B already has is refused (a
    document never has the same annotator twice), and one A has annotated stays with A
    (`annotator unassign --force` drops that work first). With --documents it is all or
    nothing: one such document refuses the whole run.
    """
    with transaction() as session:
        project = get_project(session, slug)
        from_user, to_user = get_user(session, from_name), get_user(session, to_name)
        document_ids = _document_ids(session, project, documents)
        report = move_documents(session, None, project, from_user, to_user, document_ids)
        if documents is not None and report.refused:
            raise Conflict(f"{to_name} already has {_listed(report.refused)}")
        if documents is not None and report.kept:
            raise Conflict(f"{from_name} has annotated {_listed(report.kept)}")
    click.echo(f"Moved {counted(len(report.moved), 'document')} from {from_name} to {to_name}.")
    if report.refused:
        click.echo(
            f"Refused {counted(len(report.refused), 'document')} {to_name} already has: "
            f"{_listed(report.refused)}."
        )
    if report.kept:
        click.echo(
            f"Kept {counted(len(report.kept), 'document')} {from_name} has annotated with them: "
            f"{_listed(report.kept)}."
        )
