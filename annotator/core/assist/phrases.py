"""Find the noun phrase of a source on either side of a cue, without a parser.

A source is a short run of name-like words: capitalised words, determiners, the words of
:data:`~.lexicon.NOUN_PHRASE_WORDS`, vague sources ("officials") and pronouns. Positions
are token indices; a phrase is ``(first, stop)``, end-exclusive.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..tokens import Token
from .lexicon import BETWEEN_SOURCE_AND_VERB, NOUN_PHRASE_WORDS, PRONOUNS, VAGUE_SOURCES, words

Phrase = tuple[int, int]

_LONGEST = 7
# Words that end a noun phrase: clause links, prepositions (but "of"), verbs of being.
_BREAKS = words(
    """
    and or but that which who whom whose when where while as if because since
    although though after before than to in on at by for with from about into over
    under against during without is are was were be been being not no so also said
    says told it's there here what how why
    """
)
_DETERMINERS = words(
    """
    the a an this that these those his her their its our my your
    """
)


def _is_word(token: Token) -> bool:
    return token.text[0].isalnum()


def _name_like(token: Token) -> bool:
    word = token.text
    lower = word.lower()
    if lower in _BREAKS and lower not in PRONOUNS:
        return False
    return (
        word[0].isupper()
        or word[0].isdigit()
        or lower in NOUN_PHRASE_WORDS
        or lower in VAGUE_SOURCES
    )


def _lower_word(token: Token) -> bool:
    return token.text.isalpha() and token.text.islower() and token.text not in _BREAKS


def skip_between(tokens: Sequence[Token], cue: int, first: int) -> int:
    """Return the index of the last token before ``cue`` that is not an auxiliary or adverb."""
    at = cue - 1
    while at >= first and (
        tokens[at].text.lower() in BETWEEN_SOURCE_AND_VERB
        or (tokens[at].text.endswith("ly") and tokens[at].text.islower())
    ):
        at -= 1
    return at


def phrase_ending_at(tokens: Sequence[Token], last: int, first: int) -> Phrase | None:
    """Return the source phrase that ends with token ``last`` (and starts at ``first`` or after).

    A pronoun is a phrase on its own. Otherwise the phrase grows to the left over name-like
    words, and over lower-case words when a determiner or a name comes before them
    ("the prime minister", "Russian state media").
    """
    if last < first or not _is_word(tokens[last]):
        return None
    if tokens[last].text.lower() in PRONOUNS:
        return (last, last + 1)
    if not (_name_like(tokens[last]) or _lower_word(tokens[last])):
        return None
    start = last
    while start - 1 >= first and last - start + 1 < _LONGEST:
        before = tokens[start - 1]
        if not (_name_like(before) or _lower_word(before)):
            break
        start -= 1
    # A phrase starts at a determiner, a name, a number or a known source word: trim
    # plain lower-case words off its left edge ("economy grew officials" -> "officials").
    while start < last and not _name_like(tokens[start]):
        start += 1
    if not _name_like(tokens[start]) and tokens[start].text.lower() not in VAGUE_SOURCES:
        return None
    return (start, last + 1)


def phrase_starting_at(tokens: Sequence[Token], first: int, stop: int) -> Phrase | None:
    """Return the source phrase that starts at token ``first`` (inverted "said the minister")."""
    if first >= stop or not _is_word(tokens[first]):
        return None
    if tokens[first].text.lower() in PRONOUNS:
        return (first, first + 1)
    lower = tokens[first].text.lower()
    if not (_name_like(tokens[first]) or lower in _DETERMINERS):
        return None
    end = first
    while end < stop and end - first < _LONGEST and _is_word(tokens[end]):
        token = tokens[end]
        if not (_name_like(token) or (_lower_word(token) and end > first)):
            break
        end += 1
    # A determiner alone is no source.
    if end == first or (end - first == 1 and lower in _DETERMINERS):
        return None
    return (first, end)


def appositive_before(tokens: Sequence[Token], comma: int, first: int) -> Phrase | None:
    """Return "X, the minister" when token ``comma`` closes an appositive after a name.

    The phrase covers the name and the appositive, without the closing comma.
    """
    opening = comma - 1
    while opening >= first and comma - opening <= _LONGEST and tokens[opening].text != ",":
        if not _is_word(tokens[opening]) and tokens[opening].text not in ".-'’":
            return None
        opening -= 1
    if opening < first or tokens[opening].text != ",":
        return None
    name = phrase_ending_at(tokens, opening - 1, first)
    if name is None or not tokens[name[1] - 1].text[0].isupper():
        return None
    return (name[0], comma)
