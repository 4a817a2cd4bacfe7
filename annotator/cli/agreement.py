"""``annotator agreement``: print a project's agreement report."""

from __future__ import annotations

import json

import click

from annotator.cli.common import transaction, with_app
from annotator.core.comma_lists import comma_separated
from annotator.core.wording import NO_VALUE, counted
from annotator.services.accounts.projects import get_project


def _names(value: str | None) -> list[str] | None:
    return comma_separated(value) if value else None


@click.command("agreement")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print every figure as a CSV row.")
@click.option("--annotators", help="Compare only these annotators (comma-separated names).")
@click.option("--documents", help="Only these documents (comma-separated # numbers or ids).")
@click.option(
    "--status",
    default=None,
    help="Count only annotator layers in this status (done: finished work; default: in "
    "progress and done).",
)
@click.option(
    "--include-in-review",
    is_flag=True,
    help="Score against gold still in review too (default: only gold marked final).",
)
@with_app
def agreement_command(
    slug: str,
    as_json: bool,
    as_csv: bool,
    annotators: str | None,
    documents: str | None,
    status: str | None,
    include_in_review: bool,
) -> None:
    """Print the inter-annotator agreement report of the project SLUG.

    Label fields: Krippendorff's alpha (nominal; ordinal too for ordinal fields), Fleiss'
    kappa, Cohen's kappa per pair, percent agreement; for a multi-valued field also alpha
    with the MASI distance and, per value ('label_values' rows, FIELD=VALUE), alpha on
    "chosen or not" with counts. Spans, per label and '_all' (labels
    ignored): pairwise F1 with exact and with overlap matching, and unitizing alpha.
    Relations: F1. Span attributes: alpha. Against gold, where it exists: each
    annotator's precision, recall, F1 and kappa, with the units that match gold and why a
    kappa is undefined ('one value only'), against gold marked final (--include-in-review:
    gold still in review too; the documents left out are counted). Per label field, a
    bootstrap 95% interval of alpha nominal and Fleiss' kappa (1,000 resamples of
    documents, each with all its units, fixed seed; rows NAME_low, NAME_high,
    NAME_resampled) and, in the JSON, Krippendorff's coincidence
    matrix. Pairwise figures are means over pairs; an undefined figure is null (shown as
    '\u2013').
    """
    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    # Imported here: the agreement maths loads NumPy, which no other command needs.
    from annotator.services.agreement.report import agreement_report
    from annotator.services.agreement.table import report_csv, report_rows
    from annotator.services.datasets.document_names import named_external_ids

    with transaction() as session:
        project = get_project(session, slug)
        report = agreement_report(
            session,
            project,
            annotators=_names(annotators),
            documents=named_external_ids(session, project, _names(documents)),
            status=status,
            include_in_review=include_in_review,
        )
    if as_json:
        click.echo(json.dumps(report, indent=2, sort_keys=False))
        return
    if as_csv:
        click.echo(report_csv(report), nl=False)
        return
    click.echo(
        f"Project {report['project']} (schema version {report['schema_version']}): "
        f"{counted(len(report['annotators']), 'annotator')} "
        f"({', '.join(report['annotators']) or 'none'}), "
        f"{counted(report['documents'], 'document')}, "
        f"{report['documents_compared']} annotated by two or more"
    )
    for section, item, pair, metric, value in report_rows(report):
        shown = (
            NO_VALUE if value is None else (f"{value:.4f}" if isinstance(value, float) else value)
        )
        click.echo(f"{section:<12} {item:<28} {pair:<20} {metric:<18} {shown}")
