"""``annotator documents`` (list, status, delete) and ``annotator notes``.

Documents are named as the project page shows them: by their number in the project (``#12``
or ``12``) or their external id, as in exports (:mod:`annotator.services.datasets.document_names`).
"""

from __future__ import annotations

import json

import click

from annotator.cli.common import transaction, with_app
from annotator.core.paging import MAX_PER_PAGE, PER_PAGE
from annotator.core.wording import NO_VALUE, counted
from annotator.services.accounts.projects import get_project
from annotator.services.annotation.labels import SETTABLE_STATUSES

# The other services are imported inside the commands that use them: listing documents
# loads neither the sentence splitter (through the documents service) nor removal.


@click.group("documents")
def documents_group() -> None:
    """List a project's documents, set an annotator's status on one, delete one.

    A document is named by its number (#12 or 12), as the project page and the list show
    it, or by its id as exports name it.
    """


@documents_group.command("list")
@click.argument("slug")
@click.option(
    "-q",
    "--search",
    metavar="TEXT",
    help="Keep documents whose title, id or metadata hold TEXT (any case).",
)
@click.option(
    "--status",
    metavar="STATUS",
    help="Keep documents with an assignment in STATUS (new, in_progress, done, skipped); "
    "NAME's assignment with --annotator.",
)
@click.option("--annotator", metavar="NAME", help="Keep documents assigned to NAME.")
@click.option(
    "--page",
    type=int,
    metavar="N",
    help="Print page N only (from 1), its place and the total on stderr. Default: all.",
)
@click.option(
    "--per-page",
    type=int,
    default=PER_PAGE,
    show_default=True,
    help=f"Documents a page, at most {MAX_PER_PAGE}.",
)
@with_app
def list_command(
    slug: str,
    search: str | None,
    status: str | None,
    annotator: str | None,
    page: int | None,
    per_page: int,
) -> None:
    """List the documents of SLUG, tab-separated, with the filters of the project page.

    Each line: the document's number in the project (#12), as the project page shows it and
    every command takes it; its id (as in exports); gold status; the annotators with their
    status (alice:done,bob:new; '-' for none); and the title. Texts are not loaded.
    """
    from annotator.services.accounts.users import get_user
    from annotator.services.datasets.listing import DocumentFilter, list_documents
    from annotator.services.review.gold_status import gold_statuses_of

    filters = DocumentFilter(q=search or None, status=status, annotator=annotator)
    with transaction(read_only=True) as session:
        project = get_project(session, slug)
        if annotator is not None:
            get_user(session, annotator)  # a name mistyped is said, not listed as no documents
        listed = list_documents(session, project, None, filters, page=page, per_page=per_page)
        statuses = gold_statuses_of(session, [row.id for row in listed.documents])
    for row in listed.documents:
        who = ",".join(f"{a.username}:{a.status}" for a in row.assignees)
        fields = [
            f"#{row.number}",
            row.external_id,
            statuses[row.id],
            who or NO_VALUE,
            row.title or "",
        ]
        click.echo("\t".join(fields))
    if page is not None:
        click.echo(
            f"Page {listed.page} of {listed.pages} ({counted(listed.total, 'document')}).", err=True
        )


@documents_group.command("status")
@click.argument("slug")
@click.argument("doc_id")
@click.argument("status", type=click.Choice(SETTABLE_STATUSES))
@click.option("--annotator", required=True, metavar="NAME", help="Whose assignment to change.")
@with_app
def status_command(slug: str, doc_id: str, status: str, annotator: str) -> None:
    """Set the status of NAME's assignment to document DOC_ID of SLUG to STATUS.

    DOC_ID names the document by its number (#12 or 12), as the project page shows it, or
    by its id as exports name it.

    The same change an annotator makes in the workspace (or with PUT
    /api/v1/documents/<id>/status): a document marked done counts for agreement and review.
    """
    from annotator.core.errors import Forbidden
    from annotator.services.accounts.permissions import find_assignment
    from annotator.services.accounts.users import get_user
    from annotator.services.annotation.labels import set_status
    from annotator.services.datasets.document_names import named_documents

    with transaction() as session:
        user = get_user(session, annotator)
        (document,) = named_documents(session, get_project(session, slug), [doc_id])
        external_id = document.external_id
        if find_assignment(session, user, document) is None:
            # The operator sees every document: name what is wrong (the API hides it as 404),
            # by the name they gave it, not by a database id they never typed.
            raise Forbidden(f"document {external_id!r} is not assigned to {annotator!r}")
        set_status(session, user, document, status)
    click.echo(f"{external_id}\t{annotator}\t{status}")


@documents_group.command("delete")
@click.argument("slug")
@click.argument("doc_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_app
def delete_command(slug: str, doc_id: str, yes: bool) -> None:
    """Delete document DOC_ID of SLUG with every annotation of it, gold included.

    Its assignments, notes and gold status go too. This cannot be undone: export first.

    DOC_ID names the document by its number (#12 or 12), as the project page shows it, or
    by its id as exports name it.
    """
    from annotator.services.datasets.document_names import named_documents
    from annotator.services.datasets.removal import remove_document

    if not yes:
        click.confirm(f"Delete document {doc_id} of {slug} with all its annotations?", abort=True)
    with transaction() as session:
        (document,) = named_documents(session, get_project(session, slug), [doc_id])
        external_id = document.external_id
        remove_document(session, document, None)  # recorded as the command line
    click.echo(f"Deleted document {external_id} of {slug}.")


@click.command("notes")
@click.argument("slug")
@click.argument("doc_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per note.")
@with_app
def notes_command(slug: str, doc_id: str | None, as_json: bool) -> None:
    """Print the annotators' notes and "unsure" flags on SLUG's documents (or on DOC_ID).

    Each line: document id, annotator, 'unsure' or '-', the note (line breaks as \\n).
    Notes that say nothing are left out.

    DOC_ID names the document by its number (#12 or 12), as the project page shows it, or
    by its id as exports name it.
    """
    from annotator.services.annotation.notes import project_notes
    from annotator.services.datasets.document_names import named_documents

    with transaction(read_only=True) as session:
        project = get_project(session, slug)
        document = None
        if doc_id is not None:
            (document,) = named_documents(session, project, [doc_id])
        notes = project_notes(session, project, document)
        where = f"{slug}'s documents" if document is None else document.external_id
    if not notes:
        # On stderr, so that a script reading the lines gets none.
        click.echo(f"No notes on {where}.", err=True)
    for note in notes:
        if as_json:
            click.echo(json.dumps(note, ensure_ascii=False))
            continue
        unsure = "unsure" if note["unsure"] else NO_VALUE
        text = note["note"].replace("\\", "\\\\").replace("\n", "\\n")
        click.echo(f"{note['document']}\t{note['annotator']}\t{unsure}\t{text}")
