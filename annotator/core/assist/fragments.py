"""Joining a tagger's fragments of one long span split by a few words that break no clause.

A tagger tags one token at a time, and inside a long claim it often marks a few words as
something else ("that the team *avoided taking* her to the hospital") or as
nothing, which leaves two claim spans where the gold has one. Overlap F1 matches spans one
to one, so the second fragment costs a false positive. Two neighbouring fragments of the
joined label become one span when the words between them could not end a clause:

- the first fragment does not end in punctuation or a quotation mark (a quotation ends a
  claim: "“…,” she said, “…”" is two claims);
- the gap holds no punctuation, quotation mark or line break, and no conjunction that
  would start a clause of its own ("and says", "but he also warned").

Only labels whose gold spans are long are joined (:func:`long_labels`, learned with the
model): there a break inside a span is the tagger's slip, while two short spans a few words
apart (two sources, two cues) are usually two spans. On PolNeAR that is the claims, and the
join lifts their overlap F1 by 1.1 to 1.3 points on the dev split (docs/benchmarks.md, "The
passive-aggressive learner and joined claim fragments").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from statistics import median

from ..tokens import Token
from .gold import LabeledSpan
from .lexicon import words
from .suggestions import SuggestedSpan

#: A label is long when its gold spans hold at least this many tokens (the median): on
#: PolNeAR claims hold 11, sources 2 and cues 1.
LONG_SPAN = 5
#: Characters that end or separate clauses: no join across them.
_BREAK = re.compile(r"[,.;:!?\"“”„«»‹›\n]")
#: A fragment ending in one of these ended where it should have.
_ENDING = frozenset(",.;:!?\"“”„«»‹›’'")
_CONJUNCTIONS = words(
    """
    and but or when before after while as
    """
)


def long_labels(
    documents: Iterable[tuple[Sequence[Token], Sequence[LabeledSpan]]], labels: Sequence[str]
) -> frozenset[str]:
    """Return the ``labels`` whose gold spans hold :data:`LONG_SPAN` tokens or more (median)."""
    lengths: dict[str, list[int]] = {label: [] for label in labels}
    for tokens, spans in documents:
        starts = [t.start for t in tokens]
        for span in spans:
            if span.label in lengths:
                first, stop = bisect_left(starts, span.start), bisect_left(starts, span.end)
                lengths[span.label].append(stop - first)
    return frozenset(label for label, n in lengths.items() if n and median(n) >= LONG_SPAN)


def join_fragments(
    text: str, spans: Sequence[SuggestedSpan], labels: Iterable[str]
) -> list[SuggestedSpan]:
    """Return ``spans`` with neighbouring fragments of each of ``labels`` joined.

    Spans of other labels are kept as they are, and the result is in document order. A
    joined span's score is its fragments' scores weighted by their length.
    """
    joined = set(labels)
    out = [s for s in spans if s.label not in joined]
    for label in sorted(joined):
        pieces: list[SuggestedSpan] = []
        for span in sorted((s for s in spans if s.label == label), key=lambda s: s.start):
            if pieces and _joinable(text, pieces[-1], span):
                pieces[-1] = _join(pieces[-1], span)
            else:
                pieces.append(span)
        out.extend(pieces)
    return sorted(out, key=lambda s: (s.start, s.end))


def _joinable(text: str, first: SuggestedSpan, second: SuggestedSpan) -> bool:
    if second.start < first.end or text[first.end - 1] in _ENDING:
        return False
    gap = text[first.end : second.start]
    return not _BREAK.search(gap) and not _CONJUNCTIONS.intersection(gap.lower().split())


def _join(first: SuggestedSpan, second: SuggestedSpan) -> SuggestedSpan:
    a, b = first.end - first.start, second.end - second.start
    score = (first.score * a + second.score * b) / (a + b)
    return SuggestedSpan(first.label, first.start, second.end, score)
