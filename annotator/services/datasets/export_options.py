"""What an export is asked for (:class:`ExportOptions`, as the CLI, the API and the page take
the user's choices) and what a started one holds (:class:`Export`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.formats import ExportContext, ExportFormat
from annotator.core.formats.archive import Member
from annotator.core.wording import CountedPhrase

#: ``progress(done, total)`` is called as documents are written.
Progress = Callable[[int, int], None]


@dataclass
class ExportOptions:
    """What to export: the user's choices, as the CLI, API and page take them."""

    format: str = "jsonl"
    #: ``all``, ``gold``, ``majority``, ``suggestions`` or an annotator's name.
    layer: str = "all"
    #: Keep only annotator layers in this status (documents left with none are dropped).
    status: str | None = None
    #: Keep only documents whose gold has this status: ``final`` (gold to train on),
    #: ``in_review`` or ``open`` (:mod:`annotator.services.gold.state`).
    gold_status: str | None = None
    #: External ids of the documents to export (None: all of them).
    documents: Sequence[str] | None = None
    #: Write a first ``{"_meta": ...}`` line (line-based formats).
    header_line: bool = False
    #: ``train=0.8,dev=0.1,test=0.1``: one file per split, by document (None: one file).
    split: str | None = None
    #: The seed of the split (None: :data:`DEFAULT_SEED`, or the split file's).
    seed: int | None = None
    #: A ``meta`` field whose values never straddle two splits (``outlet``).
    group_by: str | None = None
    #: Count what the format leaves out before the first byte (the export page and the API
    #: send it then, in the ``X-Annotator-Warnings`` header, which the page shows beside its
    #: button); False: as the records are written, for a face that says its warnings after
    #: the file (the command line), reading them once.
    warnings_first: bool = True
    #: Add the suggestions layer to the chosen layers, in a format that keeps a model's work
    #: apart (:attr:`ExportFormat.keeps_suggestions_apart`): Label Studio's annotations and
    #: predictions in one project, one import.
    with_suggestions: bool = False
    #: The text of an earlier split export's ``meta.json``: the documents it lists keep their
    #: split, the others get the rule; its spec, seed and group field are the split's.
    split_from: str | None = None


@dataclass
class Export:
    """A started export: its format, a file name, the header, and the stream of bytes."""

    format: ExportFormat
    filename: str
    meta: dict[str, Any]
    context: ExportContext
    chunks: Iterator[bytes]
    documents: int = 0
    warnings: dict[CountedPhrase, int] = field(default_factory=dict)
    #: A folder export's files (``hf``, or any ``--split``): ``chunks`` is their zip; the
    #: command line writes them into a folder instead. None for a one-file export.
    members: Iterator[Member] | None = None
