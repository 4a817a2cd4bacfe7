"""The disagreement review: which documents and sentences disagree most, and how.

Every difference between the annotators' layers of a document is classified:

-   ``only_some``: a span (or overlapping group of spans) some annotators marked, others not;
-   ``boundary``: the annotators marked overlapping spans with different bounds (the shift of
    the start and of the end is given in characters);
-   ``label``: the same stretch marked with different labels;
-   ``attribute``: the same span, label and bounds, with different attribute values;
-   ``relation_only_some``: a relation some annotators drew and others not;
-   ``relation_target``: the same span linked to a different span (a claim attributed to a
    different source);
-   ``sentence_label`` / ``document_label``: values that differ, or are missing for some.

Spans are grouped across layers by overlap (a shared character links two spans of different
annotators), never joining two things one annotator meant apart (:func:`_overlapping`); a
group is in agreement when every annotator has one span there, all equal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from annotator.core.given_targets import OlderTarget
from annotator.core.shapes import sentence_at
from annotator.core.wording import NO_VALUE, counted, span_words, value_words
from annotator.models import (
    DOCUMENT_UNIT,
    Document,
    LabelValue,
    Relation,
    Span,
)
from annotator.services.annotation.payloads import sentence_starts
from annotator.services.review.layers import DocumentLayer, document_layers


@dataclass
class Version:
    """One annotator's side of a difference, and what accepting it would send."""

    annotator: str
    text: str
    accept: tuple[str, int, str] | None = None  # (kind, row id, attribute name or "")
    #: A span or relation version's note (its annotator's), shown by the review page (a
    #: span's), the review API and ``annotator adjudicate differences``.
    note: str | None = None
    #: A label value's version given toward an earlier target of its field, once
    #: :func:`annotator.services.review.given_toward.mark_given_toward` has told it.
    given_toward: OlderTarget | None = None


@dataclass
class Difference:
    """One classified difference between the layers of a document."""

    kind: str
    sentence: int | None  # None for the document as a whole
    summary: str
    versions: list[Version]
    #: A label field's difference: the field's name, which ``summary`` begins with.
    field: str | None = None
    #: Its target now, once :func:`annotator.services.review.given_toward.mark_given_toward`
    #: has told it (None: none, or not a label field's difference).
    target: str | None = None

    def titled(self) -> str:
        """Return the summary with a label field's target beside its name, as the workspace
        shows it: ``stance (NATO): alice=FAVOR, bob=NONE``."""
        if self.field is None or self.target is None:
            return self.summary
        return f"{self.field} ({self.target}){self.summary[len(self.field) :]}"


def _span_text(span: Span, text: str | None) -> str:
    if text is None:  # counting only: nobody reads the words
        return ""
    attributes = ", ".join(
        f"{k}={value_words(v)}" for k, v in sorted((span.attributes or {}).items())
    )
    suffix = f" {{{attributes}}}" if attributes else ""
    return span_words(span.label, span.start, span.end, text) + suffix


def _clusters(layers: list[DocumentLayer]) -> list[dict[str, list[Span]]]:
    """Group spans of different layers that overlap (:func:`_overlapping`).

    A span every layer has once, alike (label and offsets), is a group of its own first: in
    a cluster with what overlaps it, a span only one annotator marked across it was read as
    the agreed span's boundary shift and label swap, and deciding those left it out of gold
    undecided. Its attributes may still differ (an attribute difference of its own).
    """
    spans = [(layer.name, span) for layer in layers for span in layer.spans]
    counts: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for name, span in spans:
        counts[(span.label, span.start, span.end)].append(name)
    names = [layer.name for layer in layers]
    agreed = {key for key, holders in counts.items() if sorted(holders) == sorted(names)}
    alike: dict[tuple[str, int, int], dict[str, list[Span]]] = defaultdict(dict)
    rest = []
    for name, span in spans:
        key = (span.label, span.start, span.end)
        if key in agreed:
            alike[key][name] = [span]
        else:
            rest.append((name, span))
    return sorted(
        [*alike.values(), *_overlapping(rest)],
        key=lambda g: min(s.start for spans in g.values() for s in spans),
    )


