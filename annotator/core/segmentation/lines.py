"""Which line breaks end a sentence: every one, except in hard-wrapped text,
where a line that is full to the wrap width continues on the next line.
"""

from __future__ import annotations

import re
from itertools import accumulate, compress, count, repeat
from operator import add, gt, itemgetter, not_

from .pieces import PLUS_ONE

# Hard wraps are made at a fixed column, classically 60 to 80. A line with
# spaces longer than the maximum was not wrapped; below the minimum, wrapped
# prose can't be told apart from a list of short lines.
_WRAP_MIN = 40
_WRAP_MAX = 100
# A line ends a sentence if it ends with one of these, before any closing
# quotes and brackets.
_TERMINAL = frozenset(".!?:;…")
_CLOSING = "\"')]}’”»"
# A line longer than _WRAP_MAX without its trailing whitespace, of two words
# or more.
_LONG_LINE = re.compile(rf"(?=.{{{_WRAP_MAX}}}.*?\S).*?\S\s+\S")


def line_breaks(text: str) -> list[int]:
    """Return the offsets of the line breaks that end a sentence: all of them,
    unless the text is hard-wrapped, where a line that is full to the wrap
    width continues on the next line.

    Every step over the lines runs in ``map`` and friends, not in a Python
    loop: only the paragraphs are looped over.
    """
    lines = text.split("\n")
    # Line k ends at the break sum(len(line) + 1 for line in lines[: k + 1]) - 1.
    breaks = list(accumulate(map(PLUS_ONE, map(len, lines[:-1])), initial=-1))[1:]
    # A line of two words or more longer than the widest wrap: not wrapped.
    # Lazy, so that it stops at the first.
    if any(map(_LONG_LINE.match, compress(lines, map(gt, map(len, lines), repeat(_WRAP_MAX))))):
        return breaks

    trimmed = list(map(str.rstrip, lines))
    widths = list(map(len, trimmed))

    # The first word of each line. Split at spaces only: a no-break space
    # doesn't allow a wrap.
    words = map(str.partition, map(str.lstrip, lines, repeat(" \t")), repeat(" "))
    word_widths = list(map(len, map(itemgetter(0), words)))

    # A line is full if the first word of the next line would not have fit
    # on it: the wrapper broke it, not the writer. The width is the longest
    # line of the paragraph, and paragraphs end at blank lines.
    full = [False] * len(breaks)
    inner = 0  # lines that continue a paragraph
    first = 0
    for blank in [*compress(count(), map(not_, widths)), len(lines)]:
        if blank - first > 1:
            inner += blank - first - 1
            width = max(widths[first:blank])
            if width >= _WRAP_MIN:
                # widths[k] + 1 + word_widths[k + 1] > width
                full[first : blank - 1] = map(
                    gt,
                    map(add, widths[first : blank - 1], word_widths[first + 1 : blank]),
                    repeat(width - 1),
                )
        first = blank + 1

    # Wrapped text: at least half the lines that continue a paragraph are full
    # and end without terminal punctuation (the others end a sentence by
    # chance). One such line is too little to go by ("Title\nSubtitle"),
    # unless the next line goes on in lowercase.
    last_chars = map(itemgetter(slice(-1, None)), map(str.rstrip, trimmed, repeat(_CLOSING)))
    unpunctuated = list(map(gt, full, map(_TERMINAL.__contains__, last_chars)))
    count_unpunctuated = sum(unpunctuated)
    if 2 * count_unpunctuated < inner or count_unpunctuated == 0:
        return breaks
    if count_unpunctuated == 1:
        k = unpunctuated.index(True)
        if not lines[k + 1].lstrip()[:1].islower():
            return breaks

    return list(compress(breaks, map(not_, full)))
