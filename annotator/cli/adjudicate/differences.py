"""``annotator adjudicate differences``: how the annotators of a document differ, each
difference with its key and whether it is decided (reading only)."""

from __future__ import annotations

import click

from annotator.cli.common import transaction, with_app
from annotator.core.wording import NO_VALUE
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.document_names import named_documents
from annotator.services.review.decided_differences import decided_differences
from annotator.services.review.differences import document_differences
from annotator.services.review.given_toward import mark_given_toward
from annotator.services.review.layers import document_layers


@click.command("differences")
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
