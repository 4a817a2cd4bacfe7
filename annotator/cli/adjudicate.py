"""``annotator adjudicate``: the review's decisions into gold, from the command line.

The same actions as the review pages and ``/api/v1/projects/<slug>/review``, through the
same services; documents are named by their ``#`` number on the project page (``#12`` or
``12``) or by their external id, as in exports.
"""

from __future__ import annotations

import click

from annotator.cli.adjudicate_unanimous import unanimous_command
from annotator.cli.common import as_option, transaction, with_app
from annotator.core import gold_changes
from annotator.core.vocabulary import FINAL
from annotator.core.wording import (
    NO_VALUE,
    counted,
    not_done_said,
)
from annotator.models import GOLD_STATUSES
from annotator.services.accounts.projects import get_project
from annotator.services.accounts.users import get_user
from annotator.services.datasets.document_names import named_documents
from annotator.services.review import adjudication, decision_changes, gold_status, none_taken
from annotator.services.review.decided_differences import decided_differences
from annotator.services.review.differences import document_differences
from annotator.services.review.final_marking import change_gold_status
from annotator.services.review.given_toward import mark_given_toward
from annotator.services.review.layers import document_layers
from annotator.services.review.unanimous import Accepted


@click.group("adjudicate")
def adjudicate_group() -> None:
    """Decide the gold layer: differences, accept, take instead, none, reopen, unanimous, status."""


# Its own module: the scope it reads is the review list's and the API's (core/unanimous_scope.py).
adjudicate_group.add_command(unanimous_command)


@adjudicate_group.command("differences")
@click.argument("slug")
@click.argument("doc_id")
@with_app
def differences_command(slug: str, doc_id: str) -> None:
    """List how the annotators of document DOC_ID of SLUG differ.

    One line per difference (kind, sentence, summary, a label field's with its target now
    beside its name: "stance (NATO): alice=FAVOR, bob=NONE", its key for `adjudicate take`,
    `adjudicate none` and `adjudicate reopen`, and whether it is decided: "taken by NAME"
    (gold holds NAME's version exactly, as the export's source names them), "taken by NAME
    between gold's spans" (NAME's relation, between gold's spans for its ends), "none
    taken" or "undecided"), then one indented line per version: the annotator, what they
    gave and what `adjudicate accept` takes to accept it (KIND ITEM_ID, and --attribute NAME for an
    attribute), and under a span's or relation's version its note, if it has one, a line
    "    note: ..." per line of it; under a label value's version given toward an earlier
    target or description of its field, a line "    given when the target was 'A' (schema
    version N)" (or "the description was 'D'").

    DOC_ID names the document by its number (#12 or 12), as the project page shows it, or
    by its id as exports name it.
    """
    with transaction(read_only=True) as session:
        project = get_project(session, slug)
        (document,) = named_documents(session, project, [doc_id])
        external_id = document.external_id
        layers = document_layers(session, document)
        differences = decided_differences(
            session, document, layers, document_differences(session, document, layers)
        )
        mark_given_toward(
            session, project, document, layers, [item.difference for item in differences]
        )
    if not differences:
        # On stderr, so that a script reading the lines gets none.
        click.echo(f"No differences between the annotators of {external_id}.", err=True)
    for item in differences:
        difference = item.difference
        sentence = "document" if difference.sentence is None else difference.sentence
        decided = (
            f"taken by {', '.join(item.taken)}"
            if item.taken
            # Gold's relation is theirs between gold's spans for its ends: nobody's exactly.
            else f"taken by {', '.join(item.followed)} between gold's spans"
            if item.followed
            else "none taken"
            if item.decided
            else "undecided"
        )
        # The summary as the review page says it: a label field's target now beside its name,
        # toward which a version not marked below was given.
        click.echo(f"{difference.kind}\t{sentence}\t{difference.titled()}\t{item.key}\t{decided}")
        for version in difference.versions:
            accept = NO_VALUE
            if version.accept is not None:
                kind, item_id, attribute = version.accept
                accept = f"{kind} {item_id}" + (f" --attribute {attribute}" if attribute else "")
            click.echo(f"  {version.annotator}\t{version.text}\t{accept}")
            if version.given_toward is not None:
                older = version.given_toward
                click.echo(f"    {older.words()} (schema version {older.version})")
            for line in (version.note or "").splitlines():
                click.echo(f"    note: {line}")


