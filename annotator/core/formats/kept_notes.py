"""brat notes an older file kept in a document's shared ``meta``, moved onto their spans.

Pure. Before notes were their span's own (``span.note``), a brat import kept every
annotator's ``#`` notes in the document's ``meta`` as ``brat_notes`` (``{"annotator", "on",
"note", "label"?, "start"?, "end"?}``), and the jsonl export and the project file (before
version 6) wrote them so: loaded as they were, every annotator of the document read the
others' notes again. The jsonl import (:mod:`annotator.core.formats.records`) and the project
file's load (:mod:`annotator.core.formats.project_stream`) both move them with
:func:`notes_onto_spans`; the database's were moved by migration 0020, by the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.wording import CountedPhrase

KEY = "brat_notes"
NOTES_NOT_PLACED = CountedPhrase(
    "brat note in meta.brat_notes left out: no span of its layer has its label and offsets",
    "brat notes in meta.brat_notes left out: no span of their layer has their label and offsets",
)


def notes_onto_spans(meta: Any, layers: Iterable[tuple[Any, Any]]) -> int:
    """Move ``meta["brat_notes"]`` onto the spans of ``layers``; return how many no span took.

    :param layers: ``(name, spans)``: a layer's annotator (``gold`` for gold) and its list of
        span objects as the file gives them; each span gets a ``note`` (None when none).

    A note goes onto the first span of its annotator's layer with its label and offsets, as
    the brat export matched them, after any note the span has (a line each); one no span
    takes (on a relation or an event, or a span not in the file) is left out and counted.
    ``brat_notes`` leaves ``meta`` whatever it held.
    """
    kept = meta.pop(KEY, None) if isinstance(meta, dict) else None
    spans: dict[tuple[Any, ...], dict[str, Any]] = {}
    for name, items in layers:
        for span in items if isinstance(items, list) else ():
            if isinstance(span, dict):
                span.setdefault("note", None)
                place = (name, span.get("label"), span.get("start"), span.get("end"))
                spans.setdefault(place, span)
    left_out = 0
    for note in kept if isinstance(kept, list) else [kept] if kept is not None else ():
        span = None
        if isinstance(note, dict):
            place = (note.get("annotator"), note.get("label"), note.get("start"), note.get("end"))
            span = spans.get(place)
        if span is None:
            left_out += 1
            continue
        text = " ".join(str(note.get("note", "")).split())  # a note is one line
        if span["note"] is None:
            span["note"] = text
        elif isinstance(span["note"], str):  # else the layer's check names what it is
            span["note"] = f"{span['note']}\n{text}"
    return left_out
