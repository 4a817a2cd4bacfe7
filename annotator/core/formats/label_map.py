"""The ``--map`` of an import from another tool (or from before a rename): its names to ours.

Pure. A SPEC is comma-separated (CONTRACT section 12): ``Source=SOURCE`` maps a label (or a
relation type, or an attribute name) of the other tool to ours, ``Discard=-`` leaves that label
out, and ``Content->Source=ATTRIBUTED_TO`` turns a brat event's role pair into a relation from
the first role's span to the second's; ``=ATTRIBUTED_TO`` (nothing before the ``=``) is the
type of relations that come with no label (Label Studio's, when its labeling config has no
``<Relations>``), and ``=-`` leaves them out. A name the map does not mention is kept when our
schema has it (so an export of ours imports back without a map) and refused otherwise.

Values too (an extension of section 12): ``stance.FAVOR=PRO`` maps the value FAVOR of our
sentence or document label field, or span attribute, ``stance`` (our names have no ``.``:
the first one ends the field's name) and ``stance.FAVOR=-`` leaves that value out; a bare
``FAVOR=PRO`` also maps the value FAVOR of any field or attribute whose values lack FAVOR and
have PRO (so the entry that maps a label can map a value renamed the same way). An entry
that matches nothing in the files (a typo, or a label some files lack) is a warning of the
import, not a refusal: a map made for a whole corpus may name labels some of its files lack,
and a typo would otherwise go unseen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.formats.option_words import COMMAND_LINE, OptionWords
from annotator.core.formats.records import Problem
from annotator.core.wording import CountedPhrase

#: The target that leaves a label out.
LEAVE_OUT = "-"
#: Their name of a relation that has none: ``=ATTRIBUTED_TO`` maps unlabelled relations.
UNLABELLED = ""
#: A layer's key, put there by a reader that maps names as it reads (brat, CoNLL): how many
#: of the layer's spans and relations the map left out (``NAME=-``). A layer that names no
#: annotator and that the map emptied so makes no layer, and needs no annotator.
LEFT_BY_MAP = "left_by_map"
#: What parts a value's entry: ``stance.FAVOR=PRO`` (our names have no dot).
IN_FIELD = "."

#: How a SPEC is written, for people: the command's ``--help`` and the import page's hint.
MAP_SYNTAX = (
    "their labels to ours, comma-separated: Source=SOURCE maps a label, relation type or "
    "attribute; Discard=- leaves it out; stance.FAVOR=PRO maps a value of a label field or "
    "attribute (stance.FAVOR=-: leaves it out), and a bare FAVOR=PRO maps FAVOR in any field "
    "that lacks it and has PRO; Content->Source=ATTRIBUTED_TO turns a brat event's role pair "
    "into a relation; =ATTRIBUTED_TO gives relations without a label (Label Studio's) that "
    "type. Labels and values neither mapped nor in the schema are refused; an entry that "
    "matches nothing in the files is warned of."
)


class MapError(ValueError):
    """A SPEC that cannot be read."""


class Unmapped(LookupError):
    """A name neither in the map nor in the schema."""

    @property
    def name(self) -> str:
        """Return the name that is neither mapped nor ours."""
        return str(self.args[0])


class Unlabelled(LookupError):
    """A relation without a label, whose type neither the map nor the schema settles."""


@dataclass(frozen=True)
class LabelMap:
    """A parsed ``--map``: names to ours (None: leave out), and role pairs to relation types."""

    labels: dict[str, str | None] = field(default_factory=dict)
    pairs: dict[tuple[str, str], str] = field(default_factory=dict)
    #: How the face that gave the map names it, for the messages about it.
    words: OptionWords = COMMAND_LINE
    #: ``FIELD.VALUE=OURS``: values of our field (or attribute) FIELD to ours (None: left out).
    values: dict[tuple[str, str], str | None] = field(default_factory=dict)
    #: Each entry as written, by what it maps (its text left of ``=``), in the SPEC's order.
    entries: dict[str, str] = field(default_factory=dict)
    #: The entries (by what they map) that matched something, as the import applied them.
    used: set[str] = field(default_factory=set)
    #: The names and values an import refused as neither mapped nor ours: an entry that
    #: matched nothing is then named among the refusal's problems (a misspelt entry is the
    #: likely cause), and otherwise only warned of.
    refused: set[str] = field(default_factory=set)
    #: Every name is kept as the file gives it, none refused: a texts-only import's map
    #: (:mod:`annotator.core.formats.texts_only`), which stores none of them.
    keep_all: bool = False

    @classmethod
    def keeping_all(cls, words: OptionWords = COMMAND_LINE) -> LabelMap:
        """Return the map of a texts-only import: every name kept as given, none refused."""
        return cls(words=words, keep_all=True)

    def resolve(self, name: str, known: Iterable[str]) -> str | None:
        """Return our name for ``name`` (None when it is left out).

        :raises Unmapped: when the map does not mention ``name`` and ``known`` lacks it.
        """
        if name in self.labels:
            self.used.add(name)
            return self.labels[name]
        if name in known or self.keep_all:
            return name
        raise Unmapped(name)

    def relation_type(self, name: Any, known: Sequence[str]) -> str | None:
        """Return our type for a relation of theirs (None when it is left out).

        A relation without a label (``name`` None or empty) takes the map's ``=TYPE`` entry,
        else the schema's relation type when it has exactly one.

        :raises Unlabelled: for a relation without a label that neither settles.
        :raises Unmapped: as :meth:`resolve`, for a label neither mapped nor ours.
        """
        if name is None or name == UNLABELLED:
            if UNLABELLED in self.labels:
                self.used.add(UNLABELLED)
                return self.labels[UNLABELLED]
            if self.keep_all:
                return UNLABELLED
            if len(known) == 1:
                return known[0]
            raise Unlabelled(self.unlabelled_message(known))
        if not isinstance(name, str):
            return name  # not a name at all: the schema's check refuses it as it is
        return self.resolve(name, known)

    def unlabelled_message(self, known: Sequence[str]) -> str:
        """Say why a relation without a label has no type here, and how to give it one."""
        leave = self.words.map_with("=-")
        if not known:
            return (
                "it has no label and the project has no relation types; "
                f"leave relations without a label out with {leave}"
            )
        return (
            f"it has no label and the project has {len(known)} relation types "
            f"({', '.join(known)}); give relations without a label one with "
            f"{self.words.map_with('=' + known[0])} (or another type), "
            f"or leave them out with {leave}"
        )

    def unknown_hint(self, name: str) -> str:
        """Return what a refusal of an unknown label adds: that the map can make it ours."""
        self.refused.add(name)
        return f"; map it with {self.words.map_with(name + '=OURS')}, or leave it out with {name}=-"

    def left_out_phrase(self) -> CountedPhrase:
        """Return the import report's tally of the spans and relations the map left out."""
        entry = self.words.map_with("NAME=-")
        return CountedPhrase(
            f"span or relation left out by {entry}", f"spans and relations left out by {entry}"
        )

    def rename(self, name: str) -> str | None:
        """Return our name for ``name``, or ``name`` itself when the map does not mention it."""
        if name in self.labels:
            self.used.add(name)
        return self.labels.get(name, name)

    def trigger_label(self, name: str) -> str | None:
        """Return our label for a brat event's trigger ``name``, None when the map has none."""
        if name in self.labels:
            self.used.add(name)
        return self.labels.get(name)

    def pair_met(self, pair: tuple[str, str]) -> None:
        """Note that an event had both roles of the mapped role ``pair``."""
        self.used.add(_pair_key(pair))

    def value(self, field_: dict[str, Any], value: Any) -> tuple[Any, int]:
        """Return ``value`` of our field (or attribute) ``field_`` as ours, and how many
        values the map left out: a list (a ``multiple`` field) item by item, an item left out
        dropped; a value wholly left out is None. What the map does not mention stays, for
        the schema to judge."""
        if isinstance(value, list):
            mapped = [self._one_value(field_, item) for item in value]
            kept = [ours for ours, left in mapped if not left]
            dropped = len(value) - len(kept)
            return (None if dropped and not kept else kept), dropped
        ours, left = self._one_value(field_, value)
        return ours, int(left)

    def _one_value(self, field_: dict[str, Any], value: Any) -> tuple[Any, bool]:
        if not isinstance(value, str):
            return value, False
        scoped = (field_["name"], value)
        if scoped in self.values:
            self.used.add(IN_FIELD.join(scoped))
            ours = self.values[scoped]
            return ours, ours is None
        allowed = field_["values"]
        bare = self.labels.get(value)
        if value not in allowed and bare is not None and bare in allowed:
            self.used.add(value)
            return bare, False
        return value, False

    def value_hint(self, field_: dict[str, Any], given: Any) -> str:
        """Return what a refusal of a value that is not ours adds, naming the file's value
        ``given`` (the map's output may be what is wrong): the entry that would map it, or
        the entry whose output is not ours."""
        for item in given if isinstance(given, list) else [given]:
            if not isinstance(item, str):
                continue
            ours, left = self._one_value(field_, item)
            if left or ours in field_["values"]:
                continue
            scoped = f"{field_['name']}{IN_FIELD}{item}"
            self.refused.add(scoped)
            if ours != item:  # the map's entry gave it: a misspelt output
                return (
                    f"; it is what {self.words.label_map}'s {scoped}={ours} gives for the "
                    f"file's {item!r}: correct that entry, or leave it out with {scoped}=-"
                )
            entry = self.words.map_with(scoped + "=OURS")
            return f"; map it with {entry}, or leave it out with {scoped}=-"
        return ""

    def value_left_out_phrase(self) -> CountedPhrase:
        """Return the import report's tally of the values the map left out."""
        entry = self.words.map_with("FIELD.VALUE=-")
        return CountedPhrase(f"value left out by {entry}", f"values left out by {entry}")

    def unmatched(self) -> list[str]:
        """Return the entries, as written, that matched nothing the import read."""
        return [written for key, written in self.entries.items() if key not in self.used]

    def unmatched_message(self, unmatched: list[str]) -> str:
        """Return the warning of entries that matched nothing: a typo would do nothing."""
        listed = ", ".join(map(repr, unmatched))
        one = len(unmatched) == 1
        entries, match, them = ("entry", "matches", "it") if one else ("entries", "match", "each")
        return (
            f"{entries} {listed} of {self.words.label_map} {match} nothing in the files (no "
            f"label, relation type, attribute, value or event role pair there); correct "
            f"{them} or take {them} out"
        )

    def rename_keys(self, named: dict[str, Any]) -> dict[str, Any]:
        """Return ``named`` (a span's attributes) under our names, those mapped to ``-`` left
        out; a name the map does not mention stays, for the schema to judge."""
        renamed = {}
        for name, value in named.items():
            ours = self.rename(name)
            if ours is not None:
                renamed[ours] = value
        return renamed


