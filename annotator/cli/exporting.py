"""``annotator export``: write a project's dataset to stdout or a file."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from annotator.cli.common import (
    naming_write_failures,
    progress_bar,
    split_names,
    transaction,
    with_app,
)
from annotator.core.formats import FORMAT_NAMES
from annotator.core.formats.archive import Member
from annotator.core.splits import DEFAULT_SEED
from annotator.core.wording import counted
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.export import start_export, warnings_said
from annotator.services.datasets.export_options import ExportOptions


@click.command("export")
@click.argument("slug")
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMAT_NAMES),
    default="jsonl",
    show_default=True,
    help="Dataset format (see README, Export).",
)
@click.option(
    "--layer",
    default="all",
    show_default=True,
    help="all, gold, majority, suggestions, or an annotator's name.",
)
@click.option("--status", default=None, help="Keep only annotator layers in this status (done).")
@click.option(
    "--gold-status",
    default=None,
    metavar="final|in_review|open",
    help="Keep only documents whose gold has this status (final: adjudicated gold to train on).",
)
@click.option(
    "--documents",
    default=None,
    help="Comma-separated document # numbers or ids to export (default: every document).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file (default: stdout), or into this folder for hf and --split; "
    "the header goes to OUTPUT.meta.json.",
)
@click.option(
    "--split",
    "split",
    default=None,
    metavar="NAME=FRACTION,...",
    help="Split by document into one file per split, e.g. train=0.8,dev=0.1,test=0.1 "
    "(any format; -o names a folder).",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help=f"Seed of --split (default {DEFAULT_SEED}): the same seed gives each document the "
    "same split, whatever other documents the project has.",
)
@click.option(
    "--group-by",
    default=None,
    metavar="META_FIELD",
    help="Keep documents with the same value of this meta field in one split (e.g. outlet).",
)
@click.option(
    "--split-from",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="META_JSON",
    help="Reuse an earlier split export's meta.json: the documents it lists keep their split, "
    "new ones get its rule (its split, seed and group field).",
)
@click.option(
    "--header",
    is_flag=True,
    help='Start line-based formats with a {"_meta": ...} line stating the choices.',
)
@click.option(
    "--with-suggestions",
    is_flag=True,
    help="Add the suggestions layer as the tasks' predictions (labelstudio, "
    "labelstudio-project): the annotations and the model's work in one import.",
)
@with_app
def export_command(
    slug: str,
    format_: str,
    layer: str,
    status: str | None,
    gold_status: str | None,
    documents: str | None,
    output: Path | None,
    header: bool,
    split: str | None,
    seed: int | None,
    group_by: str | None,
    split_from: Path | None,
    with_suggestions: bool,
) -> None:
    """Write the dataset of the project SLUG (see the README's Export), streamed in batches.

    Every export states which project, schema version, layer and filters produced it: in
    FILE.meta.json beside -o FILE, as a first {"_meta": ...} line with --header, and on
    stderr when writing to stdout without --header. Warnings (spans widened to tokens,
    spans cut at a sentence end) are counted on stderr.

    The hf format, and any format with --split, writes a folder: -o names it (it may exist,
    but files of the same names in it are replaced). The spacy format writes one DocBin file
    (what spaCy packs for those Docs, compressed at a faster zlib level) with memory flat
    however large the project: its Docs wait in temporary files until the last document is
    read, then the file is written.
    """
    ids = split_names(documents)
    options = ExportOptions(
        format=format_,
        layer=layer,
        status=status,
        gold_status=gold_status,
        documents=ids,
        header_line=header,
        split=split,
        seed=seed,
        group_by=group_by,
        with_suggestions=with_suggestions,
        split_from=None if split_from is None else _split_file(split_from),
        warnings_first=False,  # said after the file: counted as it is written, one reading
    )
    with progress_bar("Exporting") as progress, transaction() as session:
        project = get_project(session, slug)
        export = start_export(session, project, options, progress=progress)
        if export.members is not None:
            if output is None:
                raise click.UsageError(
                    f"the {format_} format{' with --split' if split else ''} writes a "
                    "folder: give it with -o DIR"
                )
            with naming_write_failures(output):
                write_folder(output, export.members)
        elif output is None:
            out = sys.stdout.buffer
            for chunk in export.chunks:
                out.write(chunk)
            out.flush()
        else:
            if output.is_dir():
                raise click.UsageError(f"{output} is a folder: -o needs a file name here")
            with naming_write_failures(output), output.open("wb") as out:
                for chunk in export.chunks:
                    out.write(chunk)
    meta = json.dumps(export.meta, ensure_ascii=False)
    if output is not None:
        sidecar = output.with_name(output.name + ".meta.json")
        sidecar.write_text(
            json.dumps(export.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        click.echo(
            f"Exported {counted(export.documents, 'document')} to {output} (header: {sidecar})",
            err=True,
        )
    elif not options.header_line or not export.format.line_based:
        click.echo(f"export: {meta}", err=True)
    for warning in warnings_said(export.warnings):
        click.echo(f"Warning: {warning}", err=True)


def _split_file(path: Path) -> str:
    """Return the text of a ``--split-from`` file, or refuse one that is not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.BadParameter(
            f"{path} is not UTF-8 text: give an export's meta.json", param_hint="--split-from"
        ) from None


def write_folder(folder: Path, members: Iterable[Member]) -> None:
    """Write a folder export's files under ``folder``, each streamed as it is made."""
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"{folder} is a file: -o needs a folder for this export")
    for name, chunks in members:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
