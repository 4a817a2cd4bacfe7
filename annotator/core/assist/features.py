"""Token features for the sequence tagger: the word, its context, and what the rules found.

Each token gets a list of string features (python-crfsuite's cheapest input form):

- the word: lower case, shape (capitalisation, digits, quotation mark), a crude stem and
  its last three letters; the same but the suffix for the words on either side, and the
  lower-case words two and three tokens away;
- the lexicon: reporting verb (by strength), pronoun, vague source, cue phrase word;
- quotations: inside one or not;
- the nearest reporting verb in the sentence: on which side and how far;
- the sentence: first, middle or last token, and how many commas came before it;
- the attribution structure around it (:mod:`.structure`): which cues its sentence and the
  one before hold, and the distance to the nearest quotation mark on either side;
- what the model learned from its gold, when given: the labels whose learned words the
  token is, the side and distance of each label's nearest learned word in the sentence
  (:mod:`.learned`), each distance joined with the inside-quote flag and with the token's
  cluster, and the word clusters (:mod:`.clusters`) of the token and its two neighbours;
- stacking: the tag the rule-based pre-annotator gives the token and two neighbours on
  each side (B-/I- of SOURCE, CUE, CLAIM, or CLAIMQ when the claim is a quotation). The
  rules carry knowledge a few hundred documents cannot teach, and the tagger learns when
  to trust them.

Features that depend on the word alone are computed once per distinct word.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..tokens import Token, tokenize
from .attribution import Attribution, find_attributions
from .learned import LearnedWords, nearest_features
from .lexicon import CUE_PHRASES, PRONOUNS, REPORTING_VERBS, VAGUE_SOURCES
from .quotes import find_quotations
from .structure import bucket, quotation_mark_distances, sentence_cues

#: Names the feature set, so a stored model made with another one can be told apart.
FEATURES_VERSION = "assist-features-7"

_PHRASE_WORDS = frozenset(word for phrase in CUE_PHRASES for word in phrase)
_OPENING = frozenset("“„«‹‘")
_CLOSING = frozenset("”»›’")


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Return a word's own features, and those its neighbours see (prefixed -1/+1)."""
    lower = word.lower()
    own = [f"w={lower}", f"sh={_shape(word)}", f"st={_stem(lower)}", f"s3={lower[-3:]}"]
    strength = REPORTING_VERBS.get(lower)
    if strength is not None:
        own.append(f"rv={strength}")
    if lower in PRONOUNS:
        own.append("pron")
    if lower in VAGUE_SOURCES:
        own.append("vague")
    if lower in _PHRASE_WORDS:
        own.append("phrase")
    near = own[:3] + own[4:]
    return tuple(own), tuple("-1" + f for f in near), tuple("+1" + f for f in near)


def _stem(lower: str) -> str:
    """Return a crude stem, so that "expects", "expected" and "expecting" share a feature."""
    for ending in ("ing", "ed", "es", "s"):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            return lower[: -len(ending)]
    return lower


def _shape(word: str) -> str:
    if word.isalpha():
        if word.islower():
            return "x"
        if word.isupper():
            return "X" if len(word) > 1 else "X1"
        return "Xx" if word[0].isupper() else "xX"
    if word.isdigit():
        return "d"
    if word[0].isalnum():
        return "mixed"
    if word in _OPENING:
        return "qo"
    if word in _CLOSING:
        return "qc"
    return "p" + word if len(word) == 1 else "sym"


