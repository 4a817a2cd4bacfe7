"""``annotator adjudicate status``: a document's gold status, read or set; marking it final
says on stderr what gold then lacks or leaves undecided."""

from __future__ import annotations

import click

from annotator.cli.common import as_option, transaction, with_app
from annotator.core.vocabulary import FINAL
from annotator.core.wording import counted, not_done_said
from annotator.models import GOLD_STATUSES
from annotator.services.accounts.projects import get_project
from annotator.services.accounts.users import get_user
from annotator.services.datasets.document_names import named_documents
from annotator.services.review import gold_status
from annotator.services.review.final_marking import change_gold_status
from annotator.services.review.unanimous import Accepted


@click.command("status")
@click.argument("slug")
@click.argument("doc_id")
@click.argument("status", type=click.Choice(GOLD_STATUSES), required=False)
@click.option(
    "--accept-unanimous",
    is_flag=True,
    help="With final: first accept into gold the items every annotator gave alike that it lacks.",
)
@click.option(
    "--accept-majority",
    is_flag=True,
    help="With final: first accept into gold the items most annotators (more than half) gave "
    "alike that it lacks, the unanimous ones among them.",
)
@as_option(required=False)
@with_app
def status_command(
    slug: str,
    doc_id: str,
    status: str | None,
    accept_unanimous: bool,
    accept_majority: bool,
    acting: str | None,
) -> None:
    """Print the gold status of document DOC_ID, or set it to STATUS (with --as).

    open: nothing decided yet; in_review: gold is being made; final: done (`adjudicate
    unanimous` then leaves the document alone). Reopening a final document is allowed.

    Marking final warns on stderr when gold lacks items every annotator gave alike (they are
    not differences, so deciding those does not bring them in): --accept-unanimous takes
    them in first (--accept-majority: what most annotators gave alike, them among it); and
    when differences are still undecided (gold holds none of their versions), naming the
    document; and when a document's only annotator gave what gold never took; and when
    annotators assigned the document have not marked it done or skipped, naming them (their
    layers may still change). The line on stdout stays "DOC_ID<tab>STATUS" either way.

    DOC_ID names the document by its number (#12 or 12), as the project page shows it, or
    by its id as exports name it.
    """
    if status is not None and acting is None:
        raise click.UsageError("setting the gold status needs --as NAME (a reviewer or admin)")
    if accept_unanimous and accept_majority:
        raise click.UsageError("--accept-unanimous and --accept-majority: give one of them")
    for given, flag in ((accept_unanimous, "unanimous"), (accept_majority, "majority")):
        if given and status != FINAL:
            raise click.UsageError(f"--accept-{flag} goes with the status final")
    change = None
    with transaction(read_only=status is None) as session:
        (document,) = named_documents(session, get_project(session, slug), [doc_id])
        external_id = document.external_id
        if status is None:
            status = gold_status.document_gold_status(session, document)
        else:
            assert acting is not None
            reviewer = get_user(session, acting)
            choice = "accept" if accept_unanimous else "majority" if accept_majority else None
            change = change_gold_status(session, reviewer, document, status, choice)
    click.echo(f"{external_id}\t{status}")
    if change is not None and change.accepted is not None and change.accepted.total:
        agreed = "most annotators" if accept_majority else "every annotator"
        click.echo(f"Accepted {_items(change.accepted)} that {agreed} gave alike.", err=True)
    if change is not None and change.lacking is not None and change.lacking.total:
        # Asked to accept them and still lacking: gold was final already (marking it final
        # again is no change of gold, so it took none), and only setting it back lets them in.
        way = (
            "gold is final, so none was taken: set it back to in review first (annotator "
            f"adjudicate status {slug} {doc_id} in_review --as {acting})"
            if accept_unanimous or accept_majority
            else f"Take them in with: annotator adjudicate status {slug} {doc_id} final "
            f"--accept-unanimous --as {acting}"
        )
        click.echo(
            f"Warning: gold lacks {counted(change.lacking.total, 'item')} every annotator "
            f"gave alike ({_items(change.lacking)}); they are not differences, so it is "
            f"exported without them. {way}",
            err=True,
        )
    for said in [] if change is None else change.left_out():
        click.echo(f"Warning: {said}.", err=True)
    if change is not None and change.not_done:
        click.echo(
            f"Warning: {not_done_said(change.not_done)}: a layer not done may still change "
            "after gold is final.",
            err=True,
        )


def _items(counts: Accepted) -> str:
    return (
        f"{counted(counts.spans, 'span')}, {counted(counts.relations, 'relation')} "
        f"and {counted(counts.labels, 'label')}"
    )
