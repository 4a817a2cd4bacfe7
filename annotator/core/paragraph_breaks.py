"""Where the article's paragraphs break: the one rule every page listing sentences follows.

A sentence opens a paragraph when the text between it and the sentence before holds a blank
line (two line breaks or more), and opens a line when it holds one line break. The
segmenter ends a sentence at every blank line (CONTRACT 1), so only the few characters
between two neighbours are read, never the sentences' own text. The pages show each break
as a gap above the sentence (``data-break``, static/css/app.css); the workspace reads it
from the API's sentences (``opens``); the tagger cuts its sequences at both kinds
(core/assist/paragraphs.py). Only the layout follows it: no offset or number changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Break = Literal["paragraph", "line"]


def break_between(text: str, end: int, start: int) -> Break | None:
    """Return what opens a sentence starting at ``start`` after one ending at ``end``:
    ``"paragraph"`` after a blank line, ``"line"`` after one line break, None in the run of a
    paragraph."""
    breaks = text.count("\n", end, start)
    if breaks == 0:
        return None
    return "paragraph" if breaks > 1 else "line"


def sentence_breaks(text: str, sentences: Sequence[tuple[int, int]]) -> list[Break | None]:
    """Return, for each of ``sentences`` (``(start, end)`` in order), what opens it (the
    first: None)."""
    return [None] + [
        break_between(text, before[1], after[0])
        for before, after in zip(sentences, sentences[1:], strict=False)
    ]


def breaks_among(breaks: Sequence[Break | None], shown: Sequence[int]) -> list[Break | None]:
    """Return, for each of the ``shown`` sentences (indices, ascending) of a page that leaves
    some out, the widest break since the one shown before it (the first: None): a paragraph
    that opens among those left out still parts the two shown.

    :param breaks: :func:`sentence_breaks` of every sentence of the document.
    """
    out: list[Break | None] = []
    for before, index in zip([None, *shown], shown, strict=False):
        between = set() if before is None else set(breaks[before + 1 : index + 1])
        out.append("paragraph" if "paragraph" in between else "line" if "line" in between else None)
    return out
