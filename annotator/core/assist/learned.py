"""Words the training gold ties to a label, learned at training time and kept with the model.

The hand-written lexicon knows "said" and "according to"; a project's gold knows its own
cues ("expects", "eagerness", "allows" in a corpus that reads attribution widely) and its
own sources. A word joins a label's set when it falls inside that label's spans often
enough, in count and in share of its occurrences. The tagger then describes each token by
its distance to the nearest word of each set in its sentence, which carries a cue's pull
beyond the three words of the context window (a claim runs far from its cue).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from ..tokens import Token
from .gold import LabeledSpan
from .structure import bucket

#: A word is a label's when it is inside that label's spans this many times ...
MIN_COUNT = 3
#: ... and in at least this share of its occurrences.
MIN_SHARE = 0.3
#: A label whose spans cover more of the tokens learns no words: claims, a third of a news
#: text, would claim "a" and "the" (and on PolNeAR their words did not help).
MAX_COVERAGE = 0.2

LearnedWords = Mapping[str, frozenset[str]]


def learn_words(
    documents: Iterable[tuple[Sequence[Token], Sequence[LabeledSpan]]],
    labels: Sequence[str],
    *,
    min_count: int = MIN_COUNT,
    min_share: float = MIN_SHARE,
) -> dict[str, frozenset[str]]:
    """Return, per label, the lower-case words its gold spans hold often (see the module).

    The labels are the keys in the order of ``labels``.
    """
    seen: Counter[str] = Counter()
    inside: dict[str, Counter[str]] = {label: Counter() for label in labels}
    covered: Counter[str] = Counter()
    for tokens, spans in documents:
        starts = [t.start for t in tokens]
        seen.update(t.text.lower() for t in tokens)
        for span in spans:
            counter = inside.get(span.label)
            if counter is None:
                continue
            first, stop = bisect_left(starts, span.start), bisect_left(starts, span.end)
            counter.update(t.text.lower() for t in tokens[first:stop])
            covered[span.label] += stop - first
    total = max(1, sum(seen.values()))
    learned: dict[str, frozenset[str]] = {}
    for label, counter in inside.items():
        if covered[label] > MAX_COVERAGE * total:
            learned[label] = frozenset()  # its words are the text's words
            continue
        learned[label] = frozenset(
            word
            for word, n in counter.items()
            if n >= min_count and n >= min_share * seen[word] and any(c.isalpha() for c in word)
        )
    return learned


def nearest_features(
    tokens: Sequence[Token],
    sentences: Sequence[tuple[int, int]],
    starts: Sequence[int],
    words: LearnedWords,
) -> list[list[str]]:
    """Return, per token, its own learned labels and its distance to each label's nearest word.

    A distance feature reads ``near<LABEL>=<side><bucket>``: side ``L`` (the word is to the
    left), ``R`` or ``0`` (the token is such a word); only words of the same sentence count.
    The labels' features come in the order of ``words`` (a model's, never sorted by name:
    :func:`annotator.core.assist.tagger_training.feature_order`).
    """
    out: list[list[str]] = [[] for _ in tokens]
    lower = [t.text.lower() for t in tokens]
    for label, members in words.items():
        if not members:
            continue
        hits = [w in members for w in lower]
        for k, hit in enumerate(hits):
            if hit:
                out[k].append(f"lex={label}")
        for start, end in sentences:
            first, stop = bisect_left(starts, start), bisect_left(starts, end)
            left = [-1] * (stop - first)
            last = -1
            for k in range(first, stop):
                if hits[k]:
                    last = k
                left[k - first] = last
            nxt = -1
            for k in range(stop - 1, first - 1, -1):
                if hits[k]:
                    nxt = k
                before = left[k - first]
                gap_left = k - before if before >= 0 else None
                gap_right = nxt - k if nxt >= 0 else None
                if gap_left is None and gap_right is None:
                    continue
                if gap_right is not None and (gap_left is None or gap_right < gap_left):
                    side, gap = ("0" if gap_right == 0 else "R"), gap_right
                else:
                    assert gap_left is not None
                    side, gap = ("0" if gap_left == 0 else "L"), gap_left
                out[k].append(f"near{label}={side}{bucket(gap)}")
    return out