def parse_map(spec: str | None, words: OptionWords = COMMAND_LINE) -> LabelMap:
    """Read a SPEC such as ``Source=SOURCE,Discard=-,Content->Source=ATTRIBUTED_TO``.

    :param words: how the face that gave ``spec`` names it, in this and later messages.
    :raises MapError: naming the item that cannot be read.
    """
    said = words.label_map
    labels: dict[str, str | None] = {}
    pairs: dict[tuple[str, str], str] = {}
    values: dict[tuple[str, str], str | None] = {}
    entries: dict[str, str] = {}
    for item in (spec or "").split(","):
        item = item.strip()
        if not item:
            continue
        theirs, equals, ours = (part.strip() for part in item.partition("="))
        if not equals or not ours:
            raise MapError(
                f"{said}: {item!r} is not NAME=OURS, NAME=-, =RELATION or ROLE->ROLE=RELATION"
            )
        if "->" in theirs:
            first, _, second = (part.strip() for part in theirs.partition("->"))
            if not first or not second or ours == LEAVE_OUT:
                raise MapError(f"{said}: {item!r} needs two roles and a relation type")
            if (first, second) in pairs:
                raise MapError(f"{said}: the role pair {theirs!r} is mapped twice")
            pairs[(first, second)] = ours
            entries[_pair_key((first, second))] = item
            continue
        if theirs in labels:
            named = "=OURS (relations without a label)" if theirs == UNLABELLED else repr(theirs)
            raise MapError(f"{said}: {named} is mapped twice")
        target = None if ours == LEAVE_OUT else ours
        # A name of theirs may hold a dot too: FIELD.VALUE is also kept as a name.
        labels[theirs] = target
        field_name, dot, value = theirs.partition(IN_FIELD)
        if dot and field_name and value:
            values[(field_name, value)] = target
        entries[theirs] = item
    return LabelMap(labels, pairs, words, values, entries)


