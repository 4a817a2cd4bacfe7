"""``annotator adjudicate`` accept, take, none and reopen: one difference or item of a
document at a time, as the review pages decide them."""

from __future__ import annotations

import click

from annotator.cli.common import as_option, transaction, with_app
from annotator.core import gold_changes
from annotator.services.accounts.projects import get_project
from annotator.services.accounts.users import get_user
from annotator.services.datasets.document_names import named_documents
from annotator.services.review import adjudication, none_taken
from annotator.services.review.decision_changes import reopening, taking


@click.command("accept")
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


@click.command("take")
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
            changed = taking.take_annotators_instead(session, reviewer, document, key, annotator)
        else:
            changed = taking.take_instead(session, reviewer, document, key, *item)
    click.echo(gold_changes.took_instead(changed))


@click.command("none")
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


@click.command("reopen")
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
        changed = reopening.reopen_difference(session, reviewer, document, key)
    click.echo(gold_changes.reopened(changed))
