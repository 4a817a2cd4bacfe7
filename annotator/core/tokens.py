"""Words with code-point offsets: the tokens of the CoNLL export and of the suggestions.

A token is a run of word characters, with inner hyphens and apostrophes kept ("don't",
"Trump’s", "well-known"), or any other single non-space character (punctuation and quotation
marks are tokens of their own, which the quotation and cue rules rely on).

A character is more than a code point where marks and joiners are written after it: "é" as
"e" and a combining acute, a Devanagari consonant with its vowel sign ("हि"), Arabic letters
with their vowel marks, an emoji with a skin tone or joined to another ("👩‍💻"). Python's
``\\w`` takes no mark, so those words fell apart into letters and lone marks, which no
tagger can learn from. A mark, a joiner or a modifier therefore stays with the token before
it, and a word goes on after a mark ("हिन्दी" is one token).

The core needs no NLP library for this: one home for the rule, read by the CoNLL export
(:mod:`annotator.core.formats.conll`) and the suggestions (:mod:`annotator.core.assist`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\S")

#: The zero-width joiner, and the variation selectors that choose text or emoji presentation.
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")
#: Emoji skin tone modifiers (category Sk, not marks).
_SKIN_TONES = range(0x1F3FB, 0x1F400)


class Token(NamedTuple):
    """One token: its text and its ``[start, end)`` code-point offsets."""

    text: str
    start: int
    end: int


def _attaches(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (a mark, joiner or modifier)."""
    return (
        char in _JOINERS or ord(char) in _SKIN_TONES or unicodedata.category(char).startswith("M")
    )


def _goes_on(text: str, at: int) -> bool:
    """Whether the token starting at ``at`` continues the one that ends there."""
    if _attaches(text[at]):
        return True
    last = text[at - 1]
    # After a joiner anything joins (an emoji sequence); after a mark a word goes on.
    return last in _JOINERS or (unicodedata.category(last).startswith("M") and text[at].isalnum())


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the tokens of ``text[start:end]``, with offsets into the whole ``text``."""
    stop = len(text) if end is None else end
    bounds: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text, start, stop):
        at, to = match.span()
        if bounds and bounds[-1][1] == at and _goes_on(text, at):
            bounds[-1] = (bounds[-1][0], to)
        else:
            bounds.append((at, to))
    return [Token(text[at:to], at, to) for at, to in bounds]
