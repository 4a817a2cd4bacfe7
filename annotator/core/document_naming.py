"""How pages and their messages name documents: one rule for each.

On a page a document is its number in the project (``#12``, what every form reads), its
title, and its external id under the title only where the two differ: a document imported
with its id as its title read "b1 / b1". A message that lists documents names each one as
:func:`~annotator.core.wording.document_said` does, ``#12 (reuters-0412)``, a few of them
and then how many more: what a user can type back into a form, and sees at once if it is
not the document they meant.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.wording import document_said

#: How many documents a message names before it counts the rest ("and 5 more").
NAMED_IN_A_MESSAGE = 5


def page_name(title: str | None, external_id: str) -> tuple[str, str | None]:
    """Return what a page shows of a document: its name (its title, else its external id)
    and the external id to show under it, None where it would repeat the name."""
    name = title or external_id
    return name, (external_id if external_id != name else None)


def documents_said(named: Sequence[tuple[int, str]], shown: int | None = NAMED_IN_A_MESSAGE) -> str:
    """Return documents, (number, external id) pairs in the order given, as a message lists
    them: ``#1 (b1), #2 (attack.txt) and 3 more``; all of them for ``shown`` None."""
    return names_said([document_said(number, name) for number, name in named], shown)


def names_said(names: Sequence[str], shown: int | None = NAMED_IN_A_MESSAGE) -> str:
    """Return ``names`` joined as a message lists them: the first ``shown`` (all for None),
    then how many more."""
    rest = len(names) - len(names[:shown])
    return ", ".join(names[:shown]) + (f" and {rest} more" if rest else "")
