"""The texts of the documents written lately, kept in the process and known by their hash.

Every span write checks its offsets against the document's text and answers with the span's
own text, so the write target read the whole text (12 KB in the benchmark) from the database
and made a ``str`` of it on every write. A document's text is never edited, and its row
holds the SHA-256 of the text (``content_hash``, computed wherever a text is stored). The
write target's query therefore asks for the text only when the hash it was given is not the
row's (:data:`TEXT_UNLESS_KNOWN`): a text kept here under the row's hash is that text,
whatever the database, whichever document now has the id (SQLite may give a deleted
document's id to the next one).

Threads share one dict, replaced whole when a text is added, so that a reader sees one state
or the next. What is kept is bounded by the characters held, the oldest text going first.
"""

from __future__ import annotations

from sqlalchemy import String, bindparam, case

from annotator.models import Document

#: The most characters kept (about 4 MB of ASCII text, up to four times that otherwise).
MOST_CHARACTERS = 4_000_000

#: The document's text, or NULL when its hash is ``:known_hash`` (the text kept here).
TEXT_UNLESS_KNOWN = case(
    (Document.content_hash == bindparam("known_hash", type_=String), None),
    else_=Document.text,
)

#: A kept text and the hash it is known by.
KeptText = tuple[str, str]

# document id -> (content hash, text), the oldest first.
_KEPT: list[dict[int, KeptText]] = [{}]


def kept_text(document_id: int) -> KeptText | None:
    """Return the hash and text kept for ``document_id``, or None: give its hash (or None)
    as ``known_hash`` to :data:`TEXT_UNLESS_KNOWN`, then this to :func:`document_text`."""
    return _KEPT[0].get(document_id)


def document_text(
    document_id: int, kept: KeptText | None, content_hash: str, text: str | None
) -> str:
    """Return the document's text: ``text`` as read (now kept), or the kept one when None.

    :param kept: what :func:`kept_text` gave before the query (its hash was ``known_hash``).
    :param content_hash: the row's hash, read with ``text``.
    :param text: what :data:`TEXT_UNLESS_KNOWN` read: None when ``kept`` is the row's text.
    """
    if text is None:
        assert kept is not None and kept[0] == content_hash  # else the row gave its text
        return kept[1]
    if len(text) <= MOST_CHARACTERS:
        _keep(document_id, content_hash, text)
    return text


def _keep(document_id: int, content_hash: str, text: str) -> None:
    kept = {key: value for key, value in _KEPT[0].items() if key != document_id}
    held = sum(len(value[1]) for value in kept.values()) + len(text)
    for key in list(kept):
        if held <= MOST_CHARACTERS:
            break
        held -= len(kept.pop(key)[1])
    kept[document_id] = (content_hash, text)
    _KEPT[0] = kept


def forget_all() -> None:
    """Drop every kept text (tests that change a stored text behind the app's back)."""
    _KEPT[0] = {}
