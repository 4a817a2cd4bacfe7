"""CoNLL-U token lines (Universal Dependencies), as the CoNLL import reads them.

Pure. A CoNLL-U line has ten tab-separated columns, ``ID FORM LEMMA UPOS XPOS FEATS HEAD
DEPREL DEPS MISC``, and CoNLL-U Plus files add more after MISC. What the text shows:

- ``SpaceAfter=No`` in MISC: no space follows the token; any other token is followed by one.
- A multi-word token's range line (``2-3 don't``) holds the form in the text; its words
  (``2 do``, ``3 n't``) are not in the text, and the first word's tag is the token's.
- An empty node (``8.1``) is not in the text.

The tag is the last column of a CoNLL-U Plus line, else MISC's ``NER=`` (or ``NE=``) entry,
else ``O``: a plain CoNLL-U file has no tag column of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The extension that makes every ``#`` line a comment (``# newpar``, ``# newdoc id = x``).
EXTENSION = ".conllu"

_COLUMNS = 10
_NAMES = ("ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC")
_ID = re.compile(r"([1-9][0-9]*)(?:-([1-9][0-9]*)|\.([1-9][0-9]*))?")
_TAG_KEYS = ("NER", "NE")


@dataclass(frozen=True)
class UDToken:
    """One CoNLL-U line: its first and last word ids (a range's, or one word's twice)."""

    first: int
    last: int
    form: str
    tag: str
    space_after: bool
    #: An empty node (``8.1``): no part of the text.
    empty: bool = False

    @property
    def is_range(self) -> bool:
        """Tell whether this is a multi-word token's range line."""
        return self.last > self.first


def read_token_line(line: str) -> UDToken | None:
    """Return the parts of a CoNLL-U token line, or None when ``line`` is not one."""
    columns = line.split("\t")
    if len(columns) < _COLUMNS:
        return None
    found = _ID.fullmatch(columns[0])
    if found is None or not columns[1]:
        return None
    first = int(found.group(1))
    last = int(found.group(2)) if found.group(2) else first
    misc = {} if columns[9] == "_" else dict(_entry(item) for item in columns[9].split("|"))
    if len(columns) > _COLUMNS:
        tag = columns[-1]
    else:
        tag = next((misc[key] for key in _TAG_KEYS if key in misc), "O")
    return UDToken(
        first=first,
        last=max(first, last),
        form=columns[1],
        tag=tag,
        space_after=misc.get("SpaceAfter") != "No",
        empty=found.group(3) is not None,
    )


def short_of_columns(line: str) -> bool:
    """Tell whether ``line`` is a CoNLL-U token line short of a column or two (MISC, DEPS
    missing): 8 or 9 tab-separated columns led by a word id. Read as plain CoNLL columns,
    its id would become the token; no CoNLL-2003 layout has that shape."""
    columns = line.split("\t")
    return _COLUMNS - 2 <= len(columns) < _COLUMNS and _ID.fullmatch(columns[0]) is not None


def token_line_problem(line: str) -> str:
    """Return why ``line``, in a ``.conllu`` file, is no token line (:func:`read_token_line`
    said None): a CoNLL-U file read as plain columns would make its ids the text."""
    columns = line.split("\t")
    if len(columns) < _COLUMNS:
        return (
            f"a CoNLL-U token line has {_COLUMNS} tab-separated columns ({' '.join(_NAMES)}), "
            f"this one {len(columns)}"
        )
    if _ID.fullmatch(columns[0]) is None:
        return f"a CoNLL-U token line starts with a word id (1, 2-3 or 8.1), not {columns[0]!r}"
    return "a CoNLL-U token line has its token in the FORM column, the second; this one is empty"


def _entry(item: str) -> tuple[str, str]:
    key, _, value = item.partition("=")
    return key, value
