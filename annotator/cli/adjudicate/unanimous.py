"""``annotator adjudicate unanimous``: every item all (or most) of a document's annotators
agree on, accepted into gold at once."""

from __future__ import annotations

import click

from annotator.cli.common import as_option, split_names, transaction, with_app
from annotator.core.quorum import QUORUMS, UNANIMOUS
from annotator.core.wording import counted, not_finished_by_said, unfinished_said
from annotator.services.accounts.projects import get_project
from annotator.services.accounts.users import get_user
from annotator.services.datasets.document_names import named_documents
from annotator.services.review.unanimous import (
    accept_unanimous_documents,
    accept_unanimous_project,
)


@click.command("unanimous")
@click.argument("slug")
@click.option(
    "--documents",
    help="Only these documents (comma-separated ids or # numbers) [default: all not final].",
)
@click.option(
    "--quorum",
    type=click.Choice(QUORUMS),
    default=UNANIMOUS,
    show_default=True,
    help="How many annotators must agree: all, or more than half (2 of 3; 2 of 4 is a tie).",
)
@click.option(
    "--include-unfinished",
    is_flag=True,
    help="Take the documents someone assigned has not finished (not started or in progress) "
    "too; without it they are left out and counted (with --documents, named with who has "
    "not finished each).",
)
@as_option()
@with_app
def unanimous_command(
    slug: str, documents: str | None, quorum: str, include_unfinished: bool, acting: str
) -> None:
    """Accept into gold every item on which all (or most) of a document's annotators agree.

    Without --documents: every document of SLUG. Items gold has already, and differences
    already decided, are kept; a document fewer than two annotators have annotated is
    skipped, and so is one whose gold is marked final (counted: set it back to in review to
    change it), and one someone assigned has not finished, whose layers may still change
    (counted, and with --documents named with who has not finished it:
    --include-unfinished takes it).
    """
    names = split_names(documents)
    with transaction() as session:
        reviewer = get_user(session, acting)
        project = get_project(session, slug)
        if names is None:
            result = accept_unanimous_project(
                session, reviewer, project, quorum=quorum, include_unfinished=include_unfinished
            )
        else:
            named = named_documents(session, project, names)
            result = accept_unanimous_documents(
                session,
                reviewer,
                project,
                named,
                quorum=quorum,
                include_unfinished=include_unfinished,
            )
    click.echo(
        f"Accepted {counted(result.total, 'item')} ({counted(result.spans, 'span')}, "
        f"{counted(result.relations, 'relation')}, {counted(result.labels, 'label')}) "
        f"into the gold of {counted(result.documents, 'document')}."
    )
    if result.skipped_final:
        click.echo(
            f"Skipped {counted(result.skipped_final, 'document')} whose gold is marked final "
            "(final gold takes no change until set back to in review: annotator adjudicate "
            f"status {slug} DOC_ID in_review --as NAME)."
        )
    if result.skipped_unfinished:
        click.echo(
            f"{unfinished_said(result.skipped_unfinished)}; --include-unfinished takes them."
        )
    # Documents named by --documents are named back: a count would not say which.
    for left in result.unfinished_named:
        click.echo(f"  {not_finished_by_said(left.number, left.not_finished_by)}")
    if result.skipped:
        agreed = "unanimous" if quorum == UNANIMOUS else "a majority"
        click.echo(
            f"Skipped (fewer than two annotators have annotated them, so nothing is {agreed}"
            f" yet): {', '.join(result.skipped)}."
        )
