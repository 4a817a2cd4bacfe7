"""The syntax of brat standoff: ``.ann`` lines and ``annotation.conf``.

Pure. :func:`parse_ann` reads one ``.ann`` file into plain data and lists every line it cannot
read, with its line number; what the annotations mean for a project (labels mapped, offsets
checked against the text) is :mod:`annotator.core.formats.brat.reader`'s job.

An annotation line starts with its id and a tab: ``T`` text-bound (``T1<TAB>Label 0 5;9 20
<TAB>text``), ``R`` relation (``Type Arg1:T1 Arg2:T2``), ``E`` event (``Type:T3 Role:T1
Role2:T2``, the first pair naming the trigger), ``A`` or ``M`` attribute (``Name T1`` for a
binary one, ``Name T1 Value``), ``#`` note (``AnnotatorNotes T1<TAB>text``); ``N``
(normalisation) and ``*`` (equivalence) lines are counted and left out. A line that starts
with no id continues the text of the ``T`` line before while that text is shorter than its
offsets say (some tools write a span's line breaks as they are); any other such line is a
problem of its own, not a part of a span's text. Blank lines are ignored; a line ends at
``\\n``, ``\\r\\n`` or a lone ``\\r``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from annotator.core.limits import column_integer
from annotator.core.text import normalise_text

_ID = re.compile(r"([TRAMEN#*])[^\t]*\t")
# What an id looks like when a space stands where its tab should be.
_ID_WITHOUT_TAB = re.compile(r"([TRAEMN]\d+|#\d*|\*)\s")
_ROLE_NUMBER = re.compile(r"\d+$")
_Item = TypeVar("_Item", "TextBound", "Link")


@dataclass(slots=True)
class TextBound:
    """A ``T`` line: a label over one or more fragments, and the text the file shows.

    The fragments keep the line's order, which its text follows (not always the text's order).
    """

    id: str
    label: str
    fragments: list[tuple[int, int]]
    text: str
    line: int


@dataclass(slots=True)
class Link:
    """An ``R`` line (arguments ``Arg1``, ``Arg2``) or an ``E`` line (trigger and roles)."""

    id: str
    type: str
    #: ``(role, id)`` in file order; an event's roles lose brat's numbers (``Content2``).
    args: list[tuple[str, str]]
    line: int
    trigger: str | None = None


@dataclass(slots=True)
class Attribute:
    """An ``A`` or ``M`` line; ``value`` is None for a binary attribute."""

    name: str
    target: str
    value: str | None
    line: int
    id: str = ""


@dataclass(slots=True)
class Note:
    """A ``#`` line: a note on an annotation."""

    target: str
    text: str
    line: int


@dataclass
class Ann:
    """One parsed ``.ann`` file."""

    texts: dict[str, TextBound] = field(default_factory=dict)
    relations: list[Link] = field(default_factory=list)
    events: dict[str, Link] = field(default_factory=dict)
    attributes: list[Attribute] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: Lines of kinds that are not imported (``N``, ``*``), by kind.
    left_out: Counter[str] = field(default_factory=Counter)


def parse_ann(content: str) -> tuple[Ann, list[tuple[int, str]]]:
    """Parse an ``.ann`` file; return it and ``(line, message)`` for each unreadable line."""
    ann, problems = Ann(), []
    last: TextBound | None = None
    # Every line end is one: \r\n (Windows) and a lone \r (old Mac tools) too, which read
    # as one line the whole file. A \r that a span's text holds (the .txt's own line break)
    # is read as a line break inside that text, which is compared with the .txt the same way.
    for number, line in enumerate(normalise_text(content).split("\n"), start=1):
        match = _ID.match(line)
        if match is None:
            if last is not None and len(last.text) < _longest_text(last):
                last.text += "\n" + line  # a span's text that holds a line break
            elif line.strip():
                problems.append((number, _unreadable(line)))
            continue
        last = None
        ident, _, rest = line.partition("\t")
        spaced = _ID_WITHOUT_TAB.match(ident)
        if spaced:  # "T2 Cue 10 14<TAB>said": the id's tab is a space, a later tab misleads
            problems.append((number, _spaced_id(spaced.group(1))))
            continue
        try:
            kind = match.group(1)
            if kind == "T":
                last = _text_bound(ident, rest, number)
                _add(ann.texts, last)
            elif kind == "R":
                ann.relations.append(_relation(ident, rest, number))
            elif kind == "E":
                event = _event(ident, rest, number)
                _add(ann.events, event)
            elif kind in "AM":
                ann.attributes.append(_attribute(ident, rest, number))
            elif kind == "#":
                ann.notes.append(_note(rest, number))
            else:
                ann.left_out[kind] += 1
        except ValueError as exc:
            problems.append((number, f"{ident}: {exc}"))
    for bound in ann.texts.values():
        bound.text = bound.text.rstrip("\n")
    return ann, problems