@adjudicate_group.command("accept")
@click.argument("slug")
@click.argument("doc_id")
@click.argument("kind", type=click.Choice(adjudication.KINDS))
@click.argument("item_id", type=int)
@click.option("--attribute", help="The attribute to accept (KIND 'attribute').")
@as_option()
@with_app
def accept_command(
    slug: str, doc_id: str, kind: str, item_id: int, attribute: str | None, acting: str
) -> None:
    """Accept one annotator's item of document DOC_ID into gold.

    KIND and ITEM_ID are as `adjudicate differences` lists them: a span (with its
    attributes), one attribute of a span, a relation (with both its spans) or a sentence or
    document label. Gold records who decided (--as) and from which annotator's layer.

    DOC_ID names the document by its number (#12 or 12), as the project page shows it, or
    by its id as exports name it.
    """
    with transaction() as session:
        reviewer = get_user(session, acting)
        (document,) = named_documents(session, get_project(session, slug), [doc_id])
        external_id = document.external_id
        row = adjudication.accept_item(session, reviewer, document, kind, item_id, attribute)
        gold_id = row.id
    click.echo(f"Accepted {kind} {item_id} into the gold of {external_id} (gold id {gold_id}).")


@adjudicate_group.command("take")
@click.argument("slug")
@click.argument("doc_id")
@click.argument("key")
@click.option("--annotator", metavar="NAME", help="Take this annotator's version.")
@click.option(
    "--item",
    nargs=2,
    type=(click.Choice(adjudication.KINDS), int),
    metavar="KIND ITEM_ID",
    help="Take the version of this item (as `adjudicate differences` lists it).",
)
@as_option()
@with_app
def take_command(
    slug: str,
    doc_id: str,
    key: str,
    annotator: str | None,
    item: tuple[str, int] | None,
    acting: str,
) -> None:
    """Take another version of a difference gold decided, in place of gold's.

    KEY is the difference's key, as `adjudicate differences` lists it; the version is
    named by its annotator (--annotator) or its item (--item). A span of gold is moved onto
    the version (the same span: its relations follow), a relation replaced, a value set;
    what was done to gold is said. A difference gold holds no version of is refused (accept
    one instead), as is one gold holds two spans of (change them in the gold layer).
    """
    if (annotator is None) == (item is None):
        raise click.UsageError(
            "name the version to take with --annotator NAME or --item KIND ID, not both"
            if annotator is not None
            else "name the version to take with --annotator NAME or --item KIND ID"
        )
    with transaction() as session:
        reviewer = get_user(session, acting)
        (document,) = named_documents(session, get_project(session, slug), [doc_id])
        if item is None:
            assert annotator is not None
            changed = decision_changes.take_annotators_instead(
                session, reviewer, document, key, annotator
            )
        else:
            changed = decision_changes.take_instead(session, reviewer, document, key, *item)
    click.echo(gold_changes.took_instead(changed))


@adjudicate_group.command("none")
@click.argument("slug")
@click.argument("doc_id")
@click.argument("key")
@as_option()
@with_app
def none_command(slug: str, doc_id: str, key: str, acting: str) -> None:
    """Decide that gold takes none of the versions of the difference KEY of document DOC_ID.

    The review page's "None of these": KEY is the difference's key, as `adjudicate
    differences` lists it; the difference is then decided ("none taken"), gold unchanged.
    `adjudicate reopen` undoes it; accepting a version later wins over it.

    DOC_ID names the document by its number (#12 or 12), as the project page shows it, or
    by its id as exports name it.
    """
    with transaction() as session:
        reviewer = get_user(session, acting)
        (document,) = named_documents(session, get_project(session, slug), [doc_id])
        none_taken.decide_none(session, reviewer, document, key)
    click.echo("Decided: gold holds none of the versions of that difference.")


@adjudicate_group.command("reopen")
@click.argument("slug")
@click.argument("doc_id")
@click.argument("key")
@as_option()
@with_app
def reopen_command(slug: str, doc_id: str, key: str, acting: str) -> None:
    """Make the difference KEY of document DOC_ID to decide again.

    Gold's version of it is removed (a span with the relations at it, named: the History
    restores them), or its "none taken" decision undone; what was done to gold is said.

    DOC_ID names the document by its number (#12 or 12), as the project page shows it, or
    by its id as exports name it.
    """
    with transaction() as session:
        reviewer = get_user(session, acting)
        (document,) = named_documents(session, get_project(session, slug), [doc_id])
        changed = decision_changes.reopen_difference(session, reviewer, document, key)
    click.echo(gold_changes.reopened(changed))


@adjudicate_group.command("status")
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
