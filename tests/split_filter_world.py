"""A project whose split the status filters thin out: some documents of each split, all of one.

Ten documents, split train/dev/test as 7/2/1 without a filter (seed 13). Four of train's
documents, one of dev's and none of test's are done by alice and have gold that rita marked
final, so that ``--status done`` and ``--gold-status final`` each keep :data:`KEPT` of each split.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from annotator.services.annotation.labels import set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.review.gold_status import set_gold_status
from tests.helpers import review_team

TEXT = "Officials said the plan would cut costs. Critics denied it."
SPLIT = "train=0.6,dev=0.2,test=0.2"
#: How many of each split's documents the filter keeps.
KEPT = {"train": 4, "dev": 1, "test": 0}
#: Each split's documents without a filter (rule hash-v1, the default seed).
UNFILTERED = {"train": 7, "dev": 2, "test": 1}


def ids_of(data: bytes) -> list[str]:
    lines = data.decode("utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines if '"_meta"' not in line]


def zip_files(data: bytes) -> dict[str, bytes]:
    """Return the split files of a folder export's zip (not its header, ``meta.json``)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist() if name != "meta.json"}


def split_of(files: dict[str, bytes]) -> dict[str, str]:
    """Return each document's split, from a split jsonl export's files."""
    return {
        document: name.removesuffix(".jsonl")
        for name, data in files.items()
        for document in ids_of(data)
    }


def build_split_world(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> dict[str, str]:
    """Make the project ``news``; return each document's split without a filter."""
    project = make_project("news")
    # A text each: one text under two ids is warned of when the splits part them.
    documents = [
        make_document(project, f"{TEXT} ({i})", external_id=f"n{i:02d}") for i in range(10)
    ]
    users = review_team(make_user, assign, *documents)
    for document in documents:
        add_span(session, open_layer(session, users["alice"], document, None), "SOURCE", 0, 9)
    session.commit()
    unfiltered = start_export(session, project, ExportOptions(split=SPLIT))
    splits = split_of(zip_files(b"".join(unfiltered.chunks)))
    # The world is as the counts assume.
    assert {name: list(splits.values()).count(name) for name in KEPT} == UNFILTERED
    by_id = {document.external_id: document for document in documents}
    for name, keep in KEPT.items():
        members = sorted(document for document, split in splits.items() if split == name)
        for index, external_id in enumerate(members):
            document = by_id[external_id]
            set_status(session, users["alice"], document, "done" if index < keep else "in_progress")
            if index < keep:
                gold = open_layer(session, users["rita"], document, "gold")
                add_span(session, gold, "SOURCE", 0, 9)
                set_gold_status(session, users["rita"], document, "final")
    session.commit()
    return splits
