"""Corrections to Punkt within a line, where its boundaries go wrong on our
documents (the line breaks and list items are other rules' to place):

-   A reference mark, an emoticon or an emoji right after a sentence ("...
    in 1805. [6] He", "Loved it. :)", "called false. 🤔 Officials") belongs
    to that sentence, as a closing quote does, and so does a bare footnote
    number before a word that can't follow a number ("... rights. 4 Even
    though"). An emoji at a line's start starts its sentence ("🚨 Breaking").
-   A figure's or table's label and a letter's closing end a sentence
    ("Figure 1.5 Residents of ...", "Sincerely, Jane Doe").
-   A dotted initialism doesn't end a sentence before a lowercase word
    ("G.D.P. growth") nor, in capitals, before a name ("the U.N. Security
    Council").
-   A sentence never ends after "e.g." and the like, and a "No." that
    answers ("No. He left", not "No. 2") ends one.
"""

from __future__ import annotations

import re

from .model import tokenizer
from .pieces import NON_SPACE

# A reference mark as encyclopedias and how-to sites print them after a
# sentence: "[6]", "[3, 4]", "[12-14]", and the editor's cut "[...]".
# An emoticon after a sentence (":)", ";-P") closes it too.
_REFERENCE_MARK = re.compile(
    r"(?:\[(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|\.\.\.|…)\]|[:;=][-']?[()\[\]DPp/|*])(?=\s|$)"
)
_REFERENCE_MARK_FIRST = "[:;="
# An emoji after a sentence is a reaction to it, as an emoticon is: one or a
# run of them ("👍🏽❤️", a family joined by ZWJs), before a space or the end.
# Emoji are pictographs (the Misc Symbols and Dingbats blocks, the arrows and
# stars of U+2B00, and the planes' U+1F000 to U+1FAFF, which hold the flags'
# letters and the skin tones), each maybe with VS16 or a keycap's mark; other
# symbols (€, ©) are left as Punkt puts them.
_PICTOGRAPH = "[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff][\ufe0f\u20e3]?"
_EMOJI = re.compile(rf"{_PICTOGRAPH}(?:\u200d?{_PICTOGRAPH})*(?=\s|$)")
_EMOJI_FIRST = "\u2600"  # no pictograph comes before it
# Capitalised words that start sentences but never follow a number or an
# initialism within one: articles, pronouns, question words, auxiliaries,
# prepositions, conjunctions, sentence adverbs and the titles before a name.
# ("10 Downing Street said", "the U.S.G. Academic Assembly".)
SENTENCE_STARTERS = frozenset(
    "A An The This That These Those It Its He His Him She Her They Their Them We Our Us "  # noqa: SIM905
    "I My Me You Your There Here How What Which Who Whom Whose Why Where When "
    "Do Does Did Is Are Was Were Can Could Would Should Might Must Have Has Had "
    "In On At For From With By Of To As After Before During Since Because If "
    "While Although Though Even However But And Or So Yet Thus Therefore Moreover "
    "Furthermore Instead Still Also Not No Yes Now Then Mr Mrs Ms Dr".split()
)
# A bare footnote number, as textbooks print a superscript once it is
# flattened to text: "... rights. 4 Even though". News starts sentences with
# numbers, but never with a number before one of the starters.
_FOOTNOTE_NUMBER = re.compile(rf"\d{{1,3}}(?=[^\S\n]+(?:{'|'.join(sorted(SENTENCE_STARTERS))})\b)")
# A dotted initialism ("G.D.P.", "U.S.G."), maybe after an opening quote or
# bracket, as a piece's whole last word. Punkt ends a sentence after any one
# its model doesn't know; after one it knows ("U.S.") it weighs the next word
# itself. No look behind the word: at a piece's start, what is behind it is
# the piece before ("." then "(N.F.L. Smith" is two pieces, the second one
# running on).
_OPENING = "\"“‘'(["
_INITIALISM = re.compile(rf"[{re.escape(_OPENING)}]?(?:[A-Za-z]\.){{2,}}")
_WORD = re.compile(r"[A-Za-z]+")
# Abbreviations that are never the last word of a sentence.
_NEVER_FINAL = ("e.g.", "i.e.", "cf.", "viz.", "vs.")
# "No." as a word on its own before a capitalised word or a quote, not a
# number's abbreviation ("No. 2") nor the end of a longer word.
_ANSWER_NO = re.compile(r"(?<![\w.])No\.(?=[^\S\n]+[\"“‘']?[A-Z])")
# A caption's label and a letter's closing are sentences of their own, and
# the line break after them is often lost when text is copied: "Figure 1.5
# Residents of ...", "Sincerely, Jane Doe". A label runs on into any
# capitalised word ("Figure 1.6 The map"); a closing only into a name, not a
# sentence starter nor a word before a comma ("Respectfully, I disagree",
# "Respectfully, Senator, ...").
_LABEL_FIRST_WORDS = (
    "Fig", "Table", "Sincerely", "Respectfully", "Cordially", "Regards", "Best", "Kind", "Warm",
    "Yours",
)  # fmt: skip
_LABEL_FIRST_LETTERS = frozenset(word[0] for word in _LABEL_FIRST_WORDS)
_CAPTION_LABEL = re.compile(
    r"(?:Figure|Fig\.|Table)[^\S\n]+\d{1,3}(?:\.\d{1,3})*[a-z]?(?=[^\S\n]+[\"“‘']?[A-Z])"
)
_LETTER_CLOSING = re.compile(
    r"(?:Sincerely|Respectfully|Cordially|(?:(?:Best|Kind|Kindest|Warm|Warmest)[^\S\n]+)?"
    r"[Rr]egards|Best[^\S\n]+wishes|Yours[^\S\n]+(?:truly|sincerely|faithfully)),"
    r"(?=[^\S\n]+([A-Z][\w'’-]*+)(?!,))"
)


