"""``annotator assist``: train a project's suggestion model, write its suggestions layer.

The services are imported inside the commands: they load NumPy and CRFsuite, which every
other command (and ``--help``) would otherwise pay for at start-up.
"""

from __future__ import annotations

from typing import Any

import click
from flask import current_app

from annotator.cli.common import split_names, transaction, with_app
from annotator.core.errors import AnnotatorError
from annotator.core.vocabulary import RULES
from annotator.core.wording import NO_VALUE, counted
from annotator.db import get_sessionmaker
from annotator.services.accounts.projects import get_project


@click.group("assist")
def assist_group() -> None:
    """Suggestions: train a model on a project's gold layer, suggest with it."""


@assist_group.command("train")
@click.argument("slug")
@click.option(
    "--include-in-review",
    is_flag=True,
    help="Learn from gold still in review too (default: only gold marked final).",
)
@with_app
def train_command(slug: str, include_in_review: bool) -> None:
    """Train a model on the gold spans of the project SLUG and store it as a new version.

    It learns from gold marked final: a document whose gold is still in review holds items
    waiting for a reviewer's decision, which a model would learn as "not a claim".
    --include-in-review learns from that gold too. Imported gold no reviewer has touched is
    never learned from. The output says how many documents were left out.

    Prints the version and each label's held-out scores (cross-validated over the gold
    documents): precision, recall and F1 with exact and with overlap matching. Each sentence
    or document label field with enough gold (two values, three examples each) gets a
    classifier too, printed with its held-out accuracy and macro F1; the other fields are
    named with the reason.
    """
    from annotator.services.assist.jobs import train_now

    with transaction(read_only=True) as session:
        project_id = get_project(session, slug).id
    # Claim, read, train, then store (one training of the project at a time, in any
    # process); a training of minutes never holds SQLite's write lock.
    try:
        summary, stored = train_now(
            get_sessionmaker(current_app), project_id, None, include_in_review=include_in_review
        )
    except AnnotatorError as exc:
        raise click.ClickException(exc.message) from exc
    if not stored:
        click.echo("Another training ended while this one waited; its model is the newest.")
    which = "gold marked final or in review" if include_in_review else "gold marked final"
    click.echo(
        f"Project {slug}: model version {summary['version']}, trained on "
        f"{summary['documents']} documents ({which}); held-out scores:"
    )
    _echo_left_out(summary.get("gold_left_out") or {})
    if summary.get("spans_refused"):
        click.echo(f"spans: no tagger trained: {summary['spans_refused']}")
    else:
        click.echo(f"{'label':<16} {'matching':<9} {'precision':>9} {'recall':>9} {'F1':>9}")
    for label, scores in summary["scores"].items():
        for matching in ("exact", "overlap"):
            figures = [scores[matching][key] for key in ("precision", "recall", "f1")]
            shown = [_figure(value) for value in figures]
            click.echo(f"{label:<16} {matching:<9} {shown[0]:>9} {shown[1]:>9} {shown[2]:>9}")
    _echo_label_fields(summary)


def _echo_left_out(left_out: dict[str, int]) -> None:
    """Say which documents with gold the training left out, and how to let them in."""
    in_review, unreviewed = left_out.get("in_review", 0), left_out.get("unreviewed", 0)
    if in_review:
        click.echo(
            f"left out {counted(in_review, 'document')} whose gold is still in review "
            "(not marked final): --include-in-review learns from them too"
        )
    if unreviewed:
        click.echo(
            f"left out {counted(unreviewed, 'document')} whose gold came in by an import "
            "that no reviewer has touched"
        )


def _figure(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.3f}"


def _echo_label_fields(summary: dict[str, Any]) -> None:
    """Print each label field's held-out scores, and why the others were not learned."""
    learned = summary.get("label_fields") or {}
    if learned:
        click.echo(f"{'label field':<24} {'accuracy':>9} {'macro F1':>9} {'held out':>9}")
    for name, scores in learned.items():
        accuracy, macro = _figure(scores["accuracy"]), _figure(scores["macro_f1"])
        click.echo(f"{name:<24} {accuracy:>9} {macro:>9} {scores['held_out']:>9}")
    for name, reason in (summary.get("label_fields_refused") or {}).items():
        click.echo(f"{name}: not learned: {reason}")


@assist_group.command("predict")
@click.argument("slug")
@click.option(
    "--documents",
    default=None,
    help="Comma-separated document ids or # numbers (default: every document).",
)
@with_app
def predict_command(slug: str, documents: str | None) -> None:
    """Write the suggestions layer of the documents of the project SLUG.

    The newest model suggests (the attribution rules, while there is none), replacing what
    was suggested there before. Documents the model was trained on are skipped.
    """
    from annotator.services.assist.audience import predicted_audience
    from annotator.services.assist.predicting import predict_documents
    from annotator.services.datasets.document_names import named_external_ids

    with transaction() as session:
        project = get_project(session, slug)
        wanted = named_external_ids(session, project, split_names(documents))
        report = predict_documents(session, project, wanted)
        audience = predicted_audience(session, project, report)
    spans_by = "the attribution rules" if report["model"] == RULES else f"model {report['model']}"
    click.echo(
        f"Project {slug}: {spans_by} suggested {counted(report['spans'], 'span')} "
        f"and {counted(report['relations'], 'relation')} in "
        f"{counted(len(report['documents']), 'document')}"
    )
    if report["label_models"]:
        versions = sorted(set(report["label_models"].values()))
        click.echo(
            f"label {'model' if len(versions) == 1 else 'models'} "
            f"{' and '.join(map(str, versions))} suggested "
            f"{counted(report['labels'], 'sentence or document label')} in "
            f"{counted(len(report['labels_documents']), 'document')}"
        )
    for field, learned in report["labels_skipped"].items():
        if learned:
            click.echo(
                f"{field} (model {report['label_models'][field]}) skipped "
                f"{counted(len(learned), 'document')} it learned from: " + ", ".join(learned)
            )
    if report["copies"]:
        click.echo(
            f"left out {counted(report['copies'], 'copy', 'copies')} of a span suggested already"
        )
    if report["skipped"]:
        click.echo(
            f"skipped {counted(len(report['skipped']), 'document')} the model was trained on: "
            + ", ".join(report["skipped"])
        )
    # Nothing asked first here (the model page asks): whoever ran it learns who sees them.
    click.echo(audience.said())
