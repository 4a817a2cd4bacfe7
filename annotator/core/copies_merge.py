"""The rule for merging copies a layer stored before it held a span (and a relation) once.

Pure: one layer's spans and relations in, what to keep, move, remove and leave out. One home
for the rule, which ``annotator db copies --merge``
(:mod:`annotator.services.annotation.copies_merge`) applies.

Of each set of spans with one label and offsets the lowest id is kept. Every relation at a
removed copy moves onto the span kept; a relation that then repeats one the layer has (same
type and ends) is removed as a copy of it, and one between two copies of a span (which would
join the span kept to itself) is removed. The notes of the copies, and of the relations
removed as copies, are joined onto what is kept (:func:`annotator.core.span_notes.joined_notes`,
as gold joins the annotators' notes). A set whose copies have different attributes is not
merged: which is right is a person's decision. So is one whose merge would give the span
kept more relations of a type than the schema's ``max_per_source`` allows, one whose notes
(or whose relations' notes) joined would pass the note limit (``MAX_NOTE``: a note is never
stored over it, and cutting one loses an annotator's words), and one with a relation that
has a note between two of its copies (removed as a link of the span to itself, its note
would go unsaid). A set of relation copies whose notes joined would pass the limit is left
as it is too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.rules import exceeds_max_per_source
from annotator.core.span_notes import MAX_NOTE, joined_notes, too_long


@dataclass(frozen=True, slots=True)
class StoredSpan:
    """A span of the layer as the merge reads it."""

    id: int
    label: str
    start: int
    end: int
    attributes: dict[str, Any]
    note: str | None


@dataclass(frozen=True, slots=True)
class StoredRelation:
    """A relation of the layer as the merge reads it."""

    id: int
    type: str
    from_id: int
    to_id: int
    note: str | None


@dataclass(frozen=True, slots=True)
class SpanSet:
    """Copies of one span: its label and offsets, and every copy's id, lowest first."""

    label: str
    start: int
    end: int
    span_ids: tuple[int, ...]

    def said(self) -> str:
        """Return it in words: "'CUE' at [10, 13)"."""
        return f"{self.label!r} at [{self.start}, {self.end})"

    def ids_said(self) -> str:
        """Return its copies in words: "spans 4, 9"."""
        return "spans " + ", ".join(map(str, self.span_ids))


@dataclass(frozen=True, slots=True)
class RelationSet:
    """Copies of one relation: its type and ends, and every copy's id, lowest first."""

    type: str
    from_id: int
    to_id: int
    relation_ids: tuple[int, ...]

    def said(self) -> str:
        """Return it in words: "relation 'CUED_BY' from span 3 to span 4"."""
        return f"relation {self.type!r} from span {self.from_id} to span {self.to_id}"

    def ids_said(self) -> str:
        """Return its copies in words: "relations 7, 8"."""
        return "relations " + ", ".join(map(str, self.relation_ids))


@dataclass(frozen=True, slots=True)
class Undecided:
    """A set of copies left as it is, and why: a person decides which copy is right."""

    copies: SpanSet | RelationSet
    reason: str


@dataclass
class MergePlan:
    """What merging a layer's copies does.

    :ivar merged: the sets merged: the first id is kept, the rest are removed.
    :ivar span_notes: the new note of each span kept whose note changes (None: no note).
    :ivar moved: each relation that moves, and its new ``(from, to)``.
    :ivar removed_relations: the relations removed, each with the id of the one it copied
        (None: it joined two copies of a span).
    :ivar relation_notes: the new note of each relation kept whose note changes.
    :ivar undecided: the sets left for a person's decision.
    """

    merged: list[SpanSet] = field(default_factory=list)
    span_notes: dict[int, str | None] = field(default_factory=dict)
    moved: dict[int, tuple[int, int]] = field(default_factory=dict)
    removed_relations: dict[int, int | None] = field(default_factory=dict)
    relation_notes: dict[int, str | None] = field(default_factory=dict)
    undecided: list[Undecided] = field(default_factory=list)

    @property
    def removed_spans(self) -> list[int]:
        """Return the ids of the spans removed, by set."""
        return [span_id for copies in self.merged for span_id in copies.span_ids[1:]]

    def changes_nothing(self) -> bool:
        """Tell whether the plan writes nothing (no copies, or only undecided ones)."""
        return not (self.merged or self.removed_relations)