def _overlapping(spans: list[tuple[str, Span]]) -> list[dict[str, list[Span]]]:
    """Group ``(layer name, span)`` pairs into the spans of one difference each.

    Two spans of different layers that overlap are readings of one thing, and join (with
    what each has joined), nearest bounds first, in two rounds:

    1.  of one label: a boundary shift, or one span where another annotator marked two side
        by side. Not when an annotator has spans in both groups that overlap each other: a
        claim inside a claim is two claims, each decided on its own;
    2.  of different labels: a label swap, only where no annotator has spans in both groups.
        An annotator who marked both labels there (a BIASED_WORD inside their CLAIM) meant
        two things: joined, taking their claim decided their word too, and gold lost it.

    So a difference never holds two things one annotator meant apart, and deciding it by
    one annotator's side never leaves out another span of theirs.
    """
    parent = list(range(len(spans)))
    members = [[i] for i in range(len(spans))]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = _overlapping_pairs(spans)
    for same_label in (True, False):
        for i, j in pairs:
            if (spans[i][1].label == spans[j][1].label) != same_label:
                continue
            a, b = find(i), find(j)
            if a != b and _may_join(spans, members[a], members[b], same_label):
                parent[b] = a
                members[a] += members[b]
    groups: dict[int, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for i, (name, span) in enumerate(spans):
        groups[find(i)][name].append(span)
    return [dict(g) for g in groups.values()]


def _overlapping_pairs(spans: list[tuple[str, Span]]) -> list[tuple[int, int]]:
    """Return the indices of spans of different layers that overlap, nearest bounds first."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][1].start)
    active: list[int] = []
    pairs = []
    for i in order:
        name, span = spans[i]
        active = [j for j in active if spans[j][1].end > span.start]
        pairs += [(j, i) for j in active if spans[j][0] != name]
        active.append(i)

    def apart(pair: tuple[int, int]) -> tuple[int, int, int]:
        one, other = spans[pair[0]][1], spans[pair[1]][1]
        return abs(one.start - other.start) + abs(one.end - other.end), *pair

    return sorted(pairs, key=apart)


def _may_join(
    spans: list[tuple[str, Span]], group: list[int], other: list[int], same_label: bool
) -> bool:
    """Tell whether two groups may be one difference (see :func:`_overlapping`)."""
    if not same_label:
        return not {spans[i][0] for i in group} & {spans[j][0] for j in other}
    return not any(
        spans[i][0] == spans[j][0]
        and spans[i][1].start < spans[j][1].end
        and spans[j][1].start < spans[i][1].end
        for i in group
        for j in other
    )


def document_differences(
    session: Session, document: Document, layers: list[DocumentLayer] | None = None
) -> list[Difference]:
    """Return every difference between the annotators' layers of ``document``, classified."""
    layers = document_layers(session, document) if layers is None else layers
    return layer_differences(layers, document.text, sentence_starts(document))


def layer_differences(
    layers: list[DocumentLayer], text: str | None, starts: list[int]
) -> list[Difference]:
    """Return every difference between ``layers`` (one document's), classified.

    :param text: the document's text, which the summaries and the versions quote; None to
        count the differences only (the review list's "to decide"): the same differences,
        found by the same rules, with empty wording, no text read and every ``sentence`` as
        ``starts`` places it (give ``[]``: 0). Writing the words is half the pass.
    """
    if len(layers) < 2:
        return []
    names = [layer.name for layer in layers]
    found: list[Difference] = []
    cluster_of: dict[int, int] = {}
    for number, group in enumerate(_clusters(layers)):
        for spans in group.values():
            for span in spans:
                cluster_of[span.id] = number
        found += _span_differences(group, names, text, starts)
    found += _relation_differences(layers, cluster_of, text, starts)
    found += _label_differences(layers)
    return found


def _span_differences(
    group: dict[str, list[Span]], names: list[str], text: str | None, starts: list[int]
) -> list[Difference]:
    every = [s for spans in group.values() for s in spans]
    keys = {(s.label, s.start, s.end) for s in every}
    # One span each, alike (label and bounds): a difference only if their attributes differ.
    alike = len(keys) == 1 and all(len(group.get(name, [])) == 1 for name in names)
    if alike and len({tuple(sorted((s.attributes or {}).items())) for s in every}) == 1:
        return []  # agreed (most groups): checked before any version is written
    sentence = sentence_at(starts, min(s.start for s in every))
    versions = [
        Version(name, _span_text(span, text), ("span", span.id, ""), span.note)
        for name in names
        for span in group.get(name, [])
    ]
    if alike:
        differing = sorted(
            {
                k
                for s in every
                for k in (s.attributes or {})
                if len({(t.attributes or {}).get(k) for t in every}) > 1
            }
        )
        return [
            Difference(
                "attribute",
                sentence,
                f"{every[0].label}: attribute {name} differs",
                [
                    Version(v.annotator, v.text, ("attribute", v.accept[1], name))  # type: ignore[index]
                    for v in versions
                ],
            )
            for name in differing
        ]
    result = []
    missing = [name for name in names if name not in group]
    label = "/".join(sorted({s.label for s in every}))
    if missing:
        marked = [name for name in names if name in group]
        result.append(
            Difference(
                "only_some",
                sentence,
                f"{label} marked by {', '.join(marked)}; not by {', '.join(missing)}",
                versions,
            )
        )
    bounds = {(s.start, s.end) for s in every}
    if len(bounds) > 1:
        shift_start = max(s.start for s in every) - min(s.start for s in every)
        shift_end = max(s.end for s in every) - min(s.end for s in every)
        result.append(
            Difference(
                "boundary", sentence, _boundary_summary(label, shift_start, shift_end), versions
            )
        )
    if len({s.label for s in every}) > 1:
        result.append(Difference("label", sentence, f"labels differ: {label}", versions))
    return result


def _boundary_summary(label: str, shift_start: int, shift_end: int) -> str:
    """Say how far apart the starts and the ends of overlapping spans are, naming what agrees."""
    if not shift_start:
        return f"{label}: same start; the ends are {counted(shift_end, 'character')} apart"
    if not shift_end:
        return f"{label}: same end; the starts are {counted(shift_start, 'character')} apart"
    starts = counted(shift_start, "character")
    return f"{label}: the starts are {starts} apart and the ends {counted(shift_end, 'character')}"


def _relation_differences(
    layers: list[DocumentLayer],
    cluster_of: dict[int, int],
    text: str | None,
    starts: list[int],
) -> list[Difference]:
    spans = {s.id: s for layer in layers for s in layer.spans}
    by_source: dict[tuple[str, int], dict[str, list[Relation]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for layer in layers:
        for relation in layer.relations:
            key = (relation.type, cluster_of.get(relation.from_span_id, -1))
            by_source[key][layer.name].append(relation)
    names = [layer.name for layer in layers]
    result = []
    for (kind, _cluster), drawn in by_source.items():
        targets = {
            name: {cluster_of.get(r.to_span_id, -1) for r in drawn.get(name, [])} for name in names
        }
        missing = [name for name in names if not targets[name]]
        present = [frozenset(t) for t in targets.values() if t]
        if not missing and len(set(present)) == 1 and not _exact_ends_differ(drawn, spans):
            continue  # drawn alike by all (most relations): checked before any version
        first = next(iter(drawn.values()))[0]
        source = spans[first.from_span_id]
        sentence = sentence_at(starts, source.start)
        versions = [
            Version(name, _relation_text(kind, r, spans, text), ("relation", r.id, ""), r.note)
            for name in names
            for r in drawn.get(name, [])
        ]
        quoted = "" if text is None else _opening(text[source.start : source.end])
        what = f"{kind} from {source.label} \u201c{quoted}\u201d"
        if missing:
            result.append(
                Difference(
                    "relation_only_some",
                    sentence,
                    f"{what} drawn by {', '.join(n for n in names if targets[n])}; "
                    f"not by {', '.join(missing)}",
                    versions,
                )
            )
        if len(set(present)) > 1:
            result.append(
                Difference(
                    "relation_target",
                    sentence,
                    f"{what} goes to a different span",
                    versions,
                )
            )
        elif not missing and _exact_ends_differ(drawn, spans):
            # Everyone drew it between the same overlapping spans, but not the same spans:
            # gold has none of it until one version is taken (unanimous items are exact only).
            result.append(
                Difference(
                    "relation_spans",
                    sentence,
                    f"{what} drawn by all, between spans that differ",
                    versions,
                )
            )
    return result


def _relation_text(kind: str, relation: Relation, spans: dict[int, Span], text: str | None) -> str:
    if text is None:  # counting only
        return ""
    start, end = spans[relation.from_span_id], spans[relation.to_span_id]
    return f"{kind}: {_span_text(start, text)} \u2192 {_span_text(end, text)}"


def _opening(quoted: str, limit: int = 40) -> str:
    """Return ``quoted`` up to ``limit`` characters, cut after a whole word with an ellipsis."""
    if len(quoted) <= limit:
        return quoted
    cut = quoted[: limit + 1]
    if cut[-1].strip():  # the last word goes on past the limit: leave it out
        cut = cut[: max(cut.rfind(" "), 0)] or quoted[:limit]
    return cut.rstrip() + "\u2026"


def _exact_ends_differ(drawn: dict[str, list[Relation]], spans: dict[int, Span]) -> bool:
    """Whether the annotators' relations differ once their ends are compared exactly."""

    def ends(relation: Relation) -> tuple[tuple[str, int, int], tuple[str, int, int]]:
        start, end = spans[relation.from_span_id], spans[relation.to_span_id]
        return (start.label, start.start, start.end), (end.label, end.start, end.end)

    return len({frozenset(ends(r) for r in relations) for relations in drawn.values()}) > 1


def _label_differences(layers: list[DocumentLayer]) -> list[Difference]:
    values: dict[tuple[int, str], dict[str, LabelValue]] = defaultdict(dict)
    for layer in layers:
        for row in layer.labels:
            values[(row.sentence_index, row.name)][layer.name] = row
    result = []
    for (unit, name), given in sorted(values.items()):
        if len(given) == len(layers) and len({repr(r.value) for r in given.values()}) == 1:
            continue
        document = unit == DOCUMENT_UNIT
        result.append(
            Difference(
                "document_label" if document else "sentence_label",
                None if document else unit,
                f"{name}: "
                + ", ".join(
                    f"{layer.name}={value_words(given[layer.name].value)}"
                    if layer.name in given
                    else f"{layer.name}={NO_VALUE}"
                    for layer in layers
                ),
                [
                    Version(
                        layer.name, f"{name} = {value_words(cell.value)}", ("label", cell.id, "")
                    )
                    for layer in layers
                    if (cell := given.get(layer.name)) is not None
                ],
                field=name,
            )
        )
    return result
