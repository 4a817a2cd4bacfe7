"""Limits on what is stored: the range of the database's integers, the length of a name.

The range of an integer the database's 32-bit columns hold (ids, offsets, counts): a number
outside it can name no row and fit no column, so every face refuses it before a query sees it
(the JSON fields in ``api/fields``, the URL ids in ``web/routing``), and the OpenAPI document
states it.

The longest project name: every page heads the project's pages with it, and a name of
hundreds of characters filled the heading with five lines. The services refuse a longer one
(:func:`project_name`) for the pages, the API, the command line and project files alike; the
forms and the OpenAPI document say the same limit.
"""

from __future__ import annotations

from annotator.core.errors import Invalid

INT_MIN, INT_MAX = -(2**31), 2**31 - 1

PROJECT_NAME_MAX = 200


def project_name(raw: str) -> str:
    """Return a project's name as stored: ``raw`` stripped of spaces at its ends.

    :raises Invalid: (field ``name``) a name longer than :data:`PROJECT_NAME_MAX` characters.
    """
    name = raw.strip()
    if len(name) > PROJECT_NAME_MAX:
        raise Invalid(
            f"the name is {len(name)} characters long; a project name takes at most "
            f"{PROJECT_NAME_MAX}",
            details={"field": "name"},
        )
    return name


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
