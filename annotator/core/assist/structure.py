"""Token features read off the attribution structure around a token, beyond its word window.

A claim runs many words from its cue, and the tagger sees three words either side; these
features carry the wider structure to each token:

- which cues its sentence holds, and the sentence before it (a quotation that runs over
  several sentences has its cue in the first): a rule cue, a reporting verb of the
  lexicon, and the labels whose learned words (:mod:`.learned`) appear;
- the side and distance of the nearest quotation mark in its sentence: the words right
  after an opening mark begin a claim, those right after a closing one a source or cue.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from ..tokens import Token
from .lexicon import REPORTING_VERBS

#: The marks that open or close a direct quotation (the apostrophe-like single ones left out).
QUOTATION_MARKS = frozenset('"“”„«»')


def sentence_cues(
    tokens: Sequence[Token],
    sentences: Sequence[tuple[int, int]],
    starts: Sequence[int],
    rule_tags: Sequence[str],
    learned_near: Sequence[Sequence[str]] | None,
) -> list[tuple[str, str]]:
    """Return, per token, the cue marks of its sentence and of the sentence before it.

    A mark reads ``<rule cue><reporting verb><learned labels>``: 1 or 0 for a cue the rules
    found (a ``-CUE`` tag of ``rule_tags``), 1 or 0 for a reporting verb, then the labels
    (joined by ``+``) whose learned words the sentence holds, read off the ``lex=`` features
    of ``learned_near``. Tokens outside every sentence get ``none``.
    """
    out: list[tuple[str, str]] = [("sc=none", "psc=none")] * len(tokens)
    before = "none"
    for start, end in sentences:
        first, stop = bisect_left(starts, start), bisect_left(starts, end)
        rule_cue = any(rule_tags[k].endswith("-CUE") for k in range(first, stop))
        verb = any(tokens[k].text.lower() in REPORTING_VERBS for k in range(first, stop))
        labels = sorted(
            {
                feature[4:]
                for k in range(first, stop)
                for feature in (learned_near[k] if learned_near is not None else ())
                if feature.startswith("lex=")
            }
        )
        here = f"{int(rule_cue)}{int(verb)}{'+'.join(labels)}"
        marks = (f"sc={here}", f"psc={before}")
        for k in range(first, stop):
            out[k] = marks
        before = here
    return out


def quotation_mark_distances(
    tokens: Sequence[Token], sentences: Sequence[tuple[int, int]], starts: Sequence[int]
) -> list[list[str]]:
    """Return, per token, the bucketed distance to the nearest quotation mark on each side.

    ``qL=<bucket>`` for the nearest mark to the left in the token's sentence, ``qR=`` to the
    right; a mark itself counts its neighbours, not itself.
    """
    out: list[list[str]] = [[] for _ in tokens]
    marks = [k for k, token in enumerate(tokens) if token.text in QUOTATION_MARKS]
    if not marks:
        return out
    for start, end in sentences:
        first, stop = bisect_left(starts, start), bisect_left(starts, end)
        lo, hi = bisect_left(marks, first), bisect_left(marks, stop)
        inside = marks[lo:hi]
        if not inside:
            continue
        for k in range(first, stop):
            at = bisect_left(inside, k)
            if at > 0:
                out[k].append(f"qL={bucket(k - inside[at - 1])}")
            after = bisect_right(inside, k)
            if after < len(inside):
                out[k].append(f"qR={bucket(inside[after] - k)}")
    return out


def bucket(gap: int) -> str:
    """Return a distance in tokens as a coarse bucket: 0 to 3, 4-6, 7-12 or far."""
    if gap <= 3:
        return str(gap)
    return "4-6" if gap <= 6 else "7-12" if gap <= 12 else "far"
