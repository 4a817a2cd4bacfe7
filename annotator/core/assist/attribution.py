"""Attribution pre-annotation by rules: SOURCE, CUE and CLAIM spans with no training.

For each cue (a reporting verb or phrase of :mod:`.lexicon`, outside quotation marks), in
its sentence:

- the **source** is the noun phrase next to the cue: before it ("X said", "X has said",
  "X, the minister, said"), after it when the cue follows a comma or a closing quote
  (", said X", "” said X") and after "according to";
- a dash right after a closing quotation mark is a cue too when a name follows it and ends
  the sentence ("“…” ― Sonya Herridge", "\"…\" - Sanders."): the speaker of an epigraph
  or of a readers' page;
- the **claim** is the adjacent quotation ("“…,” X said", "X said: “…”") or else the
  reported clause: after the cue ("X said (that) …", "X told reporters …") or, when
  nothing follows, before it ("…, X said."). A clause ends where the sentence's next
  attribution begins a clause of its own ("X said A; Y said B", "…, and Y warned B") and
  starts after the previous one, so that each claim is its own cue's and none runs over the
  next; an attribution inside the clause ("X said the report warned that B") stays in it.

A cue whose source cannot be found is left out: without a source it is more often a noun
or a verb of another sense ("the report", "he was told to leave") than an attribution.
Scores are the cue's strength in the lexicon, lowered for clauses, which are found less
reliably than quotations.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..segmentation import split_sentences
from ..tokens import Token, tokenize
from .lexicon import (
    ATTRIBUTION_DASHES,
    BEFORE_NOUN_LIKE_VERBS,
    CLOSING_QUOTES,
    DASH_STRENGTH,
    NOUN_LIKE_VERBS,
    PHRASE_STARTS,
    REPORTING_VERBS,
    SOURCE_AFTER_PHRASES,
    cue_phrase_at,
    words,
)
from .phrases import Phrase, appositive_before, phrase_ending_at, phrase_starting_at, skip_between
from .quotes import Quotation, find_quotations
from .roles import DEFAULT_ROLES, RoleMapping
from .suggestions import SuggestedRelation, SuggestedSpan, Suggestions

Range = tuple[int, int]

_DETERMINERS = words(
    """
    a an the this that his her their its our my your
    """
)
_SENTENCE_END = frozenset(".!?")
_TELL = frozenset({"tell", "tells", "told", "telling"})
_LEAD_IN = frozenset({"that", ",", ":", "—", "–", "-"})
_LINKS = words("and but or while whereas although though yet")
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "-", "("})
_CLAUSE_ENDS = frozenset({";", ".", "!", "?"})
_TRAILING = frozenset(".,;:—–-!?") | frozenset(CLOSING_QUOTES) | {'"'}
# Between a quotation and the source or cue next to it: punctuation and spaces only.
_GLUE = " \t\n,:;—–-"
_QUOTE_GAP = 40  # characters of lead-in allowed between a cue and the quotation it opens
_CLAUSE_WEIGHT = 0.75
_SOURCE_WEIGHT = 0.9
_SOURCELESS = 0.7  # the least strength of a cue suggested without a source


@dataclass(frozen=True)
class Attribution:
    """One attribution found by the rules: character ranges, the claim's may be missing."""

    cue: Range
    source: Range | None
    claim: Range | None
    strength: float
    claim_is_quote: bool


def pre_annotate(
    text: str,
    sentences: Sequence[Range] | None = None,
    roles: RoleMapping = DEFAULT_ROLES,
) -> Suggestions:
    """Suggest SOURCE, CUE and CLAIM spans and their relations, named as in ``roles``.

    :param sentences: the document's sentences as ``(start, end)``; split here if omitted.
    """
    spans: list[SuggestedSpan] = []
    relations: list[SuggestedRelation] = []
    index: dict[tuple[str, int, int], int] = {}

    def add(role: str, where: Range, score: float) -> int | None:
        label = roles.name(role)
        if label is None:
            return None
        key = (label, where[0], where[1])
        if key not in index:
            index[key] = len(spans)
            spans.append(SuggestedSpan(label, where[0], where[1], round(score, 3)))
        return index[key]

    def relate(role: str, claim: int | None, other: int | None) -> None:
        name = roles.name(role)
        if name is not None and claim is not None and other is not None:
            relations.append(SuggestedRelation(name, claim, other))

    for found in find_attributions(text, sentences):
        cue = add("CUE", found.cue, found.strength)
        source = None
        if found.source is not None:
            source = add("SOURCE", found.source, found.strength * _SOURCE_WEIGHT)
        if found.claim is None:
            continue
        weight = 1.0 if found.claim_is_quote else _CLAUSE_WEIGHT
        claim = add("CLAIM", found.claim, found.strength * weight)
        relate("ATTRIBUTED_TO", claim, source)
        relate("CUED_BY", claim, cue)
    return Suggestions(spans, relations)


