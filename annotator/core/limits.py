"""The range of an integer the database's 32-bit columns hold: ids, offsets, counts.

A number outside it can name no row and fit no column, so every face refuses it before a
query sees it (the JSON fields in ``api/fields``, the URL ids in ``web/routing``), and the
OpenAPI document states it.
"""

from __future__ import annotations

INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def column_integer(raw: str | None) -> int | None:
    """Return ``raw`` as a whole number from 0 that a column holds, or None if it is none.

    Only ASCII digits count: "²" is a digit to ``str.isdigit`` but ``int`` refuses it, and
    ``int`` also refuses more than 4,300 digits; a query parameter checked by ``isdigit``
    alone answered 500 for both.
    """
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= len(str(INT_MAX)):
        value = int(raw)
        if value <= INT_MAX:
            return value
    return None
