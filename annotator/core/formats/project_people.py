"""What of a project file's people a load keeps: everything, the members alone, or neither (pure).

A project file copied onto the server it came from brought its members and assignments with it:
each annotator saw two projects of that name, both "2 of 3 done (yours)". A lead who loads a
copy to try something (a schema change, a new round) keeps the documents, schema, gold and
suggestions, and chooses what of the people comes too:

- ``all``: members, assignments and each annotator's layer, notes and rejected suggestions, as
  in the file (the default: a move between servers restores the project whole);
- ``members``: the members and their roles, without assignments or the annotators' work;
- ``none``: neither (the loading admin assigns the copy anew), and no user is made: the
  file's names are matched to users here, and a name no user has is left out. What such a
  person did stays, naming no one (gold items' and decisions' ``decided_by``, the history's
  actor: none, the project history's entries by the name alone); their notes and rejected
  suggestions, which are a user's own rows, are left out.

An annotator's work goes with their assignment: an annotator's layer without an assignment is
read by nothing (exports hold one item per assigned annotator).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from annotator.core.errors import Invalid
from annotator.core.vocabulary import GOLD, SUGGESTIONS

#: The choices, the default first, with what each keeps in words.
PEOPLE: dict[str, str] = {
    "all": "members and assignments, with the annotators' work",
    "members": "members only: no assignments, no annotators' work",
    "none": "neither members nor assignments, and no users made",
}


def check_people(value: str) -> str:
    """Return ``value`` if it is one of :data:`PEOPLE`.

    :raises Invalid: naming the choices, with ``details["field"] == "people"``.
    """
    if value not in PEOPLE:
        raise Invalid(
            f"people must be one of {', '.join(PEOPLE)}, not {value!r}",
            details={"field": "people"},
        )
    return value


def keeps_members(people: str) -> bool:
    """Whether a load with ``people`` stores the file's members."""
    return people != "none"


def without_annotators(record: dict[str, Any]) -> dict[str, Any]:
    """Return a checked ``document`` record without its assignments and annotators' work.

    Gold, suggestions and reviewers' decisions stay; the annotators' layers go with the
    history of those layers, and the notes and rejected suggestions of the annotators (those
    with a layer or an assignment on the document).
    """
    layers = [layer for layer in record["layers"] if layer["name"] in (GOLD, SUGGESTIONS)]
    annotators = {layer["name"] for layer in record["layers"]} - {GOLD, SUGGESTIONS}
    annotators |= {a["user"] for a in record["assignments"]}
    return record | {
        "layers": layers,
        "assignments": [],
        "notes": [n for n in record["notes"] if n["user"] not in annotators],
        "rejections": [x for x in record["rejections"] if x["user"] not in annotators],
        "changes": [c for c in record["changes"] if c["layer"] in (GOLD, SUGGESTIONS)],
    }


def makes_users(people: str) -> bool:
    """Whether a load with ``people`` makes a (disabled) user for a name no user has here."""
    return people != "none"


def without_unknown(record: dict[str, Any], known: Collection[str]) -> dict[str, Any]:
    """Return a checked ``document`` record without the notes and rejected suggestions of
    people not ``known`` (rows that belong to a user; a load that makes no users has none)."""
    return record | {
        "notes": [n for n in record["notes"] if n["user"] in known],
        "rejections": [x for x in record["rejections"] if x["user"] in known],
    }
