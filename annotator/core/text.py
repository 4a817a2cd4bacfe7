"""Text normalisation and hashing for imported documents (CONTRACT section 1)."""

from __future__ import annotations

import hashlib
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


def normalise_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Normalise ``text`` as :func:`normalise_text` does, and say where each offset moves.

    Return the normalised text and, when it differs from ``text``, a list ``moved`` such
    that offset ``i`` of ``text`` is offset ``moved[i]`` of the normalised text (a dropped
    ``\r`` of ``\r\n`` and a dropped byte-order mark sit where the next character lands);
    None when nothing changed, so offsets stay as they are.
    """
    normalised = normalise_text(text)
    if normalised == text:
        return text, None
    moved = [0] * (len(text) + 1)
    position = 0
    for i, char in enumerate(text):
        moved[i] = position
        dropped = (i == 0 and char == "\ufeff") or (
            char == "\r" and i + 1 < len(text) and text[i + 1] == "\n"
        )
        if not dropped:
            position += 1
    moved[len(text)] = position
    return normalised, moved


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
    #: ``moved[i]`` is the stored offset of given offset ``i``; None when nothing moved.
    moved: list[int] | None

    @classmethod
    def of(cls, given: str) -> GivenText:
        """Return ``given`` with its stored text and how its offsets move."""
        stored, moved = normalise_with_offsets(given)
        return cls(given, stored, moved)

    def stored_offset(self, offset: int) -> int:
        """Return the stored offset of ``offset`` of the given text (``0..len(given)``)."""
        return offset if self.moved is None else self.moved[offset]

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
