"""``labelstudio-project``: the Label Studio tasks with the labeling config they are read with.

A folder (over HTTP, its zip) of two files, so that a team makes a Label Studio project from
``labeling_config.xml`` (:mod:`annotator.core.formats.labelstudio_config`) and imports
``tasks.json`` into it: the ``labelstudio`` format's tasks, but for how an annotation names
its annotator (``created_username``, not ``completed_by``, which Label Studio refuses without
the e-mail of one of its users: :func:`annotator.core.formats.labelstudio._annotator`). The
plain ``labelstudio`` format stays as it was, one JSON file, for those who only want the tasks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from annotator.core.formats import ExportContext, ExportFormat, Record, folder_only, labelstudio
from annotator.core.formats.archive import Member
from annotator.core.formats.labelstudio_config import FILENAME, labeling_config

TASKS = "tasks.json"


def write_folder(
    parts: Sequence[tuple[str, Iterable[Record]]], context: ExportContext
) -> Iterator[Member]:
    """Yield the labeling config, then the tasks: of every document as ``tasks.json``, or,
    split (``--split``), of each split's documents as ``<split>.json``, all read with the one
    config."""
    yield FILENAME, [labeling_config(context.schema).encode("utf-8")]
    if context.dataset.get("split") is None:
        records = (record for _name, part in parts for record in part)
        yield TASKS, labelstudio.write(records, context, importable=True)
        return
    for name, part in parts:
        yield f"{name}.json", labelstudio.write(part, context, importable=True)


FORMAT = ExportFormat(
    name="labelstudio-project",
    extension="zip",
    mimetype="application/zip",
    description="Label Studio tasks with their labeling config (tasks.json and "
    "labeling_config.xml, a zip of the folder)",
    writer=folder_only,
    folder_writer=write_folder,
    left_out=labelstudio.FORMAT.left_out,
    # A schema the config cannot hold is refused before the first byte.
    check_schema=labeling_config,
    keeps_suggestions_apart=True,
    writes_unannotated=True,
)
