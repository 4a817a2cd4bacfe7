"""The ``--map`` of an import from another tool: its label names to ours.

Pure. A SPEC is comma-separated (CONTRACT section 12): ``Source=SOURCE`` maps a label (or a
relation type, or an attribute name) of the other tool to ours, ``Discard=-`` leaves that label
out, and ``Content->Source=ATTRIBUTED_TO`` turns a brat event's role pair into a relation from
the first role's span to the second's. A name the map does not mention is kept when our schema
has it (so an export of ours imports back without a map) and refused otherwise: the importer
lists every such name with its count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.formats.option_words import COMMAND_LINE, OptionWords
from annotator.core.formats.records import Problem

#: The target that leaves a label out.
LEAVE_OUT = "-"

#: How a SPEC is written, for people: the command's ``--help`` and the import page's hint.
MAP_SYNTAX = (
    "their labels to ours, comma-separated: Source=SOURCE maps a label, relation type or "
    "attribute; Discard=- leaves it out; Content->Source=ATTRIBUTED_TO turns a brat event's "
    "role pair into a relation. Labels neither mapped nor in the schema are refused."
)


class MapError(ValueError):
    """A SPEC that cannot be read."""


class Unmapped(LookupError):
    """A name neither in the map nor in the schema."""


@dataclass(frozen=True)
class LabelMap:
    """A parsed ``--map``: names to ours (None: leave out), and role pairs to relation types."""

    labels: dict[str, str | None] = field(default_factory=dict)
    pairs: dict[tuple[str, str], str] = field(default_factory=dict)
    #: How the face that gave the map names it, for the messages about it.
    words: OptionWords = COMMAND_LINE

    def resolve(self, name: str, known: Iterable[str]) -> str | None:
        """Return our name for ``name`` (None when it is left out).

        :raises Unmapped: when the map does not mention ``name`` and ``known`` lacks it.
        """
        if name in self.labels:
            return self.labels[name]
        if name in known:
            return name
        raise Unmapped(name)

    def rename(self, name: str) -> str | None:
        """Return our name for ``name``, or ``name`` itself when the map does not mention it."""
        return self.labels.get(name, name)


def parse_map(spec: str | None, words: OptionWords = COMMAND_LINE) -> LabelMap:
    """Read a SPEC such as ``Source=SOURCE,Discard=-,Content->Source=ATTRIBUTED_TO``.

    :param words: how the face that gave ``spec`` names it, in this and later messages.
    :raises MapError: naming the item that cannot be read.
    """
    said = words.label_map
    labels: dict[str, str | None] = {}
    pairs: dict[tuple[str, str], str] = {}
    for item in (spec or "").split(","):
        item = item.strip()
        if not item:
            continue
        theirs, equals, ours = (part.strip() for part in item.partition("="))
        if not equals or not theirs or not ours:
            raise MapError(f"{said}: {item!r} is not NAME=OURS, NAME=- or ROLE->ROLE=RELATION")
        if "->" in theirs:
            first, _, second = (part.strip() for part in theirs.partition("->"))
            if not first or not second or ours == LEAVE_OUT:
                raise MapError(f"{said}: {item!r} needs two roles and a relation type")
            if (first, second) in pairs:
                raise MapError(f"--map: the role pair {theirs!r} is mapped twice")
            pairs[(first, second)] = ours
            continue
        if theirs in labels:
            raise MapError(f"{said}: {theirs!r} is mapped twice")
        labels[theirs] = None if ours == LEAVE_OUT else ours
    return LabelMap(labels, pairs, words)


def unmapped_message(
    counts: Counter[str], kind: str = "labels", words: OptionWords = COMMAND_LINE
) -> str:
    """Return the message refusing names that are neither mapped nor ours, with their counts."""
    listed = ", ".join(f"{name} ({n})" for name, n in sorted(counts.items()))
    return (
        f"{kind} that are not in the project's schema and not in {words.label_map}: {listed}; "
        f"map each with {words.map_with('NAME=OURS')}, or leave it out with NAME=-"
    )


@dataclass
class Unresolved:
    """Labels and relation types neither mapped nor ours, counted, with where each first was."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    first: dict[str, tuple[str, int]] = field(default_factory=dict)

    def add(self, kind: str, name: str, file: str, line: int) -> None:
        """Count one use of ``name`` (a label or a relation type, as ``kind`` says)."""
        self.counts.setdefault(kind, Counter())[name] += 1
        self.first.setdefault(kind, (file, line))

    def problems(self, words: OptionWords = COMMAND_LINE) -> list[Problem]:
        """Return one problem per kind, listing the names with their counts."""
        return [
            Problem(*self.first[kind], unmapped_message(counts, kind, words))
            for kind, counts in self.counts.items()
        ]
