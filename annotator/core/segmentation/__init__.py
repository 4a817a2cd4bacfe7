"""Sentence splitting.

Punctuation-based boundaries come from nupunkt (a Punkt implementation with a
pre-trained English model). This module adds the layout rules of our documents
on top of it, without ever modifying the text:

-   A line break ends a sentence, except in hard-wrapped text, where a line
    that is full to the wrap width continues on the next line.
-   A blank line always ends a sentence.
-   A list bullet, or the next number of an inline numbered list, starts a
    sentence, and an item's number never ends one.
-   Where Punkt's boundaries go wrong within a line (a reference mark, an
    emoticon or an emoji after a sentence, a figure's label, a letter's
    closing, a dotted initialism), they are corrected: see ``within_lines``, which lists them.

Punkt's model also takes some whole words for abbreviations, and lacks some
of news text: see ``model``.

The rules have a module each: ``model`` (Punkt's English model with our
abbreviations), ``lines`` (the line breaks that end a sentence), ``lists``
(list items), ``within_lines`` (corrections to Punkt within a line) and
``pieces`` (the offsets' bookkeeping).

Offsets are Python ``str`` indices (code points) into the given text,
end-exclusive.
"""

from __future__ import annotations

from importlib.metadata import version

from .lines import line_breaks
from .lists import list_items, may_hold_items
from .model import tokenizer
from .pieces import cut_at, trimmed_pieces
from .within_lines import joined_within_lines

#: Names the rules that produced a segmentation, so spans made by another
#: version can be told apart. Bump the suffix when the rules of this package change.
#: nupunkt's version from its metadata: importing nupunkt for it would load its
#: 22 modules into every process that merely lists documents.
SEGMENTER_VERSION = f"nupunkt-{version('nupunkt')}+lines-5"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences.

    :param text: The text, with line breaks normalised to ``\\n``.
    :return: ``(start, end)`` code point offsets of each sentence, in order,
        non-overlapping, trimmed of surrounding whitespace. A sentence is
        never empty and never crosses a blank line.
    """
    if not text or text.isspace():
        return []

    # nupunkt's spans are already trimmed, and only whitespace lies between
    # them, except before the first one (its first start is always 0);
    # tests/test_segmentation_reference.py holds us to the plain cut-and-trim.
    spans = list(tokenizer().span_tokenize(text))
    if text[0].isspace():
        spans[0] = (len(text) - len(text.lstrip()), spans[0][1])

    if may_hold_items(text):
        # The list rules may also remove a start: cut the text anew.
        starts = {start for start, _ in spans}
        list_items(text, starts)
        # Added last, so that the list rules can't remove a line break.
        starts.update(pos + 1 for pos in line_breaks(text))
        return joined_within_lines(text, trimmed_pieces(text, sorted(starts)))

    if "\n" in text:
        spans = cut_at(text, spans, line_breaks(text))
    return joined_within_lines(text, spans)
