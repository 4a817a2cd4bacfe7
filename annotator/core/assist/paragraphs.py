"""The tagger's sequences: a document cut at its paragraph breaks.

CRFsuite's passive-aggressive learner updates its weights once per training sequence, by
as much as that sequence's errors ask. A whole news article as one sequence gives a pass
over 837 articles 837 updates, each a compromise between hundreds of tokens; their
17,309 paragraphs give it as many, each fitted to a few sentences. On PolNeAR that lifted
the dev split's overlap F1 by 2.4 points for sources, 1.2 for cues and 0.8 for claims, in
the same training time (docs/benchmarks.md, round 4). The tagger tags each paragraph on
its own too, as it learned them.

A paragraph ends where the text between two sentences holds a line break (either kind of
break of :mod:`annotator.core.paragraph_breaks`, the pages' rule too). Hardly any
span holds one (66 of the 23,137 claims of PolNeAR's train split, 2 of its 17,171
sources, none of its cues); such a span is learned as two, and never suggested across
the break. Sentences are too short a cut: about 6 % of the claims run over several, and
cut at every sentence (but never inside a gold span) the tagger lost five points on
claims.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from ..paragraph_breaks import break_between
from ..tokens import Token


def paragraphs(
    text: str, tokens: Sequence[Token], sentences: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Return the token ranges ``(first, stop)`` of ``text``'s paragraphs, in order."""
    starts = [t.start for t in tokens]
    cuts = [0]
    for (_, end), (start, _) in zip(sentences, sentences[1:], strict=False):
        at = bisect_left(starts, start)
        if break_between(text, end, start) and cuts[-1] < at < len(tokens):
            cuts.append(at)
    cuts.append(len(tokens))
    return [(first, stop) for first, stop in zip(cuts, cuts[1:], strict=False) if stop > first]