def _longest_text(bound: TextBound) -> int:
    """Return how long a ``T`` line's text can be: its whole stretch, or its fragments joined."""
    whole = max(e for _, e in bound.fragments) - min(s for s, _ in bound.fragments)
    joined = sum(e - s for s, e in bound.fragments) + len(bound.fragments) - 1
    return max(whole, joined)


def _unreadable(line: str) -> str:
    """Say why ``line``, which continues no span's text, is not a brat annotation line."""
    ident, tab, _ = line.partition("\t")
    if tab and ident.strip():
        return f"{ident}: not a brat annotation line (an id starts with T, R, E, A, M, N, # or *)"
    spaced = _ID_WITHOUT_TAB.match(line)
    if spaced:
        return _spaced_id(spaced.group(1))
    return "not a brat annotation line (no ID<TAB> at its start)"


def _spaced_id(ident: str) -> str:
    return f"{ident}: not a brat annotation line (a tab, not a space, after the id)"


def _add(found: dict[str, _Item], item: _Item) -> None:
    if item.id in found:
        raise ValueError("this id is used by an earlier line")
    found[item.id] = item


def _text_bound(ident: str, rest: str, line: int) -> TextBound:
    where, tab, text = rest.partition("\t")
    if not tab:
        raise ValueError("a T line needs a tab between the label and offsets and the text")
    label, _, offsets = where.strip().partition(" ")
    if not label:
        raise ValueError("a T line needs a label")
    if not offsets.strip():
        raise ValueError("no offsets (a T line is ID<TAB>LABEL START END<TAB>TEXT)")
    fragments = []
    for piece in offsets.split(";"):
        numbers = piece.split()
        # ASCII digits only: str.isdigit also takes "²", which int() refuses, and "５".
        if len(numbers) != 2 or not all(n.isascii() and n.isdigit() for n in numbers):
            raise ValueError(f"offsets {offsets!r} are not START END[;START END...]")
        start, end = _offset(numbers[0]), _offset(numbers[1])
        if start >= end:
            raise ValueError(f"the fragment {start} {end} is empty or reversed")
        fragments.append((start, end))
    return TextBound(ident, label, fragments, text, line)


def _offset(digits: str) -> int:
    """Return an offset written in ``digits``; one no text reaches is refused."""
    value = column_integer(digits)
    if value is None:
        shown = digits if len(digits) <= 20 else f"{digits[:10]}...({len(digits)} digits)"
        raise ValueError(f"offset {shown} is larger than any text")
    return value


def _pairs(items: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        role, colon, target = item.partition(":")
        if not colon or not role or not target:
            raise ValueError(f"{item!r} is not ROLE:ID")
        pairs.append((role, target))
    return pairs


def _relation(ident: str, rest: str, line: int) -> Link:
    parts = rest.split("\t")[0].split()
    if len(parts) != 3:
        raise ValueError("an R line is TYPE Arg1:ID Arg2:ID")
    args = dict(_pairs(parts[1:]))
    if set(args) != {"Arg1", "Arg2"}:
        raise ValueError("an R line needs Arg1 and Arg2")
    return Link(ident, parts[0], [("Arg1", args["Arg1"]), ("Arg2", args["Arg2"])], line)


def _event(ident: str, rest: str, line: int) -> Link:
    parts = rest.split("\t")[0].split()
    if not parts:
        raise ValueError("an E line needs TYPE:TRIGGER")
    (event_type, trigger), *roles = _pairs(parts)
    args = [(_ROLE_NUMBER.sub("", role), target) for role, target in roles]
    return Link(ident, event_type, args, line, trigger)


def _attribute(ident: str, rest: str, line: int) -> Attribute:
    parts = rest.split("\t")[0].split()
    if len(parts) not in (2, 3):
        raise ValueError("an attribute line is NAME ID [VALUE]")
    return Attribute(parts[0], parts[1], parts[2] if len(parts) == 3 else None, line, ident)


def _note(rest: str, line: int) -> Note:
    where, _, text = rest.partition("\t")
    parts = where.split()
    if len(parts) != 2:
        raise ValueError("a note line is AnnotatorNotes ID<TAB>text")
    return Note(parts[1], text, line)


def conf_event_types(content: str) -> set[str]:
    """Return the event types that an ``annotation.conf`` declares (their triggers are no spans)."""
    types, section = set(), ""
    # Its byte-order mark is no part of its first line; any line end ends a line.
    for raw in normalise_text(content).split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
        elif section == "events" and not line.startswith("<"):
            types.add(line.split()[0].lstrip("!"))
    return types
