"""Text normalisation and hashing for imported documents (CONTRACT section 1)."""

from __future__ import annotations

import hashlib


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
