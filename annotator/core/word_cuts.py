"""Whether a span's offsets cut a word in half: the sign of offsets counted another way.

Pure. doccano records, and Label Studio regions or ``jsonl`` spans given without their text,
carry offsets alone, which the import cannot check against anything: offsets a tool counted in
UTF-16 units or in bytes (an emoji or an accented letter before the span) land a few
characters off, "hen G" for "Greta", and went in unseen. A boundary with a letter or digit on
both sides is inside a word, which a span of a name or a claim seldom means; the import warns
of it (a warning, not a refusal: a span of part of a word can be meant).

Scripts written without spaces between words (Chinese, Japanese, Thai...) have a letter on
both sides of almost every boundary, and Korean writes its particles onto the word before
them ("서울에", "in Seoul"): a boundary touching them is never said to cut a word.
"""

from __future__ import annotations

import unicodedata

#: The beginnings of the Unicode names of letters whose words are not set apart by spaces.
_UNSPACED = (
    "CJK",
    "IDEOGRAPHIC",
    "HIRAGANA",
    "KATAKANA",
    "HALFWIDTH KATAKANA",
    "HANGUL",
    "THAI",
    "LAO",
    "KHMER",
    "MYANMAR",
    "TIBETAN",
)


def cuts_word(text: str, at: int) -> bool:
    """Tell whether offset ``at`` of ``text`` falls inside a word: a letter or digit on both
    sides of it, neither of a script written without spaces."""
    if not 0 < at < len(text):
        return False
    before, after = text[at - 1], text[at]
    return before.isalnum() and after.isalnum() and not (_unspaced(before) or _unspaced(after))


def word_cut(text: str, start: int, end: int) -> str | None:
    """Say where the span ``[start, end)`` of ``text`` cuts a word ("at its start", "at its
    end", "at its start and at its end"), or None when it cuts none."""
    ends = [name for name, at in (("start", start), ("end", end)) if cuts_word(text, at)]
    return " and ".join(f"at its {name}" for name in ends) or None


def _unspaced(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_UNSPACED)
