"""Keeping, in a sentence with cues, only the sources that an attribution attaches to.

The tagger knows what a source looks like (a name, a pronoun, "officials") but tags one
token at a time, so in a sentence with a cue it often marks a second mention of that kind
beside the right one: "Mr. Obama, *who* understood…", "*advisers* to Mr. Obama say",
the tail of a long source broken off. Overlap matching is one to one, so each extra
mention is a false positive. An attribution has one source per cue: for each cue, the
source of its sentence nearest it is kept, and a source that no cue of its sentence chose
is dropped. Sources in sentences without a cue are left alone (a cue missed by the tagger
still has its source). On PolNeAR's dev split this lifted the sources' overlap F1 by 0.6 to
0.8 points for each training seed (docs/benchmarks.md, round 7); choosing by the tagger's
score, by side or across quotation marks instead of by distance made no difference.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..shapes import sentence_at
from .roles import DEFAULT_ROLES, RoleMapping
from .suggestions import SuggestedSpan


def attach_sources(
    spans: Sequence[SuggestedSpan],
    sentences: Sequence[tuple[int, int]],
    roles: RoleMapping = DEFAULT_ROLES,
) -> list[SuggestedSpan]:
    """Return ``spans`` without the sources that no cue of their sentence is nearest to.

    Every other span is kept, in its order. Without a source or cue role, nothing changes.
    """
    source, cue = roles.name("SOURCE"), roles.name("CUE")
    if source is None or cue is None:
        return list(spans)
    starts = [start for start, _ in sentences]

    def sentence(position: int) -> int:
        return sentence_at(starts, position)

    sources = [n for n, span in enumerate(spans) if span.label == source]
    cued = {sentence(span.start) for span in spans if span.label == cue}
    chosen = {n for n in sources if sentence(spans[n].start) not in cued}
    for span in spans:
        if span.label != cue:
            continue
        at = sentence(span.start)
        candidates = [
            (span_gap(span, spans[n]), n) for n in sources if sentence(spans[n].start) == at
        ]
        if candidates:
            chosen.add(min(candidates)[1])
    return [span for n, span in enumerate(spans) if span.label != source or n in chosen]


def span_gap(a: SuggestedSpan, b: SuggestedSpan) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b.start - a.end, a.start - b.end)
