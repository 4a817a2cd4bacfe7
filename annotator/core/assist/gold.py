"""The plain data models learn from: a document's text and its gold spans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class LabeledSpan(NamedTuple):
    """A gold span ``[start, end)`` in code points of its document's text."""

    label: str
    start: int
    end: int


@dataclass(frozen=True)
class GoldDocument:
    """A document to learn from: its id (as in exports), text, gold spans and sentences.

    ``sentences`` may be left empty; they are then split by the core's segmenter.
    """

    id: str
    text: str
    spans: Sequence[LabeledSpan] = ()
    sentences: Sequence[tuple[int, int]] = field(default=())
