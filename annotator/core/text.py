"""Text normalisation and hashing for imported documents (CONTRACT section 1)."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property


def normalise_text(text: str) -> str:
    """Drop a leading byte-order mark and turn ``\\r\\n`` and ``\\r`` into ``\\n``.

    Nothing else is touched: no trimming, no Unicode normalisation, no unescaping, because
    every offset users hold refers to this exact text.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CRLF = re.compile("\r\n")


@dataclass(frozen=True)
class GivenText:
    """A text as a file gave it and as it is stored, with offsets carried from one to the other.

    Other tools (brat, doccano, Label Studio) keep a text as they were given it and count
    offsets in it, ``\\r\\n`` and a leading byte-order mark included; the stored text has
    neither (:func:`normalise_text`). Every importer checks a span against :attr:`given`
    and stores it at :meth:`stored_offset`. A boundary between the ``\\r`` and the ``\\n``
    of a pair lands on the stored line break: a span ending after the ``\\r`` stops before
    it, a span starting at the ``\\n`` starts at it.
    """

    given: str
    stored: str
    #: The offsets of the given characters the stored text drops (a leading byte-order
    #: mark, the ``\\r`` of each ``\\r\\n``), in order; None when it drops none.
    dropped: list[int] | None

    @classmethod
    def of(cls, given: str) -> GivenText:
        """Return ``given`` with its stored text and the characters that text drops."""
        stored = normalise_text(given)
        if len(stored) == len(given):  # a lone \r becomes \n in place: nothing moves
            return cls(given, stored, None)
        dropped = [0] if given.startswith("\ufeff") else []
        dropped += [found.start() for found in _CRLF.finditer(given)]
        return cls(given, stored, dropped)

    def stored_offset(self, offset: int) -> int:
        """Return the stored offset of ``offset`` of the given text (``0..len(given)``).

        Every dropped character before it moves it back by one; an offset just after one
        (between ``\\r`` and ``\\n``) lands where the dropped character stood.
        """
        return offset if self.dropped is None else offset - bisect_left(self.dropped, offset)

    def read_as(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Return the code point offsets at which a span whose ``text`` is given lies.

        ``[start, end)`` when that is where ``text`` is; else the same offsets read as UTF-16
        code units, as a browser counts (Label Studio did so for years, one past per emoji),
        when ``text`` is there; else ``[start, end)`` still, for the check to refuse.
        """
        if self.given[start:end] == text or not 0 <= start <= end:
            return start, end
        points = self._code_points
        if end < len(points) and points[start] >= 0 and points[end] >= 0:
            found = points[start], points[end]
            if self.given[found[0] : found[1]] == text:
                return found
        return start, end

    @cached_property
    def _code_points(self) -> list[int]:
        """``[i]``: the code point offset of UTF-16 offset ``i`` (-1 inside a pair)."""
        points: list[int] = []
        for i, char in enumerate(self.given):
            points.append(i)
            if ord(char) > 0xFFFF:
                points.append(-1)
        points.append(len(self.given))
        return points

    def vanishes(self, start: int, end: int) -> str | None:
        """Say what of the given text ``[start, end)`` the stored text drops, if it is all
        that range holds (so that the range is empty once stored); None otherwise."""
        if start >= end or self.stored_offset(start) != self.stored_offset(end):
            return None
        if self.given[start:end] == "\ufeff":
            return "holds only the byte-order mark, which the stored text drops"
        return "holds only the \\r of a \\r\\n line end, which the stored text makes one \\n"


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of the stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unstorable_reason(value: str) -> str | None:
    """Say why ``value`` cannot be stored as text, or None when it can.

    PostgreSQL cannot store NUL in text, and a lone surrogate (possible through a JSON
    "\\ud800" escape) is not encodable at all; SQLite would take both, so both are refused
    everywhere, and a value that cannot be stored cannot name anything stored either.
    """
    if "\x00" in value:
        return "contains a NUL character (U+0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contains an unpaired surrogate at offset {exc.start}"
    return None
