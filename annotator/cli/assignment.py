"""``annotator assign``, ``unassign`` and ``reassign``: who annotates which document."""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

from annotator.cli.common import split_names, transaction, with_app
from annotator.core.comma_lists import comma_separated
from annotator.core.errors import Invalid
from annotator.core.wording import counted
from annotator.models import Project
from annotator.services.accounts.assign_choice import (
    ONLY_CHOICES,
    final_gold_words,
    final_left_out_words,
    joined_words,
)
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
@click.option(
    "--documents",
    default=None,
    help="Comma-separated document ids (or # numbers) to assign (default: every document).",
)
@click.option(
    "--only",
    type=click.Choice(ONLY_CHOICES),
    default=None,
    help="Of those documents, only the ones nobody has yet (unassigned), or those with fewer "
    "than K annotators, whoever they are (understaffed: each topped up to K).",
)
@with_app
def assign_command(
    slug: str,
    annotators: str,
    per_document: int | None,
    documents: str | None,
    only: str | None,
) -> None:
    """Give each document of SLUG K distinct annotators, balancing their loads.

    Running it again keeps every existing assignment and only fills the gaps, so it is safe
    after importing more documents. --documents and --only choose the documents; a document
    named that is not in SLUG refuses the whole run.
    """
    names = comma_separated(annotators)
    with transaction() as session:
        project = get_project(session, slug)
        document_ids = _document_ids(session, project, documents)
        users = [find_user(session, name) for name in names]
        unknown = [name for name, user in zip(names, users, strict=True) if user is None]
        if unknown:
            raise Invalid(
                f"{counted(len(unknown), 'unknown user')}: {', '.join(unknown)}; add each with "
                "`annotator users create NAME --role annotator`"
            )
        # --per-document 0 is a choice too (refused by assign's rule), not "the default".
        k = per_document_of(project) if per_document is None else per_document
        chosen = [u for u in users if u]
        report = assign(session, None, project, chosen, k, document_ids=document_ids, only=only)
    loads = ", ".join(f"{name} {count}" for name, count in report.loads.items())
    click.echo(
        f"{counted(report.created, 'new assignment')} over "
        f"{counted(report.documents, 'document')} "
        f"({k} per document). Loads: {loads}."
    )
    left = final_left_out_words(report.final_left_out)
    for said in (joined_words(report.joined), final_gold_words(report.final_gold), left):
        if said:
            click.echo(f"{said}.")


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
@click.option(
    "--only-assigned",
    is_flag=True,
    help="Of --documents, unassign those that are NAME's and skip the others (refused without).",
)
@with_app
def unassign_command(
    slug: str, annotator: str, documents: str | None, force: bool, only_assigned: bool
) -> None:
    """Remove the annotator NAME from documents of SLUG: by default all their open ones.

    Open means not done. A document on which NAME has annotated something (or written a
    note) stays theirs unless --force, which deletes that work with the assignment. With
    --documents it is all or nothing: one such document, or one that is not NAME's, refuses
    the whole run (--only-assigned skips those that are not NAME's, and names them).
    """
    with transaction() as session:
        project = get_project(session, slug)
        user = get_user(session, annotator)
        document_ids = _document_ids(session, project, documents)
        try:
            # With --documents, all or nothing: the rule of take_back.
            report = take_back(session, None, project, user, document_ids, force, only_assigned)
        except Invalid as exc:
            raise _with_a_way_on(exc) from None
    removed = len(report.removed + report.dropped)
    click.echo(f"Removed {annotator} from {counted(removed, 'document')}.")
    if report.skipped:
        click.echo(
            f"Skipped {counted(len(report.skipped), 'document')} not assigned to {annotator}: "
            f"{_listed(report.skipped)}."
        )
    if report.dropped:
        click.echo(f"Deleted {annotator}'s annotations on {_listed(report.dropped)}.")
    if report.kept:
        click.echo(
            f"Kept {counted(len(report.kept), 'document')} {annotator} has annotated "
            f"(--force drops them): {_listed(report.kept)}."
        )


def _with_a_way_on(refusal: Invalid) -> Invalid:
    """Add to a refusal of documents named how to go on: --force for those holding the
    annotator's work, --only-assigned for those not theirs (saying how many are then
    unassigned when that alone would do)."""
    details = refusal.details if isinstance(refusal.details, dict) else {}
    ways = []
    kept, not_theirs = details.get("kept"), details.get("not_assigned")
    if kept:
        ways.append("--force drops that work")
    if not_theirs and kept:
        ways.append("--only-assigned skips those not theirs")
    elif not_theirs:
        others = details.get("assigned", 0)
        said = (
            f"the other {counted(others, 'document')} {'is' if others == 1 else 'are'} unassigned"
        )
        ways.append(f"with --only-assigned, {said}")
    if not ways:
        return refusal
    return Invalid(f"{refusal.message}; {'; '.join(ways)}", details)


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
        # With --documents, all or nothing: the rule of move_documents.
        report = move_documents(session, None, project, from_user, to_user, document_ids)
    click.echo(f"Moved {counted(len(report.moved), 'document')} from {from_name} to {to_name}.")
    for said in (joined_words(report.joined), final_gold_words(report.final_gold)):
        if said:
            click.echo(f"{said}.")
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