def plan_merge(
    spans: list[StoredSpan], relations: list[StoredRelation], schema: dict[str, Any]
) -> MergePlan:
    """Return how to merge the copies among a layer's ``spans`` and ``relations``.

    :param spans: the layer's spans (those in sets of copies suffice, with every span a
        relation ends at).
    :param schema: the project's label schema, for each relation type's ``max_per_source``.
    """
    sets = _span_sets(spans)
    by_id = {span.id: span for span in spans}
    relations = sorted(relations, key=lambda r: r.id)
    undecided = [
        why
        for copies in sets
        if (why := _differing(copies, by_id) or _self_link(copies, relations)) is not None
    ]
    while True:
        left = {u.copies for u in undecided}
        plan = _plan([s for s in sets if s not in left], by_id, relations, left)
        over = _over_max_per_source(plan, relations, schema) or _notes_too_long(plan, relations)
        if not over:
            plan.undecided = sorted(undecided, key=_listed)
            return plan
        # Each set left as it is takes back what its merge moved or joined: run it again.
        undecided.extend(over)


def _listed(left: Undecided) -> tuple[bool, tuple[int, ...]]:
    copies = left.copies
    if isinstance(copies, SpanSet):
        return False, copies.span_ids
    return True, copies.relation_ids


def _differing(copies: SpanSet, by_id: dict[int, StoredSpan]) -> Undecided | None:
    if len({_frozen(by_id[i].attributes) for i in copies.span_ids}) == 1:
        return None
    shown = "; ".join(f"span {i}: {by_id[i].attributes}" for i in copies.span_ids)
    return Undecided(copies, f"their attributes differ ({shown})")


def _self_link(copies: SpanSet, relations: list[StoredRelation]) -> Undecided | None:
    """Leave a set with a noted relation between two of its copies: the merge would remove
    it as a link of the span to itself (a relation needs two), and its note with it. One
    without a note is removed, and said."""
    ids = set(copies.span_ids)
    for relation in relations:
        if relation.note and {relation.from_id, relation.to_id} <= ids:
            return Undecided(
                copies,
                f"relation {relation.id} ({relation.type!r}, with a note) joins span "
                f"{relation.from_id} to its copy {relation.to_id}: merged, it would join the "
                "span to itself, and a relation needs two",
            )
    return None


def _span_sets(spans: list[StoredSpan]) -> list[SpanSet]:
    found: dict[tuple[str, int, int], list[int]] = {}
    for span in sorted(spans, key=lambda s: s.id):
        found.setdefault((span.label, span.start, span.end), []).append(span.id)
    return [SpanSet(*key, span_ids=tuple(ids)) for key, ids in found.items() if len(ids) > 1]


def _frozen(value: Any) -> str:
    return repr(sorted(value.items())) if isinstance(value, dict) else repr(value)


