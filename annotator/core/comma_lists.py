"""Comma-separated lists as options and forms give them: ``alice, bob`` or ``doc-1,doc-2``."""

from __future__ import annotations


def comma_separated(value: str | None) -> list[str]:
    """Return the items of ``value`` split at commas, each stripped, blank ones dropped.

    ``" a, ,b "`` gives ``["a", "b"]``; None, an empty or a blank value gives ``[]``. Whether
    no items mean "all" or "none" is the caller's to say.
    """
    if not value:
        return []
    return [item.strip() for item in value.split(",") if item.strip()]