def find_attributions(
    text: str,
    sentences: Sequence[Range] | None = None,
    tokens: Sequence[Token] | None = None,
) -> list[Attribution]:
    """Return the attributions the rules find, in text order.

    :param tokens: the tokens of the whole text, if the caller has them already.
    """
    if sentences is None:
        sentences = split_sentences(text)
    if tokens is None:
        tokens = tokenize(text)
    starts = [t.start for t in tokens]
    quotations = find_quotations(text)
    quote_starts = [q.inner_start for q in quotations]
    found: list[Attribution] = []
    for start, end in sentences:
        in_sentence = tokens[bisect_left(starts, start) : bisect_left(starts, end)]
        found.extend(_sentence_attributions(text, in_sentence, quotations, quote_starts))
    return found


@dataclass(frozen=True)
class _Anchor:
    """A cue and its source in a sentence's tokens, before its claim is looked for."""

    first: int  # the cue's tokens, [first, stop)
    stop: int
    strength: float
    source_after: bool
    source: Phrase | None
    inverted: bool

    @property
    def left(self) -> int:
        return self.first if self.source is None else min(self.first, self.source[0])

    @property
    def right(self) -> int:
        return self.stop if self.source is None else max(self.stop, self.source[1])


def _sentence_attributions(
    text: str, tokens: Sequence[Token], quotations: Sequence[Quotation], quote_starts: list[int]
) -> list[Attribution]:
    anchors: list[_Anchor] = []
    at = 0
    while at < len(tokens):
        cue = _dash_cue_at(text, tokens, at) or _cue_at(tokens, at, quotations, quote_starts)
        if cue is None:
            at += 1
            continue
        anchor = _anchor(tokens, at, *cue)
        if anchor is not None:
            anchors.append(anchor)
        at = cue[0]
    # A reported clause ends where the next attribution of the sentence begins a clause of
    # its own ("X said A; Y said B", "…, and Y said B": A, not A with the rest of the
    # sentence), and one before its cue starts after the previous attribution. An
    # attribution inside the clause ("X said the report warned that B") stays in it.
    starts = _clause_starts(tokens, anchors)
    found = []
    for k, anchor in enumerate(anchors):
        after = next((left for left in starts if left > anchor.right), len(tokens))
        before = anchors[k - 1].right if k else 0
        found.append(_attribute(text, tokens, anchor, (before, after), quotations))
    return found


def _clause_starts(tokens: Sequence[Token], anchors: Sequence[_Anchor]) -> list[int]:
    """Return where the attributions of a sentence that begin a clause of their own begin.

    One whose source begins it, or a cue without a source, after a clause break or a link
    word. A cue whose source was not found ("…, President Putin is acknowledging B": the
    rules take no source across "is") begins its clause after the last clause break before
    it, so that the claim before it ends there rather than running on over it.
    """
    starts = set()
    for anchor in anchors:
        if _opens_clause(tokens, anchor.left):
            starts.add(anchor.left)
        elif anchor.source is None:
            breaks = [k for k in range(anchor.left) if tokens[k].text in _CLAUSE_BREAKS]
            if breaks:
                starts.add(breaks[-1] + 1)
    return sorted(starts)


def _opens_clause(tokens: Sequence[Token], at: int) -> bool:
    """Tell whether token ``at`` starts a clause: after punctuation or a link word."""
    return at > 0 and (
        tokens[at - 1].text in _CLAUSE_BREAKS or tokens[at - 1].text.lower() in _LINKS
    )


