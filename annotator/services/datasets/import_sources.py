"""What an import reads: files by their extension, or another tool's corpus by its format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from annotator.core.errors import Invalid
from annotator.core.formats.brat.reader import read_brat
from annotator.core.formats.conll_reader import read_conll
from annotator.core.formats.read_options import CsvColumns
from annotator.core.formats.readers import Item, read_paths
from annotator.core.formats.records import Source
from annotator.models import Project
from annotator.services.datasets.import_options import DatasetOptions

#: Formats of other tools' corpora that ``import_paths`` reads when asked by name.
IMPORT_FORMATS = ("brat", "conll")


def read_items(
    project: Project,
    paths: Iterable[Source],
    options: DatasetOptions | None = None,
    format: str | None = None,
) -> Iterator[Item]:
    """Return the items of ``paths`` read as ``format`` (None: each file by its extension).

    :raises Invalid: for an unknown format or a ``--map`` that cannot be read.
    """
    options = options or DatasetOptions()
    mapping = options.mapping()  # read before the files: a map that cannot be read stops here
    if format is None:
        # Its refusals name the options as the face that gave them does.
        return read_paths(paths, replace(options.reading, words=options.words))
    if format not in IMPORT_FORMATS:
        raise Invalid(f"unknown import format {format!r}; use one of {', '.join(IMPORT_FORMATS)}")
    reading = replace(options.reading, words=options.words)
    if reading.columns != CsvColumns():
        # brat and CoNLL files have no CSV columns: a choice made for them would be ignored
        # without a word. Their encoding is read as chosen.
        raise Invalid(
            f"the CSV columns are for files read by their extension, not for "
            f"{options.words.format} {format}: leave the columns empty"
        )
    if format == "brat":
        return read_brat(paths, mapping, project.schema, options.annotator, reading)
    return read_conll(paths, mapping, project.schema, reading)
