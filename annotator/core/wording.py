"""How a count is said: "1 document", "4 documents"; one rule for pages, messages and the CLI."""

from __future__ import annotations

from dataclasses import dataclass


def counted(count: int, noun: str, plural: str = "") -> str:
    """Return ``count`` with ``noun`` in the number that fits it.

    ``counted(1, "document")`` is "1 document", ``counted(0, "document")`` "0 documents";
    ``plural`` is for a noun whose plural is not ``noun + "s"`` (``counted(2, "entry",
    "entries")``).
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


@dataclass(frozen=True)
class CountedPhrase:
    """What a count is of, written out for one and for many, to be said by :func:`counted`.

    For a noun phrase whose verb or pronoun follows the number as well ("1 span left out
    because it covers no token", "2 spans left out because they cover no token"), which
    adding an "s" to the noun cannot make. Hashable, so a ``Counter`` can key by it.
    """

    one: str
    many: str

    def said(self, count: int) -> str:
        """Return ``count`` with the phrase in the number that fits it."""
        return counted(count, self.one, self.many)
