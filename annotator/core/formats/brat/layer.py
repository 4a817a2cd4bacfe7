"""One parsed ``.ann`` file as a layer in the ``jsonl`` export shape (spans and relations).

Pure. :class:`LayerBuilder` maps labels, checks every ``T`` line against the text, splits
discontinuous spans and turns relations, event role pairs, attributes and notes into what
:mod:`annotator.core.formats.brat.reader` describes. Names that are neither mapped nor in the
schema are gathered across the whole run in
:class:`~annotator.core.formats.label_map.Unresolved`, so that the refusal lists
each once with its count.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from annotator.core import rules
from annotator.core.errors import Invalid
from annotator.core.formats import LINE_BREAKS
from annotator.core.formats.brat.ann import Ann, Link, TextBound
from annotator.core.formats.label_map import LabelMap, Unmapped, Unresolved
from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.records import Problem
from annotator.core.label_schema import entry_names
from annotator.core.span_notes import too_long
from annotator.core.text import GivenText, normalise_text
from annotator.core.wording import CountedPhrase, counted

SPLIT = CountedPhrase(
    "discontinuous brat span, each fragment stored as a span",
    "discontinuous brat spans, each fragment stored as a span",
)
JOINED = CountedPhrase(
    "brat span split only at line breaks, stored whole",
    "brat spans split only at line breaks, stored whole",
)
TRIGGERS = CountedPhrase(
    "brat event trigger left out (its type is not mapped)",
    "brat event triggers left out (their type is not mapped)",
)


def left_out(words: OptionWords) -> CountedPhrase:
    """Return the tally of annotations the map leaves out, naming the map as ``words`` do."""
    entry = words.map_with("NAME=-")
    return CountedPhrase(
        f"brat annotation left out by {entry}", f"brat annotations left out by {entry}"
    )


DANGLING = CountedPhrase(
    "brat relation or attribute left out with the annotation it points at",
    "brat relations and attributes left out with the annotation they point at",
)
EVENTS = CountedPhrase("brat event read", "brat events read")
NOTES_LEFT_OUT = CountedPhrase(
    "brat note left out: it is on an annotation left out, or on an event that became no "
    "relation (notes are kept on spans and relations)",
    "brat notes left out: they are on annotations left out, or on events that became no "
    "relation (notes are kept on spans and relations)",
)
OTHER_LINES = CountedPhrase(
    "brat line of a kind not imported (N, *)", "brat lines of kinds not imported (N, *)"
)

_BINARY = "true"
#: The note our brat export writes on an item accepted from a suggestion.
_SUGGESTED_NOTE = re.compile(r"suggested model=(\S+) score=(\S+)")


def _suggested_note(note: str) -> dict[str, Any] | None:
    """Return ``{"model", "score"}`` from our export's note (``suggested model=3
    score=0.9``), or None for any other note, which is kept as a note."""
    match = _SUGGESTED_NOTE.fullmatch(note.strip())
    if match is None:
        return None
    model, score = match.groups()
    if score == "None":
        return {"model": model, "score": None}
    try:
        return {"model": model, "score": float(score)}
    except ValueError:
        return None


def check_offsets(bound: TextBound, raw: str) -> str | None:
    """Return why a ``T`` line's offsets or text do not fit the file's text, or None."""
    first, last = min(s for s, _ in bound.fragments), max(e for _, e in bound.fragments)
    if last > len(raw):
        return f"offset {last} is past the end of the text ({counted(len(raw), 'character')})"
    joined = " ".join(raw[s:e] for s, e in bound.fragments)  # in the line's order, as brat
    whole = raw[first:last]
    # Line ends compared as one: the .ann's lines are read at \r\n and \r as at \n, so a
    # span's text holding the .txt's own \r\n comes out of it as \n.
    if normalise_text(bound.text) in (normalise_text(joined), normalise_text(whole)):
        return None
    return f"its text {bound.text!r} does not match the .txt at those offsets, {joined!r}"


class _PerSource:
    """The ``R`` lines of each relation type from each span, refused at the line that takes
    one past the type's ``max_per_source``, naming the lines before it (the layer's check
    would name the relation by its place in the layer, not by its line)."""

    def __init__(self, limits: dict[str, int | None]) -> None:
        self.limits = limits
        self.lines: dict[tuple[str, str], list[Link]] = {}

    def count(self, kind: str, link: Link, file: str, problems: list[Problem]) -> None:
        source = link.args[0][1]
        before = self.lines.setdefault((kind, source), [])
        limit = self.limits.get(kind)
        if rules.exceeds_max_per_source(limit, len(before) + 1):
            lines = ", ".join(f"{r.id} at line {r.line}" for r in before)
            message = (
                f"{link.id}: span {source} already has "
                f"{counted(len(before), kind + ' relation')} ({lines}); "
                f"the schema allows at most {limit}"
            )
            problems.append(Problem(file, link.line, message))
            return
        before.append(link)


class LayerBuilder:
    """Build one layer from a parsed ``.ann`` and the text of its ``.txt`` as given."""

    def __init__(
        self,
        ann: Ann,
        text: GivenText,
        mapping: LabelMap,
        schema: dict[str, Any],
        event_types: set[str],
    ) -> None:
        self.ann, self.text, self.mapping = ann, text, mapping
        self.raw = text.given
        self.labels = {label["name"]: label for label in schema.get("span_labels", [])}
        self.relation_types = set(entry_names(schema, "relation_types"))
        self.max_per_source = {
            kind["name"]: kind.get("max_per_source") for kind in schema.get("relation_types", [])
        }
        self.triggers = {event.trigger for event in ann.events.values()}
        self.event_types = event_types | {event.type for event in ann.events.values()}
        self.tallies: Counter[CountedPhrase] = Counter()
        #: brat id -> the ids of the spans it became (none when left out).
        self.pieces: dict[str, list[str]] = {}
        self.spans: dict[str, dict[str, Any]] = {}
        #: R id (or E id) -> the relations it became.
        self.links: dict[str, list[dict[str, Any]]] = {}
        self._unresolved = Unresolved()

    def build(self, file: str, unresolved: Unresolved) -> tuple[dict[str, Any], list[Problem]]:
        """Return the layer (``spans``, ``relations``) and the problems of this file."""
        self._unresolved = unresolved
        problems: list[Problem] = []
        for bound in self.ann.texts.values():
            message = self._span(bound, file)
            if message is not None:
                problems.append(Problem(file, bound.line, f"{bound.id}: {message}"))
        relations: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str]] = set()
        limits = _PerSource(self.max_per_source)
        for link in self.ann.relations:
            (_, first), (_, second) = link.args
            if first == second:
                # Left out, it was lost without a word; a relation joins two spans.
                message = f"{link.id}: a relation from {first} to itself; it joins two spans"
                problems.append(Problem(file, link.line, message))
                continue
            kind = self._resolve("relation type", link.type, self.relation_types, file, link)
            ends = [self._refs(link, target, problems, file) for _, target in link.args]
            if kind is not None and all(ends):
                made = self._relate(kind, ends[0], ends[1], relations, seen, link.id)
                self.links[link.id] = made
                if made:
                    limits.count(kind, link, file, problems)
        for event in self.ann.events.values():
            self.tallies[EVENTS] += 1
            roles: dict[str, list[str]] = {}
            for role, target in event.args:
                roles.setdefault(role, []).extend(self._refs(event, target, problems, file))
            made = self.links.setdefault(event.id, [])
            for (first, second), kind in self.mapping.pairs.items():
                if first in roles and second in roles:
                    self.mapping.pair_met((first, second))
                sources, targets = roles.get(first, []), roles.get(second, [])
                made += self._relate(kind, sources, targets, relations, seen, event.id)
        self._attributes(file, problems)
        self._notes(file, problems)
        if self.ann.left_out:
            self.tallies[OTHER_LINES] += sum(self.ann.left_out.values())
        return {"spans": list(self.spans.values()), "relations": relations}, problems

    def left_by_map(self) -> int:
        """Return how many of this file's annotations the map left out (``NAME=-``, and
        event triggers whose type it does not map)."""
        return self.tallies[left_out(self.mapping.words)] + self.tallies[TRIGGERS]

    def _resolve(
        self, kind: str, name: str, known: Any, file: str, where: TextBound | Link
    ) -> str | None:
        try:
            ours = self.mapping.resolve(name, known)
        except Unmapped:
            self._unresolved.add(kind, name, file, where.line)
            return None
        if ours is None:
            self.tallies[left_out(self.mapping.words)] += 1
        return ours

    def _span(self, bound: TextBound, file: str) -> str | None:
        message = check_offsets(bound, self.raw)
        if message is not None:
            return message
        self.pieces[bound.id] = []
        if bound.id in self.triggers or bound.label in self.event_types:
            label = self.mapping.trigger_label(bound.label)
            if label is None:
                self.tallies[TRIGGERS] += 1
                return None
        else:
            label = self._resolve("label", bound.label, self.labels, file, bound)
            if label is None:
                return None
        fragments = self._joined(sorted(bound.fragments))
        if len(fragments) > 1:
            self.tallies[SPLIT] += 1
        for n, (start, end) in enumerate(fragments, start=1):
            span_id = bound.id if n == 1 else f"{bound.id}.{n}"
            self.pieces[bound.id].append(span_id)
            self.spans[span_id] = {
                "id": span_id,
                "label": label,
                "start": self._move(start),
                "end": self._move(end),
                "attributes": {},
            }
        return None

    def _joined(self, fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
        joined = [fragments[0]]
        for start, end in fragments[1:]:
            gap = self.raw[joined[-1][1] : start]
            if gap and not gap.strip(LINE_BREAKS):
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        if len(joined) < len(fragments) and len(joined) == 1:
            self.tallies[JOINED] += 1
        return joined

    def _move(self, offset: int) -> int:
        return self.text.stored_offset(offset)

    def _refs(self, link: Link, target: str, problems: list[Problem], file: str) -> list[str]:
        """Return the span id a relation's end ``target`` (a T, or an E standing for its
        trigger) stands for: the first fragment, in the text's order, of a discontinuous
        span, so that one ``R`` line makes one relation (linked to every fragment, a span
        of two fragments took two of a type allowed once per source span); none when it
        was left out."""
        event = self.ann.events.get(target)
        ident = event.trigger if event is not None and event.trigger else target
        if ident not in self.ann.texts:
            problems.append(Problem(file, link.line, f"{link.id}: {self._missing(target)}"))
            return []
        pieces = self.pieces.get(ident, [])
        if not pieces and ident not in self.triggers:
            self.tallies[DANGLING] += 1
        return pieces[:1]

    def _missing(self, target: str) -> str:
        """Say why ``target`` cannot be a relation's end: another kind of line, or no line."""
        if any(relation.id == target for relation in self.ann.relations):
            return f"{target} is a relation, not a T or E line"
        return f"{target} names no annotation (no T or E line has that id)"

    def _relate(
        self,
        kind: str,
        sources: list[str],
        targets: list[str],
        relations: list[dict[str, Any]],
        seen: set[tuple[str, str, str]],
        line_id: str,
    ) -> list[dict[str, Any]]:
        made = []
        for source in sources:
            for target in targets:
                if (kind, source, target) not in seen and source != target:
                    seen.add((kind, source, target))
                    # The R or E line's id: a refusal by the layer's check names the line.
                    made.append({"id": line_id, "type": kind, "from": source, "to": target})
        relations.extend(made)
        return made

    def _attributes(self, file: str, problems: list[Problem]) -> None:
        for attribute in self.ann.attributes:
            target = attribute.target
            if not self._names_annotation(target):
                message = f"attribute {attribute.name}: {target} names no annotation"
                problems.append(Problem(file, attribute.line, message))
                continue
            name = self.mapping.rename(attribute.name)
            pieces = self.pieces.get(target, [])
            if name is None:
                self.tallies[left_out(self.mapping.words)] += 1
                continue
            if not pieces:
                self.tallies[DANGLING] += 1
                continue
            value = attribute.value if attribute.value is not None else _BINARY
            for span_id in pieces:
                span = self.spans[span_id]
                multiple = any(
                    a["name"] == name and a.get("multiple")
                    for a in self.labels.get(span["label"], {}).get("attributes", [])
                )
                why = self._attribute_problem(span["label"], attribute.name, name, value, multiple)
                if why is not None:
                    problems.append(Problem(file, attribute.line, f"{attribute.id}: {why}"))
                    break  # said once, at its line; the layer check of the record is not reached
                given = span["attributes"].get(name)
                if given is None:
                    span["attributes"][name] = [value] if multiple else value
                elif isinstance(given, list):
                    given.append(value)
                else:
                    span["attributes"][name] = [given, value]

    def _attribute_problem(
        self, label: str, written: str, name: str, value: str, multiple: bool
    ) -> str | None:
        """Say why our attribute ``name`` (the file's ``written``) with the file's ``value``
        cannot be on a span of our ``label``, or None: the schema's rule
        (:func:`rules.check_attributes`), with the value as the map makes it ours, said at
        the attribute's line rather than later of the document's text."""
        definition = self.labels.get(label)
        if definition is None:
            return None  # a trigger's label the map gives: the layer check says it
        field_ = next((a for a in definition.get("attributes", []) if a["name"] == name), None)
        given: Any = [value] if multiple else value
        ours = given if field_ is None else self.mapping.value(field_, given)[0]
        if ours is None:
            return None  # left out by the map (FIELD.VALUE=-)
        try:
            rules.check_attributes(definition, {name: ours})
        except Invalid as exc:
            if field_ is None:
                return f"{exc.message}{self._name_hint(written, name)}"
            return f"{exc.message}{self.mapping.value_hint(field_, given)}"
        return None

    def _name_hint(self, written: str, name: str) -> str:
        """Return the way out of an attribute name not ours: the entry that would map the
        file's name ``written``, or the entry that made it ``name``."""
        if written == name:
            return self.mapping.unknown_hint(written)
        return f"; it is what {self.mapping.words.label_map}'s {written}={name} gives: correct it"

    def _names_annotation(self, target: str) -> bool:
        """Tell whether ``target`` is the id of a T, E or R line of this file."""
        if target in self.ann.texts or target in self.ann.events:
            return True
        return any(relation.id == target for relation in self.ann.relations)

    def _notes(self, file: str, problems: list[Problem]) -> None:
        for note in self.ann.notes:
            if not self._names_annotation(note.target):
                # Kept, it was a note on nothing; an attribute so placed is refused too.
                message = f"a note: {note.target} names no annotation"
                problems.append(Problem(file, note.line, message))
                continue
            suggested = _suggested_note(note.text)
            if suggested is not None:  # our export's note on where an item came from
                items = [self.spans[p] for p in self.pieces.get(note.target, [])]
                for item in items + self.links.get(note.target, []):
                    item["suggested"] = suggested
                continue
            # The span's own (its layer's, as private): on the first fragment of a
            # discontinuous one, so that the export writes it back once. A relation's (an R
            # line's, or each relation an event's role pairs became) likewise.
            pieces = self.pieces.get(note.target)
            items = [self.spans[pieces[0]]] if pieces else self.links.get(note.target, [])
            if not items:
                self.tallies[NOTES_LEFT_OUT] += 1
                continue
            text = " ".join(note.text.split())
            joined = f"{items[0]['note']}\n{text}" if "note" in items[0] else text
            why = too_long(joined)  # the rule a write keeps to, so that an undo can send it
            if why is not None:
                what = "a note" if joined == text else "with the notes before it, a note"
                message = f"{what} on {note.target} {why}"
                problems.append(Problem(file, note.line, message))
                continue
            for item in items:  # several notes on one: a line each
                item["note"] = f"{item['note']}\n{text}" if "note" in item else text
