"""What a document search compares: a document's title, external id and metadata, lowercased.

The document list's search (``q``) is a case-insensitive substring of any of the three. The
lowercased copies are made here, once, when a document is stored, and kept in a narrow table
of their own (``document_search``), so that a search reads a few hundred kilobytes instead
of every document's row, which on SQLite begins with the start of its long text. The search
text is lowercased by the same function, so both sides fold case alike, Unicode included
(SQL's ``lower()`` folds only ASCII on SQLite).

The same rule finds people by name (``q`` on the users and a project's members): a
case-insensitive substring of the user name, whatever the list. :func:`checked_search` and
:func:`like_pattern` are that rule's one home. People are compared by the folded copy each
user row already keeps of its name (its look-alike key, :mod:`annotator.core.look_alike`),
which folds case beyond ASCII too, so the pattern is folded by that key's function.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from annotator.core.errors import Malformed
from annotator.core.limits import SEARCH_MAX


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


def checked_search(q: str | None) -> str | None:
    """Return the text a search looks for (its ends stripped), None for no search.

    :raises Malformed: (``details.field`` ``q``) a text longer than :data:`SEARCH_MAX`.
    """
    wanted = (q or "").strip()
    if len(wanted) > SEARCH_MAX:
        raise Malformed(
            f"the search text is {len(wanted)} characters long; a search takes at most "
            f"{SEARCH_MAX}",
            details={"field": "q"},
        )
    return wanted or None


def like_pattern(q: str, folded: Callable[[str], str] = fold) -> str:
    """Return the SQL ``LIKE`` pattern (escape character ``\\``) of a search for ``q``:
    any text holding it, folded as the searched column was (``folded``), its ``%`` and ``_``
    taken as themselves."""
    escaped = folded(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
