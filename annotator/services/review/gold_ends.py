"""Gold's span for an annotator's span: the one home of the rule, over plain rows.

A span's difference (``only_some``, ``boundary``, ``label``: the spans of several annotators
that overlap) is decided by the version gold holds. Gold holds an annotator's span when it has
a span of its label and bounds; where it has none, but holds a version of the span's
difference of the span's label (of several, the one sharing the most characters with it),
that version stands for it: bob's claim taken, alice's claim of that difference is gold's
claim there, and a relation of alice's accepted ends at it (never at a second gold claim
beside bob's: two gold spans of one difference, which no version decides). Where gold holds
none of its label, or several sharing as many characters with it, nothing stands for it:
which is meant is the reviewer's to decide first.

Read by :mod:`annotator.services.review.decided_differences` (a relation version is held when
gold relates the spans standing for its ends; a span difference gold holds spans of from
different versions is not decided) and by
:mod:`annotator.services.review.relation_gold_ends` (where an accepted relation's ends are).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.services.review.difference import Difference
from annotator.services.review.none_taken import Rows

SpanKey = tuple[str, int, int]

#: The kinds of difference whose versions are spans (an attribute's are of one agreed span).
SPAN_KINDS = frozenset({"only_some", "boundary", "label"})


def span_key(span: Any) -> SpanKey:
    """Return a span's label and bounds: what gold holds of it."""
    return (span.label, span.start, span.end)


def version_spans(difference: Difference, rows: Rows) -> list[tuple[str, Any]]:
    """Return ``(annotator, span)`` of each span version of ``difference`` (none for another
    kind of difference)."""
    if difference.kind not in SPAN_KINDS:
        return []
    found = []
    for version in difference.versions:
        if version.accept is not None and version.accept[0] == "span":
            span = rows.get(("span", version.accept[1]))
            if span is not None:
                found.append((version.annotator, span))
    return found


def held_versions(difference: Difference, rows: Rows, gold_keys: set[SpanKey]) -> list[SpanKey]:
    """Return the spans (label and bounds) of ``difference``'s versions that gold holds,
    each once, in the versions' order."""
    keys = (span_key(span) for _, span in version_spans(difference, rows))
    return list(dict.fromkeys(key for key in keys if key in gold_keys))


def split_in_gold(difference: Difference, rows: Rows, gold_keys: set[SpanKey]) -> bool:
    """Tell whether gold holds spans of ``difference`` from different versions: several
    spans, not all one annotator's (alice marking two claims where bob marked one, gold
    holding alice's two is her version). No version decides such a difference."""
    held = set(held_versions(difference, rows, gold_keys))
    if len(held) < 2:
        return False
    marked: dict[str, set[SpanKey]] = {}
    for annotator, span in version_spans(difference, rows):
        marked.setdefault(annotator, set()).add(span_key(span))
    return not any(held <= keys for keys in marked.values())


def whose_version_held(
    difference: Difference, rows: Rows, gold_keys: set[SpanKey], exact: list[str]
) -> list[str]:
    """Narrow ``exact`` (the annotators with a span of ``difference`` exactly in gold) to
    those whose version of it gold holds: all their spans of it and no other. alice marked
    two claims, bob the first of them, carol one across both: gold holding alice's two
    holds bob's claim too, but his version is not the one taken.

    Where nobody's version is gold's as a whole (gold edited down to one of alice's claims
    in the workspace), it is theirs whose version holds all of gold's spans of it; and where
    those are of different versions (:func:`split_in_gold`), ``exact`` as it is: whose.
    """
    held = set(held_versions(difference, rows, gold_keys))
    marked: dict[str, set[SpanKey]] = {}
    for annotator, span in version_spans(difference, rows):
        marked.setdefault(annotator, set()).add(span_key(span))
    if not marked:  # not a span difference
        return exact
    whole = [name for name in exact if marked.get(name) == held]
    return whole or [name for name in exact if held <= marked.get(name, set())] or exact


def standing_in(
    differences: Iterable[Difference], rows: Rows, gold_keys: set[SpanKey]
) -> dict[int, SpanKey | None]:
    """Map the id of each annotator span that gold does not hold, but whose difference gold
    holds a version of, to gold's span standing for it (:func:`stand_in_candidates`, when
    one is); None where none does (none of its label, or several alike)."""
    stand: dict[int, SpanKey | None] = {}
    for difference in differences:
        held = held_versions(difference, rows, gold_keys)
        if not held:
            continue
        for _, span in version_spans(difference, rows):
            key = span_key(span)
            if key in gold_keys:
                continue
            candidates = stand_in_candidates(span, held)
            stand[span.id] = candidates[0] if len(candidates) == 1 else None
    return stand


def stand_in_candidates(span: Any, held: list[SpanKey]) -> list[SpanKey]:
    """Return which of gold's spans ``held`` of a difference may stand for an annotator's
    ``span`` of it that gold lacks: those of its label, and of several, those sharing the
    most characters with it. Gold holding alice's two claims where bob marked one across
    both, his relation accepted ends at the claim of hers that covers more of his; only two
    that cover it alike (or none of its label) leave it to the reviewer (several returned:
    the refusal names them)."""
    alike = [key for key in held if key[0] == span.label]
    if len(alike) < 2:
        return alike

    def shared(key: SpanKey) -> int:
        return max(0, min(key[2], span.end) - max(key[1], span.start))

    most = max(shared(key) for key in alike)
    return [key for key in alike if shared(key) == most]


def gold_span_for(
    span: Any, gold_keys: set[SpanKey], stand: dict[int, SpanKey | None]
) -> SpanKey | None:
    """Return gold's span for an annotator's ``span``: its own, or the one standing for it
    (:func:`standing_in`); None when gold has neither."""
    key = span_key(span)
    if key in gold_keys:
        return key
    return stand.get(span.id)
