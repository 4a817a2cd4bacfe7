"""Sentence splitting.

Punctuation-based boundaries come from nupunkt (a Punkt implementation with a
pre-trained English model). This module adds the layout rules of our documents
on top of it, without ever modifying the text:

-   A line break ends a sentence, except in hard-wrapped text, where a line
    that is full to the wrap width continues on the next line.
-   A blank line always ends a sentence.
-   A list bullet, or the next number of an inline numbered list, starts a
    sentence, and an item's number never ends one.

Offsets are Python ``str`` indices (code points) into the given text,
end-exclusive.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nupunkt
from nupunkt.models import load_default_model
from nupunkt.tokenizers.sentence_tokenizer import PunktSentenceTokenizer

#: Names the rules that produced a segmentation, so spans made by another
#: version can be told apart. Bump the suffix when the rules below change.
SEGMENTER_VERSION = f"nupunkt-{nupunkt.__version__}+lines-1"

# Hard wraps are made at a fixed column, classically 60 to 80. A line with
# spaces longer than the maximum was not wrapped; below the minimum, wrapped
# prose can't be told apart from a list of short lines.
_WRAP_MIN = 40
_WRAP_MAX = 100
_TERMINAL = re.compile(r"[.!?:;…][\"')\]}’”»]*$")
_NEWLINE = re.compile("\n")
# A bullet not glued to a word, optionally followed by an item number:
# "• 9. ", "⁃10. ". The look-behind comes after the bullet so that the regex
# engine scans for the bullet first; the other way round is 4 times slower.
_BULLET = re.compile(
    r"[•‣⁃◦▪●](?<!\S[•‣⁃◦▪●])[^\S\n]*(?:(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])[^\S\n]+)?"
)
# An item number in an inline list ("1. ", "2.) ", "b) ") and a line that
# starts such a list.
_ITEM = re.compile(r"(?<!\S)(\d{1,2}|[a-z])(?:\.\)|[.)])[^\S\n]+")
_LIST_START = re.compile(r"^[^\S\n]*(1|a)(?:\.\)|[.)])[^\S\n]", re.MULTILINE)


@lru_cache(maxsize=1)
def _tokenizer() -> PunktSentenceTokenizer:
    # Our own instance: ``nupunkt.load`` shares one per process, and we change
    # an option on it.
    tokenizer = load_default_model()
    # "She works at Yahoo! in the ...": "!" or "?" followed by a lowercase word
    # continues the sentence.
    tokenizer.EXCL_QUEST_LOWERCASE_CONTINUES = True
    return tokenizer


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences.

    :param text: The text, with line breaks normalised to ``\\n``.
    :return: ``(start, end)`` code point offsets of each sentence, in order,
        non-overlapping, trimmed of surrounding whitespace. A sentence is
        never empty and never crosses a blank line.
    """
    if not text or text.isspace():
        return []

    # Candidate starts; whitespace between them is trimmed off below.
    starts = {0, *(start for start, _ in _tokenizer().span_tokenize(text))}
    _list_items(text, starts)
    # Added last, so that the list rules can't remove a line break.
    starts.update(pos + 1 for pos in _line_breaks(text))
    cuts = sorted(starts)
    spans: list[tuple[int, int]] = []

    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
        if stripped := text[a:b].lstrip():
            start = b - len(stripped)
            spans.append((start, start + len(stripped.rstrip())))

    return spans


def _list_items(text: str, starts: set[int]) -> None:
    """Start a sentence at each list item, and drop any start right after an
    item's number: Punkt reads "2." as a sentence, and doesn't know that an
    inline "2)" begins one.
    """
    # Looking for the bullets first is some 20 times faster than the regex.
    for m in _BULLET.finditer(text) if any(c in text for c in "•‣⁃◦▪●") else ():
        starts.add(m.start())
        starts.difference_update(range(m.start() + 1, m.end() + 1))

    # Only a line starting with "1" or "a" begins a list, and only the
    # following numbers in sequence are items, so that numbers in prose
    # ("see p. 55", "turn 2) left") are left alone.
    for m in _LIST_START.finditer(text):
        end = text.find("\n", m.start())
        expect = m.group(1)
        for item in _ITEM.finditer(text, m.start(), len(text) if end < 0 else end):
            if item.group(1) == expect:
                starts.add(item.start())
                starts.difference_update(range(item.start() + 1, item.end() + 1))
                expect = str(int(expect) + 1) if expect.isdigit() else chr(ord(expect) + 1)


def _line_breaks(text: str) -> list[int]:
    """Return the offsets of the line breaks that end a sentence: all of them,
    unless the text is hard-wrapped, where a line that is full to the wrap
    width continues on the next line.
    """
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    lines = text.split("\n")
    widths = [len(line.rstrip()) for line in lines]

    if any(
        w > _WRAP_MAX and len(line.split(None, 1)) > 1
        for w, line in zip(widths, lines, strict=True)
    ):
        return breaks

    # A line is full if the first word of the next line would not have fit
    # on it: the wrapper broke it, not the writer. The width is the longest
    # line of the paragraph.
    full = [False] * len(breaks)
    inner = unpunctuated = 0
    lowercase = False
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and widths[j]:
            j += 1
        width = max(widths[i:j], default=0)
        for k in range(i, j - 1):
            inner += 1
            # Split at spaces only: a no-break space doesn't allow a wrap.
            word = len(lines[k + 1].lstrip(" \t").split(" ", 1)[0])
            full[k] = width >= _WRAP_MIN and widths[k] + 1 + word > width
            if full[k] and not _TERMINAL.search(lines[k].rstrip()):
                unpunctuated += 1
                lowercase = lowercase or lines[k + 1].lstrip()[:1].islower()
        i = j + 1

    # Wrapped text: at least half the lines that continue a paragraph are full
    # and end without terminal punctuation (the others end a sentence by
    # chance). One such line is too little to go by ("Title\nSubtitle"),
    # unless the next line goes on in lowercase.
    if 2 * unpunctuated < inner or (unpunctuated < 2 and not lowercase):
        return breaks

    return [pos for pos, soft in zip(breaks, full, strict=True) if not soft]