def _anchor(
    tokens: Sequence[Token], first: int, stop: int, strength: float, source_after: bool
) -> _Anchor | None:
    """Return the cue ``[first, stop)`` with its source, or None where it is no attribution."""
    source, inverted = _find_source(tokens, first, stop, source_after)
    if source is not None and not _has_word(tokens, source):
        # "1 said", "42 agreed": a number (a list's item, a count) names nobody.
        source = None
    if source is None:
        if strength < _SOURCELESS or source_after:
            return None
        # "…, saying that …", "was asked": a speech verb whose source is out of reach.
        strength *= _SOURCE_WEIGHT
    return _Anchor(first, stop, strength, source_after, source, inverted)


def _cue_at(
    tokens: Sequence[Token], at: int, quotations: Sequence[Quotation], quote_starts: list[int]
) -> tuple[int, float, bool] | None:
    """Return ``(stop, strength, source comes after)`` for a cue starting at token ``at``."""
    if _inside_quotation(tokens[at].start, quotations, quote_starts):
        return None
    word = tokens[at].text.lower()
    phrase = None
    if word in PHRASE_STARTS:
        phrase = cue_phrase_at(t.text.lower() for t in tokens[at : at + 3])
    if phrase is not None:
        words, strength = phrase
        return at + len(words), strength, words in SOURCE_AFTER_PHRASES
    if word not in REPORTING_VERBS:
        return None
    previous = tokens[at - 1].text.lower() if at else ""
    # "the report", "a warning", "his claims": the word is a noun here.
    if previous in _DETERMINERS or previous.endswith(("'s", "’s")):
        return None
    if word in NOUN_LIKE_VERBS and previous not in BEFORE_NOUN_LIKE_VERBS:
        return None
    return at + 1, REPORTING_VERBS[word], False


def _dash_cue_at(text: str, tokens: Sequence[Token], at: int) -> tuple[int, float, bool] | None:
    """Return a dash cue at token ``at`` as :func:`_cue_at` does (see the module docstring).

    The name after the dash must end the sentence, so that a heading set between dashes
    after a quotation ("” – Ready to quiz Trump –.") is no attribution.
    """
    if tokens[at].text not in ATTRIBUTION_DASHES:
        return None
    before = text[: tokens[at].start].rstrip()
    if not before or before[-1] not in CLOSING_QUOTES + '"':
        return None
    name = phrase_starting_at(tokens, at + 1, len(tokens))
    if name is None or not tokens[name[0]].text[0].isupper():
        return None
    if name[1] < len(tokens) and tokens[name[1]].text not in _SENTENCE_END:
        return None
    return at + 1, DASH_STRENGTH, True


def _inside_quotation(
    position: int, quotations: Sequence[Quotation], quote_starts: list[int]
) -> bool:
    k = bisect_right(quote_starts, position) - 1
    return k >= 0 and position < quotations[k].inner_end


def _attribute(
    text: str,
    tokens: Sequence[Token],
    anchor: _Anchor,
    bounds: tuple[int, int],
    quotations: Sequence[Quotation],
) -> Attribution:
    """Return the attribution of ``anchor``, its reported clause within ``bounds`` (tokens)."""
    first, stop, source, inverted = anchor.first, anchor.stop, anchor.source, anchor.inverted
    source_after, left, right = anchor.source_after, anchor.left, anchor.right
    cue_range = (tokens[first].start, tokens[stop - 1].end)
    source_range = None if source is None else (tokens[source[0]].start, tokens[source[1] - 1].end)

    quote = _quotation_before(text, tokens[left].start, quotations)
    if quote is None and right < len(tokens) and not (inverted and not source_after):
        quote = _quotation_after(text, tokens[right - 1].end, tokens[-1].end, quotations)
    if quote is not None:
        return Attribution(cue_range, source_range, quote, anchor.strength, True)
    before, after = bounds
    claim: Phrase | None = None
    if source_after and left > before:
        claim = _clause(tokens, before, left)
    elif (not inverted or source_after) and not _ends_clause(tokens, right):
        begin = _after_recipient(tokens, first, right)
        if source is None:
            # With no source in reach the cue is often a participle or a noun's ("…, saying
            # A, which B", "calling for A, while B"): its clause ends at the first break.
            after = next(
                (k for k in range(begin + 1, after) if tokens[k].text in _CLAUSE_BREAKS), after
            )
        claim = _clause(tokens, begin, after)
    if claim is None:
        claim = _clause(tokens, before, left)
    claim_range = None if claim is None else (tokens[claim[0]].start, tokens[claim[1] - 1].end)
    return Attribution(cue_range, source_range, claim_range, anchor.strength, False)


