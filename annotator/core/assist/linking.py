"""Relations for a tagger's spans: each claim to the cue that governs it, and to that cue's source.

The tagger marks spans one token at a time and knows nothing of relations; an attribution
ties them (a claim is cued by a cue and attributed to a source) and they sit close together.
A claim's cue is the nearest cue before it or the nearest after it (never one past another
cue), in its sentence or the sentences on either side (a quotation often runs over
several): the one an annotator would draw, whose clause the claim is in. That is the side
with no paragraph break between the two, then no clause break (``.``, ``;``, ``?``, ``!``, a
line break), then no other claim between them, then with the fewer words between them (the
cue's source not counted: "X said that A", "A, X said"), then the nearer, so that in "X said
A; Y said B" A is X's and B is Y's rather than every claim the first cue's, and a quotation
ending a paragraph is not given to the next paragraph's cue. The claim is linked to the
source nearest that cue in the cue's sentence; with no cue, to the nearest source in its own
sentences.

A claim that a cue and its source interrupt ("A, X said, B", "“A,” X said. “B.”") is one
claim in two pieces, and its relations leave the first piece alone, as an imported
discontinuous span's do (the brat import links its first fragment): the piece after the cue
gets none when the piece before it is the cue's, with only punctuation between them and the
cue's source (or nothing at all, "A is expected B"); and of two claims after one cue only
the first is linked ("X said: “A.” “B.”").
"""

from __future__ import annotations

from collections.abc import Sequence

from ..shapes import sentence_at
from .attachment import span_gap
from .roles import DEFAULT_ROLES, RoleMapping
from .suggestions import SuggestedRelation, SuggestedSpan

_BREAKS = frozenset(".;?!\n")


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
    governed: dict[int, int | None] = {}
    for n, span in enumerate(spans):
        if span.label == claim:
            first, last = sentence(span.start), sentence(max(span.start, span.end - 1))
            cues = within(cue, first - 1, last + 1) if cue else []
            governed[n] = _governing(text, span, cues, spans, claims, sources)
    continuing = _continuations(text, spans, governed, sources)
    relations = []
    for n, found_cue in governed.items():
        if n in continuing:
            continue
        span = spans[n]
        if found_cue is not None and cued_by:
            relations.append(SuggestedRelation(cued_by, n, found_cue))
        if source is None or not attributed_to:
            continue
        if found_cue is not None:
            at = sentence(spans[found_cue].start)
            found_source = nearest(source, spans[found_cue], at, at)
        else:
            first, last = sentence(span.start), sentence(max(span.start, span.end - 1))
            found_source = nearest(source, span, first, last)
        if found_source is not None:
            relations.append(SuggestedRelation(attributed_to, n, found_source))
    return relations


def _continuations(
    text: str,
    spans: Sequence[SuggestedSpan],
    governed: dict[int, int | None],
    sources: Sequence[SuggestedSpan],
) -> set[int]:
    """Return the claims that continue an earlier claim of their cue (see the module):
    the first after the cue when the cue interrupts a claim, and every later one."""
    by_cue: dict[int, list[int]] = {}
    for n, found in governed.items():
        if found is not None:
            by_cue.setdefault(found, []).append(n)
    continuing: set[int] = set()
    for found, claims in by_cue.items():
        cue = spans[found]
        after = sorted(
            (n for n in claims if spans[n].start >= cue.end), key=lambda n: spans[n].start
        )
        if not after:
            continue
        piece = spans[after[0]]
        before = (spans[n] for n in claims if spans[n].end <= cue.start)
        interrupted = any(_interrupts(text, first, cue, piece, sources) for first in before)
        continuing.update(after if interrupted else after[1:])
    return continuing


def _interrupts(
    text: str,
    first: SuggestedSpan,
    cue: SuggestedSpan,
    piece: SuggestedSpan,
    sources: Sequence[SuggestedSpan],
) -> bool:
    """Tell whether ``cue`` (between them) parts ``first`` and ``piece`` of one claim.

    "A, X said, B", "“A,” X said. “B.”", "A, said X, B": nothing but punctuation between A
    and the cue, the source aside, and a source between the pieces; or no source and
    nothing at all ("A is expected B"). A comma and no source ("A, arguing that B") leaves B
    the cue's own claim.
    """
    gap = _gap(text, first, cue, sources)
    if any(c.isalnum() or c in _BREAKS for c in gap):
        return False
    return not gap.strip() or any(first.end <= s.start and s.end <= piece.start for s in sources)


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
) -> tuple[bool, bool, bool, int, int]:
    """How far ``cue`` is from governing ``claim``: a clause break between them, another
    claim between them, the words between them but the sources', the characters."""
    gap = _gap(text, claim, cue, sources)
    start, end = (cue.end, claim.start) if cue.end <= claim.start else (claim.end, cue.start)
    other_claim = any(start <= c.start and c.end <= end for c in claims if c is not claim)
    breaks = ("\n" in gap, any(c in _BREAKS for c in gap))
    return (*breaks, other_claim, len(gap.split()), end - start)


def _gap(
    text: str, claim: SuggestedSpan, cue: SuggestedSpan, sources: Sequence[SuggestedSpan]
) -> str:
    """The text between ``claim`` and ``cue``, the sources in it blanked."""
    start, end = (cue.end, claim.start) if cue.end <= claim.start else (claim.end, cue.start)
    between = list(text[start:end])
    for other in sources:
        for at in range(max(start, other.start), min(end, other.end)):
            between[at - start] = " "
    return "".join(between)
