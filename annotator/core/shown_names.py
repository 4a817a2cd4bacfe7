"""How a page or an answer names a project's annotators: by name, or hidden as "Annotator N".

A reviewer may hide the names (``?anonymous=1``) on the review list, the review page, the
curation view, the history and the agreement report. Every one of them names people through
one :class:`ShownNames`, and a service that words a message naming an annotator (a refusal,
what a restore left out) is given it too: the message is built from the names as shown,
never edited afterwards, so that a username that is also a word ("will", "mark") is replaced
where it names its annotator and nowhere else.

The numbers are the project's (:func:`annotator.services.review.hidden_names.shown_names`
reads the order people arrived in): one annotator has one number on every page of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from annotator.core.vocabulary import GOLD, SUGGESTIONS

#: Layers that are nobody's: named as they are, hidden names or not.
_NOBODYS = (GOLD, SUGGESTIONS)

#: What a page with hidden names calls someone the project's numbering does not hold.
UNNUMBERED = "An annotator"


def numbered(arrival: Iterable[str]) -> dict[str, str]:
    """Return each of ``arrival`` (usernames, first comer first) mapped to "Annotator N".

    The order given is the numbering's: never the names' own order, which people who know
    each other's usernames would read the numbers back from.
    """
    numbers: dict[str, str] = {}
    for name in arrival:
        numbers.setdefault(name, f"Annotator {len(numbers) + 1}")
    return numbers


@dataclass(frozen=True)
class ShownNames:
    """Real name -> the name a page shows: itself, or its number when names are hidden.

    Called with a username, it answers what to print; gold (and the suggestions) keep
    their names either way.
    """

    #: Username -> "Annotator N", first comer first; None: names are shown.
    numbers: dict[str, str] | None = None

    @property
    def hidden(self) -> bool:
        """Tell whether names are hidden."""
        return self.numbers is not None

    def __call__(self, name: str) -> str:
        if self.numbers is None or name in _NOBODYS:
            return name
        return self.numbers.get(name, UNNUMBERED)

    def person(self, name: str) -> str:
        """Return what to print for someone who may be no annotator (who made a change): an
        annotator's number when hidden, anyone else's own name (a reviewer keeps theirs)."""
        return (self.numbers or {}).get(name, name)

    def rank(self, name: str) -> tuple[int, str]:
        """Return a sort key for ``name`` that orders layers as the page names them: by
        number when hidden (never by the real name, which the order would betray), else by
        name; gold, the suggestions and anyone unnumbered after."""
        if name in _NOBODYS:
            return (len(self.numbers or ()) + 1, name)
        if self.numbers is None:
            return (0, name)
        if name not in self.numbers:
            return (len(self.numbers), "")
        return (self._order[name], "")

    @cached_property
    def _order(self) -> dict[str, int]:
        return {name: index for index, name in enumerate(self.numbers or ())}

    def real(self, shown: str) -> str:
        """Return the username ``shown`` stands for (itself when it is no number shown)."""
        for name, number in (self.numbers or {}).items():
            if number == shown:
                return name
        return shown

    def with_others(self, names: Iterable[str]) -> ShownNames:
        """Return these names with ``names`` the numbering lacks numbered after everyone
        (say, a layer with a history whose annotator has left the project)."""
        if self.numbers is None:
            return self
        extra = [name for name in names if name not in self.numbers and name not in _NOBODYS]
        return ShownNames(numbered([*self.numbers, *extra]))


#: Names as they are: what a service words its messages with when not told otherwise.
AS_NAMED = ShownNames()
