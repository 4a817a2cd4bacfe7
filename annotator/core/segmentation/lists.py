"""List items: a bullet, or the next number of an inline numbered list,
starts a sentence, and an item's number never ends one.
"""

from __future__ import annotations

import re

_BULLETS = "•‣⁃◦▪●"
# A bullet not glued to a word, optionally followed by an item number:
# "• 9. ", "⁃10. ". The look-behind comes after the bullet so that the regex
# engine scans for the bullet first; the other way round is 4 times slower.
_BULLET = re.compile(
    r"[•‣⁃◦▪●](?<!\S[•‣⁃◦▪●])[^\S\n]*(?:(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])[^\S\n]+)?"
)
# An item number in an inline list ("1. ", "2.) ", "b) ") and a line that
# starts such a list.
_ITEM = re.compile(r"(?<!\S)(\d{1,2}|[a-z])(?:\.\)|[.)])[^\S\n]+")
_LIST_START = re.compile(r"[^\S\n]*(1|a)(?:\.\)|[.)])[^\S\n]")
_LIST_START_AFTER_BREAK = re.compile("\n" + _LIST_START.pattern)


def may_hold_items(text: str) -> bool:
    """Whether ``text`` may hold list items: a bullet, or a line that starts a
    numbered list."""
    return _has_bullet(text) or bool(
        _LIST_START.match(text) or _LIST_START_AFTER_BREAK.search(text)
    )


def _has_bullet(text: str) -> bool:
    # str's own search is some 10 times faster than a regex's character set,
    # and an ASCII text needs none.
    return not text.isascii() and any(bullet in text for bullet in _BULLETS)


def list_items(text: str, starts: set[int]) -> None:
    """Start a sentence at each list item, and drop any start right after an
    item's number: Punkt reads "2." as a sentence, and doesn't know that an
    inline "2)" begins one.
    """
    # Looking for the bullets first is some 20 times faster than the regex.
    for m in _BULLET.finditer(text) if _has_bullet(text) else ():
        starts.add(m.start())
        starts.difference_update(range(m.start() + 1, m.end() + 1))

    # Only a line starting with "1" or "a" begins a list, and only the
    # following numbers in sequence are items, so that numbers in prose
    # ("see p. 55", "turn 2) left") are left alone.
    first_line = [first] if (first := _LIST_START.match(text)) else []
    for m in [*first_line, *_LIST_START_AFTER_BREAK.finditer(text)]:
        end = text.find("\n", m.start(1))
        expect = m.group(1)
        for item in _ITEM.finditer(text, m.start(1), len(text) if end < 0 else end):
            if item.group(1) == expect:
                starts.add(item.start())
                starts.difference_update(range(item.start() + 1, item.end() + 1))
                expect = str(int(expect) + 1) if expect.isdigit() else chr(ord(expect) + 1)
