"""Direct quotations: the spans between matching quotation marks.

Straight quotes (``"``) open after a space, a line start or an opening bracket and close
anywhere else; typographic ones pair by kind: “…”, „…“ or „…”, «…», ‹…›, ‘…’. A ‘’
pair must not be an apostrophe ("don’t", "the ’90s"), so a single closing mark between
two letters or before a digit is skipped. A quotation still open at the end of a
paragraph ends there: news writing leaves the mark off when a quote runs on into the
next paragraph, which then opens again.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MARKS = re.compile('["“”„«»‹›‘’\n]')
# For each opening mark, the marks that close it.
_CLOSERS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "‘": "’", '"': '"'}
_AFTER_OPENING = " \t\n([{—–-/"


class Quotation(NamedTuple):
    """A quotation: ``[start, end)`` covers the marks, ``[inner_start, inner_end)`` the words."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def find_quotations(text: str) -> list[Quotation]:
    """Return the quotations of ``text`` in order; nested quotes stay inside the outer one."""
    found: list[Quotation] = []
    opened_at = -1
    opener = ""
    for match in _MARKS.finditer(text):
        mark, at = match.group(), match.start()
        if opened_at < 0:
            if _opens(text, at, mark):
                opened_at, opener = at, mark
            continue
        if mark == "\n":
            found.append(_quotation(text, opened_at, at, at))
            opened_at = -1
        elif mark in _CLOSERS[opener] and _closes(text, at, mark):
            found.append(_quotation(text, opened_at, at, at + 1))
            opened_at = -1
    if opened_at >= 0:
        found.append(_quotation(text, opened_at, len(text), len(text)))
    return [q for q in found if q.inner_end > q.inner_start]


def _opens(text: str, at: int, mark: str) -> bool:
    if mark not in _CLOSERS:
        return False
    if mark in '"‘':
        # Straight and single quotes double as closers and apostrophes: they open only
        # where a word cannot have just ended.
        return at == 0 or text[at - 1] in _AFTER_OPENING
    return True


def _closes(text: str, at: int, mark: str) -> bool:
    if mark != "’":
        return True
    after = text[at + 1 : at + 2]
    before = text[at - 1 : at]
    return not (after.isalnum() and (before.isalpha() or not before.strip()))


def _quotation(text: str, start: int, inner_end: int, end: int) -> Quotation:
    inner_start = start + 1
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return Quotation(start, end, inner_start, inner_end)
