"""The differences between the annotators' relations: drawn by only some, to a different
span, or by all between spans that differ."""

from __future__ import annotations

from collections import defaultdict

from annotator.core.shapes import sentence_at
from annotator.models import Relation, Span
from annotator.services.review.difference import Difference, Version
from annotator.services.review.layers import DocumentLayer
from annotator.services.review.span_differences import span_text


def relation_differences(
    layers: list[DocumentLayer],
    cluster_of: dict[int, int],
    text: str | None,
    starts: list[int],
) -> list[Difference]:
    """Return the differences between the layers' relations, each relation placed by the
    group of spans its ends fall in (``cluster_of``: span id -> group)."""
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
    return f"{kind}: {span_text(start, text)} \u2192 {span_text(end, text)}"


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
