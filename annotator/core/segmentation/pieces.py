"""The offsets' bookkeeping: sentences as ``(start, end)`` pieces of the text,
trimmed of whitespace, cut at given places.

Offsets are Python ``str`` indices (code points) into the given text,
end-exclusive.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import filterfalse
from operator import itemgetter

NON_SPACE = re.compile(r"\S")
PLUS_ONE = (1).__add__


def trimmed_pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Return the non-blank pieces between ``cuts``, trimmed of whitespace."""
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
        if stripped := text[a:b].lstrip():
            start = b - len(stripped)
            spans.append((start, start + len(stripped.rstrip())))
    return spans


def cut_at(text: str, spans: list[tuple[int, int]], breaks: list[int]) -> list[tuple[int, int]]:
    """Cut the trimmed ``spans`` at the line breaks ``breaks`` that fall inside
    them; a break between two spans changes nothing. The same result as
    ``trimmed_pieces`` on the spans' starts and the breaks, in time
    proportional to the breaks rather than to the text.
    """
    # Leave out, without a Python loop, the breaks that can't cut: one right
    # after a sentence, and one right after another break.
    skip = set(map(itemgetter(1), spans))
    skip.update(map(PLUS_ONE, breaks))
    starts = list(map(itemgetter(0), spans))
    out: list[tuple[int, int]] = []
    done = 0  # spans[:done] are in ``out`` or being cut
    start = end = -1  # the rest of the span being cut
    for pos in filterfalse(skip.__contains__, breaks):
        i = bisect_right(starts, pos) - 1
        if i < 0:
            continue
        if i < done:
            if not start < pos < end:
                continue
        else:
            if pos >= spans[i][1]:
                continue
            if start >= 0:
                out.append((start, end))
            out += spans[done:i]
            done = i + 1
            start, end = spans[i]
        # text[start] is not a space, text[pos] is, and so is none of text[end - 1].
        out.append((start, start + len(text[start:pos].rstrip())))
        start = NON_SPACE.search(text, pos + 1).start()  # type: ignore[union-attr]
    if start >= 0:
        out.append((start, end))
    out += spans[done:]
    return out
