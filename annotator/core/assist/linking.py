"""Relations for a tagger's spans: each claim to the cue that governs it, and to that cue's source.

The tagger marks spans one token at a time and knows nothing of relations; an attribution
ties them (a claim is cued by a cue and attributed to a source) and they sit close together.
A claim's cue is the nearest cue before it or the nearest after it (never one past another
cue), in its sentence or the sentences on either side (a quotation often runs over
several): the one an annotator would draw, whose clause the claim is in. That is the side
with no clause break (``.``, ``;``, ``?``, ``!``) and no other claim between the two, then
with the fewer words between them (the cue's source not counted: "X said that A", "A, X
said"), then the nearer, so that in "X said A; Y said B" A is X's and B is Y's rather than
every claim the first cue's. The claim is linked to the source nearest that cue in the
cue's sentence; with no cue, to the nearest source in its own sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..shapes import sentence_at
from .attachment import span_gap
from .roles import DEFAULT_ROLES, RoleMapping
from .suggestions import SuggestedRelation, SuggestedSpan

_BREAKS = frozenset(".;?!")


def link_spans(
    text: str,
    spans: Sequence[SuggestedSpan],
    sentences: Sequence[tuple[int, int]],
    roles: RoleMapping = DEFAULT_ROLES,
) -> list[SuggestedRelation]:
    """Return ATTRIBUTED_TO and CUED_BY relations (named by ``roles``) between ``spans``,
    suggested on ``text``: at most one of each type leaving a claim."""
    claim, cue, source = (roles.name(role) for role in ("CLAIM", "CUE", "SOURCE"))
    cued_by, attributed_to = roles.name("CUED_BY"), roles.name("ATTRIBUTED_TO")
    if claim is None:
        return []
    starts = [start for start, _ in sentences]

    def sentence(position: int) -> int:
        return sentence_at(starts, position)

    def within(kind: str | None, first: int, last: int) -> list[int]:
        return [
            n
            for n, span in enumerate(spans)
            if span.label == kind and first <= sentence(span.start) <= last
        ]

    def nearest(kind: str | None, near: SuggestedSpan, first: int, last: int) -> int | None:
        found = [(span_gap(near, spans[n]), n) for n in within(kind, first, last)]
        return min(found)[1] if found else None

    claims = [span for span in spans if span.label == claim]
    sources = [span for span in spans if span.label == source]
    relations = []
    for n, span in enumerate(spans):
        if span.label != claim:
            continue
        first, last = sentence(span.start), sentence(max(span.start, span.end - 1))
        cues = within(cue, first - 1, last + 1) if cue else []
        found_cue = _governing(text, span, cues, spans, claims, sources)
        if found_cue is not None and cued_by:
            relations.append(SuggestedRelation(cued_by, n, found_cue))
        if source is None or not attributed_to:
            continue
        if found_cue is not None:
            at = sentence(spans[found_cue].start)
            found_source = nearest(source, spans[found_cue], at, at)
        else:
            found_source = nearest(source, span, first, last)
        if found_source is not None:
            relations.append(SuggestedRelation(attributed_to, n, found_source))
    return relations


def _governing(
    text: str,
    claim: SuggestedSpan,
    cues: Sequence[int],
    spans: Sequence[SuggestedSpan],
    claims: Sequence[SuggestedSpan],
    sources: Sequence[SuggestedSpan],
) -> int | None:
    """Return the index of the cue that governs ``claim`` among ``cues`` (see the module)."""
    # A cue inside the claim's extent is an attribution the claim reports, not its own.
    before = [n for n in cues if spans[n].end <= claim.start]
    after = [n for n in cues if spans[n].start >= claim.end]
    sides = []
    if before:
        sides.append(max(before, key=lambda n: (spans[n].end, -n)))
    if after:
        sides.append(min(after, key=lambda n: (spans[n].start, n)))
    ranked = [(_distance(text, claim, spans[n], claims, sources), n) for n in sides]
    return min(ranked)[1] if ranked else None


def _distance(
    text: str,
    claim: SuggestedSpan,
    cue: SuggestedSpan,
    claims: Sequence[SuggestedSpan],
    sources: Sequence[SuggestedSpan],
) -> tuple[bool, bool, int, int]:
    """How far ``cue`` is from governing ``claim``: a clause break between them, another
    claim between them, the words between them but the sources', the characters."""
    start, end = (cue.end, claim.start) if cue.end <= claim.start else (claim.end, cue.start)
    between = list(text[start:end])
    for other in sources:
        for at in range(max(start, other.start), min(end, other.end)):
            between[at - start] = " "
    gap = "".join(between)
    other_claim = any(start <= c.start and c.end <= end for c in claims if c is not claim)
    return (any(c in _BREAKS for c in gap), other_claim, len(gap.split()), end - start)
