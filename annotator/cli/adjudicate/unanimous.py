"""``annotator adjudicate unanimous``: every item all (or most) of a document's annotators
agree on, accepted into gold at once.

Its choices are the review list's and the API's, read by the same reader
(:func:`annotator.core.unanimous_scope.read_scope`) and taken by the same service
(:func:`annotator.services.review.unanimous.accept_unanimous_in`).
"""

from __future__ import annotations

from typing import Any

import click

from annotator.cli.common import as_option, split_names, transaction, with_app
from annotator.core.quorum import QUORUMS, UNANIMOUS
from annotator.core.unanimous_scope import filtered_out_said, read_scope
from annotator.core.vocabulary import ANNOTATOR_FILTERS
from annotator.core.wording import counted, not_finished_by_said, unfinished_said
from annotator.services.accounts.projects import get_project
from annotator.services.accounts.users import get_user
from annotator.services.review.unanimous import accept_unanimous_in


@click.command("unanimous")
@click.argument("slug")
@click.option(
    "--documents",
    help="Only these documents (comma-separated ids or # numbers) [default: all not final].",
)
@click.option(
    "--annotators",
    type=click.Choice(ANNOTATOR_FILTERS),
    help="Only the documents the review list shows with this filter: finished (every "
    "assignee has finished them) or waiting (someone has not). With --documents: the "
    "documents named that it shows; those it leaves out are named.",
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
    slug: str,
    documents: str | None,
    annotators: str | None,
    quorum: str,
    include_unfinished: bool,
    acting: str,
) -> None:
    """Accept into gold every item on which all (or most) of a document's annotators agree.

    Without --documents: every document of SLUG (of those --annotators shows). Items gold
    has already, and differences already decided, are kept; a document fewer than two
    annotators have annotated is skipped, and so is one whose gold is marked final
    (counted: set it back to in review to change it), and one someone assigned has not
    finished, whose layers may still change (counted, and with --documents named with who
    has not finished it: --include-unfinished takes it).
    """
    given: dict[str, Any] = {"quorum": quorum, "include_unfinished": include_unfinished}
    given |= {"annotators": annotators} if annotators else {}
    names = split_names(documents)
    scope = read_scope(given | ({"documents": names} if names is not None else {}))
    with transaction() as session:
        reviewer = get_user(session, acting)
        result = accept_unanimous_in(session, reviewer, get_project(session, slug), scope)
    click.echo(
        f"Accepted {counted(result.total, 'item')} ({counted(result.spans, 'span')}, "
        f"{counted(result.relations, 'relation')}, {counted(result.labels, 'label')}) "
        f"into the gold of {counted(result.documents, 'document')}."
    )
    if result.filtered_out and annotators:
        named = [(left.number, left.external_id) for left in result.filtered_out]
        click.echo(f"{filtered_out_said(annotators, named)}.")
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
