"""BIO tags: a document's spans as one tag per token, and a tag sequence read back into
spans."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from ..tokens import Token
from .gold import LabeledSpan


def bio_tags(
    tokens: Sequence[Token], spans: Sequence[LabeledSpan], labels: Sequence[str]
) -> list[str]:
    """Return each token's BIO tag; a token belongs to a span if they share a character."""
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    wanted = set(labels)
    ordered = sorted((s for s in spans if s.label in wanted), key=lambda s: s.start - s.end)
    for span in ordered:
        first = bisect_right(starts, span.start) - 1
        if first < 0 or tokens[first].end <= span.start:
            first += 1
        stop = bisect_left(starts, span.end)
        for k in range(first, stop):
            tags[k] = ("B-" if k == first else "I-") + span.label
    return tags


def decode(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """Return the spans ``(label, first token, stop token)`` of a BIO tag sequence.

    An I- tag after O or after another label starts a span, as taggers do make that mistake.
    """
    spans: list[tuple[str, int, int]] = []
    label, first = "", -1
    for k, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if label and (kind != "I" or name != label):
            spans.append((label, first, k))
            label = ""
        if kind in ("B", "I") and not label:
            label, first = name, k
    return spans
