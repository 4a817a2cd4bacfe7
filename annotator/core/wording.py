"""How a count is said: "1 document", "4 documents"; one rule for pages, messages and the CLI."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """Return ``count`` with ``noun`` in the number that fits it.

    ``counted(1, "document")`` is "1 document", ``counted(0, "document")`` "0 documents";
    ``plural`` is for a noun whose plural is not ``noun + "s"`` (``counted(2, "entry",
    "entries")``).
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
