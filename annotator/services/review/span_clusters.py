"""Group the spans of different layers into the spans of one difference each: what every
layer marked alike stands alone, and overlapping spans join, never two things one annotator
meant apart."""

from __future__ import annotations

from collections import defaultdict

from annotator.models import Span
from annotator.services.review.layers import DocumentLayer


def cluster_spans(layers: list[DocumentLayer]) -> list[dict[str, list[Span]]]:
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
