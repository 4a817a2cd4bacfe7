"""Relations for a tagger's spans: each claim to its nearest cue, and to that cue's source.

The tagger marks spans one token at a time and knows nothing of relations; an attribution
ties them (a claim is cued by a cue and attributed to a source) and they sit close together.
So each claim is linked to the nearest cue in its sentence or the sentences on either side
(a quotation often runs over several), and to the source nearest that cue in the cue's
sentence; with no cue, to the nearest source in its own sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..shapes import sentence_at
from .attachment import span_gap
from .roles import DEFAULT_ROLES, RoleMapping
from .suggestions import SuggestedRelation, SuggestedSpan


def link_spans(
    spans: Sequence[SuggestedSpan],
    sentences: Sequence[tuple[int, int]],
    roles: RoleMapping = DEFAULT_ROLES,
) -> list[SuggestedRelation]:
    """Return ATTRIBUTED_TO and CUED_BY relations (named by ``roles``) between ``spans``."""
    claim, cue, source = (roles.name(role) for role in ("CLAIM", "CUE", "SOURCE"))
    cued_by, attributed_to = roles.name("CUED_BY"), roles.name("ATTRIBUTED_TO")
    if claim is None:
        return []
    starts = [start for start, _ in sentences]

    def sentence(position: int) -> int:
        return sentence_at(starts, position)

    def nearest(kind: str | None, near: SuggestedSpan, first: int, last: int) -> int | None:
        found = [
            (span_gap(near, span), n)
            for n, span in enumerate(spans)
            if span.label == kind and first <= sentence(span.start) <= last
        ]
        return min(found)[1] if found else None

    relations = []
    for n, span in enumerate(spans):
        if span.label != claim:
            continue
        first, last = sentence(span.start), sentence(max(span.start, span.end - 1))
        found_cue = nearest(cue, span, first - 1, last + 1) if cue else None
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