def _plan(
    sets: list[SpanSet],
    by_id: dict[int, StoredSpan],
    relations: list[StoredRelation],
    left: set[SpanSet | RelationSet],
) -> MergePlan:
    plan = MergePlan(merged=list(sets))
    left_relations = {(r.type, r.from_id, r.to_id) for r in left if isinstance(r, RelationSet)}
    kept_for: dict[int, int] = {}
    for copies in sets:
        kept = copies.span_ids[0]
        for span_id in copies.span_ids[1:]:
            kept_for[span_id] = kept
        note = joined_notes((f"span {i}", by_id[i].note) for i in copies.span_ids)
        if note != by_id[kept].note:
            plan.span_notes[kept] = note
    first: dict[tuple[str, int, int], StoredRelation] = {}
    notes: dict[int, list[StoredRelation]] = {}
    for relation in relations:
        ends = (
            kept_for.get(relation.from_id, relation.from_id),
            kept_for.get(relation.to_id, relation.to_id),
        )
        if ends[0] == ends[1]:
            plan.removed_relations[relation.id] = None
            continue
        key = (relation.type, *ends)
        there = first.get(key)
        if key in left_relations:
            continue  # copies left for a person, which no span merge moves (ends unchanged)
        if there is not None:
            plan.removed_relations[relation.id] = there.id
            notes.setdefault(there.id, [there]).append(relation)
            continue
        first[key] = relation
        if ends != (relation.from_id, relation.to_id):
            plan.moved[relation.id] = ends
    for kept_id, versions in notes.items():
        note = joined_notes((f"relation {r.id}", r.note) for r in versions)
        if note != versions[0].note:
            plan.relation_notes[kept_id] = note
    return plan


def _notes_too_long(plan: MergePlan, relations: list[StoredRelation]) -> list[Undecided]:
    """Return what to leave so that no note joined passes the note limit: a span set whose
    notes would; for relation copies whose notes would, the span sets whose merge made them
    copies, or the relation copies themselves when they were copies already."""
    over: list[Undecided] = []
    for copies in plan.merged:
        why = _too_long(plan.span_notes.get(copies.span_ids[0]))
        if why is not None:
            over.append(Undecided(copies, f"their notes joined {why}"))
    stored = {relation.id: relation for relation in relations}
    # Only the sets merged move relations (a set left is taken from them, so that each round
    # leaves something new and the loop ends).
    set_of = {span_id: copies for copies in plan.merged for span_id in copies.span_ids[1:]}
    for kept_id, note in plan.relation_notes.items():
        why = _too_long(note)
        if why is None:
            continue
        group = sorted([kept_id, *(r for r, c in plan.removed_relations.items() if c == kept_id)])
        named = "relations " + ", ".join(map(str, group))
        merging = {
            set_of[end]
            for relation_id in group
            for end in (stored[relation_id].from_id, stored[relation_id].to_id)
            if end in set_of
        }
        if merging:
            for copies in sorted(merging, key=lambda c: c.span_ids):
                over.append(Undecided(copies, f"the notes of {named} joined {why}"))
            continue
        kept = stored[kept_id]
        repeated = RelationSet(kept.type, kept.from_id, kept.to_id, tuple(group))
        over.append(Undecided(repeated, f"their notes joined {why}"))
    return over


def _too_long(note: str | None) -> str | None:
    """Say how a joined note would pass the note limit, in the merge's words, or None."""
    if note is None or too_long(note) is None:
        return None
    return f"would be {len(note):,} characters long; at most {MAX_NOTE:,} are kept"


def _over_max_per_source(
    plan: MergePlan, relations: list[StoredRelation], schema: dict[str, Any]
) -> list[Undecided]:
    """Return the merged sets whose span kept would leave more relations of a type than the
    schema allows (only a merge's own increase counts: a layer over it before stays so)."""
    limits = {t["name"]: t.get("max_per_source") for t in schema.get("relation_types", [])}
    before: dict[tuple[int, str], int] = {}
    after: dict[tuple[int, str], int] = {}
    for relation in relations:
        before[(relation.from_id, relation.type)] = (
            before.get((relation.from_id, relation.type), 0) + 1
        )
        if relation.id in plan.removed_relations:
            continue
        source = plan.moved.get(relation.id, (relation.from_id, relation.to_id))[0]
        after[(source, relation.type)] = after.get((source, relation.type), 0) + 1
    over = []
    for copies in plan.merged:
        kept = copies.span_ids[0]
        for (source, kind), count in sorted(after.items()):
            if source != kept or count <= before.get((source, kind), 0):
                continue
            limit = limits.get(kind)
            if exceeds_max_per_source(limit, count):
                reason = (
                    f"span {kept} would leave {count} {kind!r} relations; "
                    f"the schema allows at most {limit}"
                )
                over.append(Undecided(copies, reason))
                break
    return over