def document_features(
    text: str,
    sentences: Sequence[tuple[int, int]],
    tokens: Sequence[Token] | None = None,
    attributions: Sequence[Attribution] | None = None,
    learned: LearnedWords | None = None,
    clusters: Mapping[str, int] | None = None,
) -> tuple[list[Token], list[list[str]]]:
    """Return the tokens of ``text`` and the features of each.

    :param learned: the words a model learned per label (:mod:`.learned`), if any.
    :param clusters: a model's word clusters (:mod:`.clusters`), if any.
    """
    if tokens is None:
        tokens = tokenize(text)
    if attributions is None:
        attributions = find_attributions(text, sentences, tokens)
    starts = [t.start for t in tokens]
    rules = _rule_tags(starts, tokens, attributions)
    quoted = _quoted(starts, text)
    cue_side = _cue_distances(tokens, sentences, starts)
    in_sentence = _sentence_positions(tokens, sentences, starts)
    learned_near = nearest_features(tokens, sentences, starts, learned) if learned else None
    cues_here = sentence_cues(tokens, sentences, starts, rules, learned_near)
    quote_marks = quotation_mark_distances(tokens, sentences, starts)
    words = [_word_features(t.text) for t in tokens]
    cluster = [f"cl={clusters.get(t.text.lower(), 'none')}" for t in tokens] if clusters else None
    features: list[list[str]] = []
    last = len(tokens) - 1
    for i in range(len(tokens)):
        own = list(words[i][0])
        own.append(rules[i])
        own.append(quoted[i])
        own.append(cue_side[i])
        own.append(in_sentence[i])
        own.append(f"{rules[i]}|{quoted[i]}")
        own.extend(cues_here[i])
        own.extend(quote_marks[i])
        if cluster is not None:
            own.extend(_cluster_window(cluster, i))
        if learned_near is not None:
            own.extend(learned_near[i])
            # How far the nearest learned word is means one thing inside a quotation and
            # another outside, and differs by the kind of word the token is.
            for near in learned_near[i]:
                if near.startswith("near"):
                    own.append(f"{near}|{quoted[i]}")
                    if cluster is not None:
                        own.append(f"{near}|{cluster[i]}")
        if i > 0:
            own.extend(words[i - 1][1])
            own.append("-1" + rules[i - 1])
        else:
            own.append("BOD")
        if i > 1:
            own.append("-2" + words[i - 2][0][0])
            own.append("-2" + rules[i - 2])
        if i > 2:
            own.append("-3" + words[i - 3][0][0])
        if i < last:
            own.extend(words[i + 1][2])
            own.append("+1" + rules[i + 1])
        else:
            own.append("EOD")
        if i < last - 1:
            own.append("+2" + words[i + 2][0][0])
            own.append("+2" + rules[i + 2])
        if i < last - 2:
            own.append("+3" + words[i + 3][0][0])
        features.append(own)
    return list(tokens), features


def _cluster_window(cluster: Sequence[str], i: int) -> list[str]:
    """Return the clusters of a token and its two neighbours.

    The neighbours two away and the adjacent pairs' clusters added 0.0 to 0.3 points of F1 on
    PolNeAR for a tenth more training time and a megabyte more of model: left out.
    """
    last = len(cluster) - 1
    return [
        cluster[i],
        "-1" + cluster[i - 1] if i > 0 else "-1cl=BOD",
        "+1" + cluster[i + 1] if i < last else "+1cl=EOD",
    ]


def _rule_tags(
    starts: list[int], tokens: Sequence[Token], attributions: Sequence[Attribution]
) -> list[str]:
    """Return the rules' BIO tag of each token; a cue wins over a source over a claim."""
    tags = ["r=O"] * len(tokens)
    for attribution in attributions:
        claim_kind = "CLAIMQ" if attribution.claim_is_quote else "CLAIM"
        for role, where in (
            (claim_kind, attribution.claim),
            ("SOURCE", attribution.source),
            ("CUE", attribution.cue),
        ):
            if where is None:
                continue
            first = bisect_left(starts, where[0])
            stop = bisect_left(starts, where[1])
            for k in range(first, stop):
                tags[k] = f"r={'B' if k == first else 'I'}-{role}"
    return tags


def _quoted(starts: list[int], text: str) -> list[str]:
    """Return "q=in" for tokens inside a quotation's words, "q=out" for the others."""
    flags = ["q=out"] * len(starts)
    for quotation in find_quotations(text):
        first = bisect_left(starts, quotation.inner_start)
        stop = bisect_left(starts, quotation.inner_end)
        for k in range(first, stop):
            flags[k] = "q=in"
    return flags


def _sentence_positions(
    tokens: Sequence[Token], sentences: Sequence[tuple[int, int]], starts: list[int]
) -> list[str]:
    """Return "sp=first", "sp=last" or "sp=mid" for each token, with a clause mark.

    The clause mark counts the commas before the token in its sentence (0, 1, 2 or more):
    a reported clause and its source sit on either side of a comma as often as not.
    """
    out = ["sp=none"] * len(tokens)
    for start, end in sentences:
        first, stop = bisect_left(starts, start), bisect_left(starts, end)
        commas = 0
        for k in range(first, stop):
            place = "first" if k == first else "last" if k == stop - 1 else "mid"
            out[k] = f"sp={place}{min(commas, 2)}"
            if tokens[k].text == ",":
                commas += 1
    return out


def _cue_distances(
    tokens: Sequence[Token], sentences: Sequence[tuple[int, int]], starts: list[int]
) -> list[str]:
    """Return, for each token, the side and bucketed distance of the nearest reporting verb."""
    out = ["cue=none"] * len(tokens)
    for start, end in sentences:
        first, stop = bisect_left(starts, start), bisect_left(starts, end)
        cues = [k for k in range(first, stop) if tokens[k].text.lower() in REPORTING_VERBS]
        if not cues:
            continue
        for k in range(first, stop):
            nearest = min(cues, key=lambda c: abs(c - k))
            gap = nearest - k
            side = "R" if gap > 0 else "L" if gap < 0 else "0"
            out[k] = f"cue={side}{bucket(abs(gap))}"
    return out