def joined_within_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Correct Punkt where it goes wrong within a line: a reference mark, an
    emoji or a footnote number that it puts at the start of a sentence goes to the end of
    the one before, a sentence never ends after "e.g." and the like, nor after
    an initialism before a word that continues it, and a "No." that answers
    (not "No. 2") ends one. Boundaries at line breaks and list items are left
    as they are.
    """
    if "No." in text:
        spans = _cut_after_answers(text, spans)
    joined, may_have_labels = _joined(text, spans)
    if may_have_labels:
        # Rare, so looked for on the way rather than in a pass of its own.
        joined, _ = _joined(text, _cut_after_labels(text, spans))
    return joined


def _joined(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], bool]:
    """Join ``spans`` as ``joined_within_lines`` says, and tell whether any of
    them may start with a caption's label or a letter's closing."""
    out = spans[:1]
    may_have_labels = bool(spans) and text.startswith(_LABEL_FIRST_WORDS, spans[0][0])
    for start, end in spans[1:]:
        prev_start, prev_end = out[-1]
        first = text[start]
        if first in _LABEL_FIRST_LETTERS and text.startswith(_LABEL_FIRST_WORDS, start):
            may_have_labels = True
        if "\n" in text[prev_end:start]:
            out.append((start, end))
        # (Only a regex that can match is tried: a call costs more than a test.)
        elif mark := (
            _REFERENCE_MARK.match(text, start)
            if first in _REFERENCE_MARK_FIRST
            else _FOOTNOTE_NUMBER.match(text, start, end)
            if first.isdigit()
            else _EMOJI.match(text, start)
            if first >= _EMOJI_FIRST
            else None
        ):
            out[-1] = (prev_start, mark.end())
            if rest := NON_SPACE.search(text, mark.end(), end):
                out.append((rest.start(), end))
        elif text.endswith(_NEVER_FINAL, prev_start, prev_end) or (
            text[prev_end - 3] == "."
            and _runs_on_after_initialism(text, prev_start, prev_end, start)
        ):
            out[-1] = (prev_start, end)
        else:
            out.append((start, end))
    return out, may_have_labels


def _runs_on_after_initialism(text: str, prev_start: int, prev_end: int, start: int) -> bool:
    """Whether a piece ending in a dotted initialism runs on into the next one:
    before a lowercase word ("what G.D.P. growth was"), and, when the letters
    are capitals, before a capitalised word other than a sentence starter
    ("the U.S.G. Academic Assembly"; but "joined the N.F.L. He was 22").
    """
    last_word = text.rfind(" ", prev_start, prev_end) + 1 or prev_start
    initialism = _INITIALISM.fullmatch(text, last_word, prev_end)
    if not initialism or _is_known_abbreviation(initialism.group()):
        return False
    if text[start].islower():
        return True
    word = _WORD.match(text, start)
    return (
        word is not None
        and word.group()[0].isupper()
        and text[last_word:prev_end].isupper()
        and word.group() not in SENTENCE_STARTERS
    )


def _is_known_abbreviation(word: str) -> bool:
    # The model keeps abbreviations in lowercase without their last period.
    return word.lstrip(_OPENING).rstrip(".").lower() in tokenizer().parameters.abbrev_types


def _cut_after_labels(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a sentence that starts with a caption's label or a letter's closing
    after it."""
    out = []
    for start, end in spans:
        if text.startswith(_LABEL_FIRST_WORDS, start) and (
            (label := _CAPTION_LABEL.match(text, start, end))
            or (
                (label := _LETTER_CLOSING.match(text, start, end))
                and label.group(1) not in SENTENCE_STARTERS
            )
        ):
            out.append((start, label.end()))
            start = NON_SPACE.search(text, label.end(), end).start()  # type: ignore[union-attr]
        out.append((start, end))
    return out


def _cut_after_answers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut sentences after a "No." that is an answer: Punkt's model knows "No."
    only as the abbreviation of "number"."""
    out = []
    for start, end in spans:
        for answer in _ANSWER_NO.finditer(text, start, end):
            out.append((start, answer.end()))
            start = NON_SPACE.search(text, answer.end(), end).start()  # type: ignore[union-attr]
        out.append((start, end))
    return out
