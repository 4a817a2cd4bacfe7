"""Words that signal attribution in news text: reporting verbs, cue phrases and sources.

Verbs are listed by their base form and expanded to every inflection, so the list stays
readable and "warn" also finds "warns", "warned" and "warning". Each verb carries a
strength: speech verbs such as "said" almost always attribute, while belief verbs such as
"think" often do not (the pre-annotator scores their suggestions lower).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType


def words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of ``text`` as a set (for readable lists)."""
    return frozenset(text.split())


#: Verbs of saying: nearly always an attribution in news text.
_SPEECH = """
    say tell claim deny warn add stress insist note argue accuse announce state report
    explain confirm acknowledge admit allege assert declare reveal testify maintain
    contend complain concede reply respond repeat reiterate urge vow pledge disclose
    mention comment boast brag lament joke quip write tweet post tout predict promise
    caution emphasize emphasise observe recall remark suggest agree counter dismiss
    criticize criticise charge blame ask question demand describe call dub label
    characterize characterise threaten concur rebut retort estimate indicate conclude
"""
#: Verbs of stance and continuation, attributions in news more often than not.
_STANCE = """
    continue support endorse refuse praise defend decline discuss express propose cite
    thank highlight mock slam attack reject oppose condemn celebrate applaud welcome
    acknowledge recommend insist vote demand question challenge dispute blast
"""
#: Verbs of thinking and wanting: attributions of a state of mind, less often reported.
_BELIEF = """
    believe think expect hope fear feel know want wonder worry doubt consider
    understand see find show
"""

# Inflections that the regular rules below get wrong.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "think": ("think", "thinks", "thought", "thinking"),
    "know": ("know", "knows", "knew", "known", "knowing"),
    "feel": ("feel", "feels", "felt", "feeling"),
    "find": ("find", "finds", "found", "finding"),
    "see": ("see", "sees", "saw", "seen", "seeing"),
    "show": ("show", "shows", "showed", "shown", "showing"),
    "understand": ("understand", "understands", "understood", "understanding"),
}
# Verbs that double their last consonant before -ed and -ing.
_DOUBLING = frozenset({"admit", "quip", "rebut", "concur", "regret", "omit", "commit"})


def inflections(verb: str) -> tuple[str, ...]:
    """Return the base form, the -s, -ed and -ing forms of a regular or listed verb."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb in _DOUBLING:
        stem = verb + verb[-1]
        return (verb, verb + "s", stem + "ed", stem + "ing")
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return (verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing")
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z", "o")) else verb + "s"
    if verb.endswith("e"):
        past, gerund = verb + "d", verb[:-1] + "ing"
    else:
        past, gerund = verb + "ed", verb + "ing"
    return (verb, third, past, gerund)


def _expand(verbs: str, strength: float) -> dict[str, float]:
    return {form: strength for verb in verbs.split() for form in inflections(verb)}


#: Every inflected reporting verb (lower case) and its strength, 0 to 1.
REPORTING_VERBS: MappingProxyType[str, float] = MappingProxyType(
    {
        **_expand(_BELIEF, 0.4),
        **_expand(_STANCE, 0.5),
        **_expand(_SPEECH, 0.7),
        **_expand("say tell", 0.95),
    }
)

#: Verbs whose base and -s forms are as often nouns ("a claim", "the reports"): cues only
#: after a pronoun or an auxiliary ("they claim", "would note").
_NOUN_LIKE = """
    claim report state note charge question call post comment tweet promise estimate
    demand show find label concern doubt fear hope worry want
"""
NOUN_LIKE_VERBS = frozenset(form for verb in _NOUN_LIKE.split() for form in inflections(verb)[:2])
#: What may stand before a noun-like verb form that is a verb there.
BEFORE_NOUN_LIKE_VERBS = words(
    """
    i we you they he she it who will would could should can may might must did do does
    to not never also often always still
    """
)

#: Cue phrases of several words (lower case, as tokens) and their strength.
CUE_PHRASES: MappingProxyType[tuple[str, ...], float] = MappingProxyType(
    {
        ("according", "to"): 0.95,
        ("point", "out"): 0.8,
        ("points", "out"): 0.8,
        ("pointed", "out"): 0.8,
        ("pointing", "out"): 0.8,
        ("made", "clear"): 0.7,
        ("makes", "clear"): 0.7,
        ("referring", "to"): 0.6,
        ("pointed", "to"): 0.6,
        ("talking", "about"): 0.5,
    }
)
#: The first words of the cue phrases, to look further only where one may start.
PHRASE_STARTS = frozenset(phrase[0] for phrase in CUE_PHRASES)
#: Cue phrases that come before their source ("according to the ministry").
SOURCE_AFTER_PHRASES = frozenset({("according", "to")})

#: Personal pronouns that can be a source on their own.
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you"})

#: Heads of vague or collective sources: "officials", "a spokesman", "state media".
VAGUE_SOURCES = words(
    """
    official officials spokesman spokeswoman spokesperson spokespeople source
    sources aide aides adviser advisers advisor advisors expert experts analyst
    analysts critic critics observer observers resident residents witness witnesses
    media report reports authorities police ministry government campaign statement
    people lawmakers democrats republicans supporters voters polls poll survey study
    diplomats
    """
)

#: Words that may stand inside a source's noun phrase although they are lower case.
NOUN_PHRASE_WORDS = words(
    """
    the a an this that these those his her their its our my your of state former
    senior top chief deputy foreign defense defence white house press secretary
    minister president governor senator candidate nominee spokesman spokeswoman many
    some several other two three both one
    """
)

#: Words that sit between a source and its verb without belonging to either.
BETWEEN_SOURCE_AND_VERB = words(
    """
    has have had also later previously repeatedly reportedly once recently then
    would will did does do already often publicly privately first again not never
    """
)

#: Closing quotation marks (a straight quote closes by context): what ends a quotation
#: before its source.
CLOSING_QUOTES = "”»’›"

#: Dashes that name a quotation's speaker after it, as an epigraph or a readers' page does
#: ("“…” ― Sonya Herridge", "\"…\" - Bernie Sanders."): the dash is the cue.
ATTRIBUTION_DASHES = frozenset("―—–-")
#: How strongly such a dash attributes (a dash after a quotation may also open a heading).
DASH_STRENGTH = 0.8


def is_reporting_verb(word: str) -> bool:
    """Return whether ``word`` (any case) is an inflection of a reporting verb."""
    return word.lower() in REPORTING_VERBS


def cue_phrase_at(words: Iterable[str]) -> tuple[tuple[str, ...], float] | None:
    """Return the longest cue phrase the lower-cased ``words`` start with, and its strength."""
    window = tuple(words)
    for size in (3, 2):
        phrase = window[:size]
        if phrase in CUE_PHRASES:
            return phrase, CUE_PHRASES[phrase]
    return None