def _ends_clause(tokens: Sequence[Token], at: int) -> bool:
    """Tell whether token ``at`` ends the cue's clause ("…, officials said; the …")."""
    return at < len(tokens) and tokens[at].text in _CLAUSE_ENDS


def _has_word(tokens: Sequence[Token], phrase: Phrase) -> bool:
    """Tell whether the tokens of ``phrase`` hold a letter: a source is named by words."""
    return any(any(c.isalpha() for c in t.text) for t in tokens[phrase[0] : phrase[1]])


def _find_source(
    tokens: Sequence[Token], first: int, stop: int, source_after: bool
) -> tuple[Phrase | None, bool]:
    """Return the source phrase of the cue ``[first, stop)`` and whether it follows the cue."""
    before = tokens[first - 1].text if first else ""
    if before == ",":
        appositive = appositive_before(tokens, first - 1, 0)  # "X, the minister, said"
        if appositive is not None:
            return appositive, False
    inverted = source_after or before in (",", '"') or before in CLOSING_QUOTES
    if inverted:
        source = phrase_starting_at(tokens, stop, len(tokens))
        if source is not None or source_after:
            return source, True
    last = skip_between(tokens, first, 0)
    if last >= 0 and tokens[last].text == ",":
        return appositive_before(tokens, last, 0), False
    return phrase_ending_at(tokens, last, 0), False


def _quotation_before(text: str, position: int, quotations: Sequence[Quotation]) -> Range | None:
    """Return the quotation that ends right before ``position`` ("“…,” she said")."""
    for quotation in reversed(quotations):
        if quotation.end <= position:
            if text[quotation.end : position].strip(_GLUE):
                return None
            return _content(text, quotation)
    return None


def _quotation_after(
    text: str, position: int, limit: int, quotations: Sequence[Quotation]
) -> Range | None:
    """Return the quotation that opens shortly after ``position`` ("she said: “…”")."""
    for quotation in quotations:
        if quotation.start >= position:
            gap = text[position : quotation.start]
            if quotation.start >= limit or len(gap) > _QUOTE_GAP or any(c in gap for c in ".?!"):
                return None
            return _content(text, quotation)
    return None


def _content(text: str, quotation: Quotation) -> Range | None:
    start, end = quotation.inner_start, quotation.inner_end
    while end > start and text[end - 1] in ",;:":
        end -= 1
    return (start, end) if end > start else None


def _after_recipient(tokens: Sequence[Token], cue_first: int, right: int) -> int:
    """Return where the reported clause may start: past "told reporters" and "that"."""
    at = right
    if tokens[cue_first].text.lower() in _TELL:
        recipient = phrase_starting_at(tokens, at, len(tokens))
        if recipient is not None:
            at = recipient[1]
        elif at < len(tokens) and tokens[at].text.isalpha():
            at += 1  # "told reporters", "told me"
    while at < len(tokens) and tokens[at].text.lower() in _LEAD_IN:
        at += 1
    return at


def _clause(tokens: Sequence[Token], first: int, stop: int) -> Phrase | None:
    """Return the tokens ``[first, stop)`` without edge punctuation, if three words remain.

    A link word left at the end where the next attribution begins ("A, and Y said B") is
    no part of the claim.
    """
    while stop > first and (
        tokens[stop - 1].text in _TRAILING or tokens[stop - 1].text.lower() in _LINKS
    ):
        stop -= 1
    while first < stop and not tokens[first].text[0].isalnum():
        first += 1
    words = sum(1 for t in tokens[first:stop] if t.text[0].isalnum())
    return (first, stop) if words >= 3 else None
