"""Limits on what is stored: the range of the database's integers, the length of a name.

The range of an integer the database's 32-bit columns hold (ids, offsets, counts): a number
outside it can name no row and fit no column, so every face refuses it before a query sees it
(the JSON fields in ``api/fields``, the URL ids in ``web/routing``), and the OpenAPI document
states it.

The longest project name: every page heads the project's pages with it, and a name of
hundreds of characters filled the heading with five lines. The services refuse a longer one
(:func:`project_name`) for the pages, the API, the command line and project files alike; the
forms and the OpenAPI document say the same limit.

The longest name in a label schema (a span label, relation type, label field or attribute):
the size of the columns that store span labels, relation types and label fields' names. The
schema's rules refuse a longer one (:mod:`annotator.core.label_schema`); PostgreSQL refused
the first span so labelled with a server error.

The longest document title: the size of the column that stores it. Every way a document comes
in (the upload form, the API's import, the command line, another tool's records, a project
file) refuses a longer one through :func:`title_too_long`, naming the file, the line and the
field, and imports nothing; the pages clip a long one in its heading, whole in its tooltip.
"""

from __future__ import annotations

from annotator.core.errors import Invalid

INT_MIN, INT_MAX = -(2**31), 2**31 - 1

PROJECT_NAME_MAX = 200

#: The longest user name (the column's size): the services refuse a longer one
#: (``users.username_problem``), the forms and the OpenAPI document say the same.
USERNAME_MAX = 80

#: A project's slug: at most :data:`SLUG_MAX` of :data:`SLUG_CHARACTERS`, said in
#: :data:`SLUG_WORDS`; :data:`SLUG_PATTERN` says both at once (the service and the OpenAPI
#: document), the forms say each apart (one error for a slug too long, not two).
SLUG_MAX = 64
SLUG_CHARACTERS = r"^[a-z0-9][a-z0-9_-]*$"
SLUG_PATTERN = rf"^[a-z0-9][a-z0-9_-]{{0,{SLUG_MAX - 1}}}$"
SLUG_WORDS = "lowercase letters, digits, '-' and '_', starting with a letter or digit"

LABEL_NAME_MAX = 100

DOCUMENT_TITLE_MAX = 1000

#: The longest name of the model a suggestion came from (its version, or ``rules``).
MODEL_NAME_MAX = 32

#: The longest text a document search looks for: a title's longest, and far below what a
#: database's LIKE takes (SQLite refuses a pattern over 50,000 bytes with an error, a 500).
SEARCH_MAX = DOCUMENT_TITLE_MAX


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


def title_too_long(title: str) -> str | None:
    """Say why ``title`` is too long for a document's title, or None when it fits.

    The words follow the field's name, as each reader places it: ``'title' is`` in a record,
    ``title:`` at a project file's line.
    """
    if len(title) > DOCUMENT_TITLE_MAX:
        return f"{len(title)} characters long; a document title takes at most {DOCUMENT_TITLE_MAX}"
    return None


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
