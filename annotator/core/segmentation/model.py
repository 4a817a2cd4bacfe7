"""Punkt's English model as the splitter uses it: nupunkt's pre-trained
parameters with our corrections to its abbreviations.

Punkt's English model learned some 2,400 whole words ("call", "works",
"black") as abbreviations from its training text, and so misses the
sentence ends after them; they are dropped from our copy of the model, and
the common abbreviations of news text that it lacks ("Lt.", "pct.") are added.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nupunkt is imported when a text is first split (see tokenizer)
    from nupunkt.tokenizers.sentence_tokenizer import PunktSentenceTokenizer

# Abbreviations of four letters or more that the model keeps (or gets): the
# usual ones of news, reference, legal and address text. Any other word of
# four letters or more that the model learned as an abbreviation is taken as
# a word. Shorter ones stay as the model has them: "No.", "Inc.", "Jr.". (Word
# lists read best as words, hence the split strings.)
_KNOWN_LONG_ABBREVIATIONS = frozenset(
    # months, days, titles
    "sept tues thur thurs capt prof supt comdr cmdr brig lieut messrs msgr atty sens "  # noqa: SIM905
    "reps gens "
    # organisations and addresses
    "corp assn assoc bros dept depts govt univ intl natl blvd bldg "
    # reference and legal text
    "approx abbr vols paras sect secs figs chap incl misc ibid resp repr eqns refs publ "
    "stat supp cong sess amend rptr admin mins "
    # US states as news agencies abbreviate them
    "ariz calif colo conn mass mich minn mont nebr okla tenn wash".split()
)
# Short words that the model learned as abbreviations but that end sentences
# in news far more often than they abbreviate anything ("two years ago.",
# "he said so.", "the Fed."). The others of three letters or fewer stay.
_SHORT_WORDS = frozenset(
    "add ago ah all am an at axe aye bat bed bee bus can car cow day den dud fed fin hay "  # noqa: SIM905
    "hen how hum ilk ill in keg lab leg lit low me met mum nor ok pat pen pet pin pop pow "
    "raw rob row sat saw sir so sum sun tax ten tit wig win yap yea yep yer yup".split()
)
# Short abbreviations of news text that the model lacks: "Lt. Gen. Smith",
# "5 pct. in May". "lt" is one of nupunkt's titles, so "Lt." before a name
# never ends a sentence once it is known as an abbreviation.
_MISSING_SHORT_ABBREVIATIONS = ("lt", "pct")


@lru_cache(maxsize=1)
def tokenizer() -> PunktSentenceTokenizer:
    """Return the splitter's Punkt tokenizer, loaded on first use."""
    # Our own instance: ``nupunkt.load`` shares one per process, and we change
    # an option on it.
    from nupunkt.models import load_default_model

    model = load_default_model()
    abbreviations = model.parameters.abbrev_types
    learned_words = [
        entry
        for entry in abbreviations
        if (len(entry) >= 4 and entry.isalpha() and entry not in _KNOWN_LONG_ABBREVIATIONS)
        or entry in _SHORT_WORDS
    ]
    abbreviations.difference_update(learned_words)
    abbreviations.update(_KNOWN_LONG_ABBREVIATIONS, _MISSING_SHORT_ABBREVIATIONS)
    model.parameters.freeze_sets()
    model.parameters.invalidate_patterns()
    model.clear_decision_cache()
    # "She works at Yahoo! in the ...": "!" or "?" followed by a lowercase word
    # continues the sentence.
    model.EXCL_QUEST_LOWERCASE_CONTINUES = True
    return model
