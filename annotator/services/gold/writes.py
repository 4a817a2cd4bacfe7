"""Which documents a session wrote gold on, so that a training may follow its commit.

Every path that writes the gold layer (the workspace's spans, relations and labels, the fast
path, adjudication, unanimous items, annotated imports) notes the document here, on the
session's ``info``; the web layer reads the notes after a successful request and hands the
projects to the background trainer (:mod:`annotator.web.training`). A note costs a set
insertion; one that a rolled-back write leaves behind only makes the trainer look and find
nothing due.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.db import Db

_KEY = "annotator.gold_written"


def note_gold_write(session: Db, document_ids: int | Iterable[int]) -> None:
    """Remember that this session wrote the gold layer of these documents."""
    noted = session.info.setdefault(_KEY, set())
    if isinstance(document_ids, int):
        noted.add(document_ids)
    else:
        noted.update(document_ids)


def take_gold_writes(session: Db) -> set[int]:
    """Return and forget the documents whose gold layer this session wrote."""
    taken: set[int] = session.info.pop(_KEY, set())
    return taken
