"""What an import reads: files by their extension, or another tool's corpus by its format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from annotator.core.errors import Invalid
from annotator.core.formats.brat.reader import read_brat
from annotator.core.formats.conll_reader import read_conll
from annotator.core.formats.readers import Item, read_paths
from annotator.core.formats.records import Source
from annotator.models import Project
from annotator.services.datasets.annotated_import import DatasetOptions

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
    if not options.reading.is_default:
        # brat and CoNLL files are UTF-8 and have no CSV columns: a choice made for them
        # would be ignored without a word.
        raise Invalid(
            f"the encoding and the CSV columns are for files read by their extension, not "
            f"for {options.words.format} {format}: leave the encoding at UTF-8 and the "
            "columns empty (a corpus in another encoding: convert its files to UTF-8 first)"
        )
    if format == "brat":
        return read_brat(paths, mapping, project.schema, options.annotator)
    return read_conll(paths, mapping, project.schema)
