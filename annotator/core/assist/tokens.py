"""A small word tokenizer with code-point offsets, so the core needs no NLP library.

A token is a run of word characters, with inner hyphens and apostrophes kept
("don't", "Trump’s", "well-known"), or any other single non-space character
(punctuation and quotation marks are tokens of their own, which the quotation and
cue rules rely on).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\S")


class Token(NamedTuple):
    """One token: its text and its ``[start, end)`` code-point offsets."""

    text: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the tokens of ``text[start:end]``, with offsets into the whole ``text``."""
    stop = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, stop)]