def _pair_key(pair: tuple[str, str]) -> str:
    return f"{pair[0]}->{pair[1]}"


def nothing_to_map(words: OptionWords = COMMAND_LINE) -> str:
    """Say that a label map was given for files whose records bring no annotations."""
    return (
        f"{words.label_map} maps the labels of annotations, and no record here brings any "
        f"(doccano, Label Studio and jsonl records with annotations do); a brat or CoNLL "
        f"corpus needs {words.format}"
    )


@dataclass
class Unresolved:
    """Labels and relation types neither mapped nor ours, each counted where it first was.

    Gathered across a whole run so that a corpus that uses an unknown label a thousand times
    is refused once for it, at its first place: one place for every name sent people to a
    file that had only some of them (a name of another file went unnamed).
    """

    #: ``(kind, name)`` -> how many times, and the file and line of the first.
    uses: dict[tuple[str, str], tuple[int, str, int]] = field(default_factory=dict)

    def add(self, kind: str, name: str, file: str, line: int) -> None:
        """Count one use of ``name`` (a ``label`` or a ``relation type``, as ``kind`` says)."""
        count, first_file, first_line = self.uses.get((kind, name), (0, file, line))
        self.uses[(kind, name)] = (count + 1, first_file, first_line)

    def problems(self, mapping: LabelMap) -> list[Problem]:
        """Return a problem per name, at its first place, with its count and the entries
        that would map it or leave it out (the name noted on ``mapping`` as refused)."""
        return [
            Problem(file, line, unmapped_message(kind, name, count, mapping))
            for (kind, name), (count, file, line) in self.uses.items()
        ]


def unmapped_message(kind: str, name: str, count: int, mapping: LabelMap) -> str:
    """Return the refusal of a name that is neither mapped nor ours, used ``count`` times."""
    uses = "used once" if count == 1 else f"used {count} times, the first here"
    return (
        f"{kind} {name!r} is not in the project's schema and not in "
        f"{mapping.words.label_map} ({uses}){mapping.unknown_hint(name)}"
    )
