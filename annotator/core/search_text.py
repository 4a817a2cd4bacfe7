"""What a document search compares: a document's title, external id and metadata, lowercased.

The document list's search (``q``) is a case-insensitive substring of any of the three. The
lowercased copies are made here, once, when a document is stored, and kept in a narrow table
of their own (``document_search``), so that a search reads a few hundred kilobytes instead
of every document's row, which on SQLite begins with the start of its long text. The search
text is lowercased by the same function, so both sides fold case alike, Unicode included
(SQL's ``lower()`` folds only ASCII on SQLite).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class SearchFields(NamedTuple):
    """A document's searched fields, lowercased; an untitled document's title is empty."""

    title: str
    external_id: str
    meta: str


def fold(text: str) -> str:
    """Return ``text`` as a search compares it: lowercased."""
    return text.lower()


def search_fields(title: str | None, external_id: str, meta: dict[str, Any]) -> SearchFields:
    """Return what a search compares of a document.

    The metadata is its JSON text, keys included (a search for ``source`` finds documents
    with that key), with non-ASCII characters as written rather than escaped.
    """
    return SearchFields(
        title=fold(title or ""),
        external_id=fold(external_id),
        meta=fold(json.dumps(meta, ensure_ascii=False)),
    )
