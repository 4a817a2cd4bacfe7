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


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of the stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
