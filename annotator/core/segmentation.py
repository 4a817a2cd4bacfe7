"""Sentence splitting.

Punctuation-based boundaries come from nupunkt (a Punkt implementation with a
pre-trained English model). This module adds the layout rules of our documents
on top of it, without ever modifying the text:

-   A line break ends a sentence, except in hard-wrapped text, where a line
    that is full to the wrap width continues on the next line.
-   A blank line always ends a sentence.
-   A list bullet, or the next number of an inline numbered list, starts a
    sentence, and an item's number never ends one.
-   A reference mark or an emoticon right after a sentence ("... in 1805.
    [6] He", "Loved it. :)") belongs to that sentence, and so does a bare
    footnote number before a word that can't follow a number ("... rights.
    4 Even though").
-   A figure's or table's label and a letter's closing end a sentence
    ("Figure 1.5 Residents of ...", "Sincerely, Jane Doe").
-   A dotted initialism doesn't end a sentence before a lowercase word
    ("G.D.P. growth") nor, in capitals, before a name ("the U.N. Security
    Council").

Punkt's English model learned some 2,400 whole words ("call", "works",
"black") as abbreviations from its training text, and so misses the
sentence ends after them; they are dropped from our copy of the model, and
the common abbreviations of news text that it lacks ("Lt.", "pct.") are added.

Offsets are Python ``str`` indices (code points) into the given text,
end-exclusive.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from importlib.metadata import version
from itertools import accumulate, compress, count, filterfalse, repeat
from operator import add, gt, itemgetter, not_
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nupunkt is imported when a text is first split (see _tokenizer)
    from nupunkt.tokenizers.sentence_tokenizer import PunktSentenceTokenizer

#: Names the rules that produced a segmentation, so spans made by another
#: version can be told apart. Bump the suffix when the rules below change.
#: nupunkt's version from its metadata: importing nupunkt for it would load its
#: 22 modules into every process that merely lists documents.
SEGMENTER_VERSION = f"nupunkt-{version('nupunkt')}+lines-4"

# Hard wraps are made at a fixed column, classically 60 to 80. A line with
# spaces longer than the maximum was not wrapped; below the minimum, wrapped
# prose can't be told apart from a list of short lines.
_WRAP_MIN = 40
_WRAP_MAX = 100
# A line ends a sentence if it ends with one of these, before any closing
# quotes and brackets.
_TERMINAL = frozenset(".!?:;…")
_CLOSING = "\"')]}’”»"
# A line longer than _WRAP_MAX without its trailing whitespace, of two words
# or more.
_LONG_LINE = re.compile(rf"(?=.{{{_WRAP_MAX}}}.*?\S).*?\S\s+\S")
_NON_SPACE = re.compile(r"\S")
_PLUS_ONE = (1).__add__
_BULLETS = "•‣⁃◦▪●"
# A bullet not glued to a word, optionally followed by an item number:
# "• 9. ", "⁃10. ". The look-behind comes after the bullet so that the regex
# engine scans for the bullet first; the other way round is 4 times slower.
_BULLET = re.compile(
    r"[•‣⁃◦▪●](?<!\S[•‣⁃◦▪●])[^\S\n]*(?:(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])[^\S\n]+)?"
)
# An item number in an inline list ("1. ", "2.) ", "b) ") and a line that
# starts such a list.
_ITEM = re.compile(r"(?<!\S)(\d{1,2}|[a-z])(?:\.\)|[.)])[^\S\n]+")
_LIST_START = re.compile(r"[^\S\n]*(1|a)(?:\.\)|[.)])[^\S\n]")
_LIST_START_AFTER_BREAK = re.compile("\n" + _LIST_START.pattern)
# A reference mark as encyclopedias and how-to sites print them after a
# sentence: "[6]", "[3, 4]", "[12-14]", and the editor's cut "[...]".
# An emoticon after a sentence (":)", ";-P") closes it too.
_REFERENCE_MARK = re.compile(
    r"(?:\[(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|\.\.\.|…)\]|[:;=][-']?[()\[\]DPp/|*])(?=\s|$)"
)
_REFERENCE_MARK_FIRST = "[:;="
# Capitalised words that start sentences but never follow a number or an
# initialism within one: articles, pronouns, question words, auxiliaries,
# prepositions, conjunctions, sentence adverbs and the titles before a name.
# ("10 Downing Street said", "the U.S.G. Academic Assembly".)
_SENTENCE_STARTERS = frozenset(
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
_FOOTNOTE_NUMBER = re.compile(rf"\d{{1,3}}(?=[^\S\n]+(?:{'|'.join(sorted(_SENTENCE_STARTERS))})\b)")
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
def _tokenizer() -> PunktSentenceTokenizer:
    # Our own instance: ``nupunkt.load`` shares one per process, and we change
    # an option on it.
    from nupunkt.models import load_default_model

    tokenizer = load_default_model()
    abbreviations = tokenizer.parameters.abbrev_types
    learned_words = [
        entry
        for entry in abbreviations
        if (len(entry) >= 4 and entry.isalpha() and entry not in _KNOWN_LONG_ABBREVIATIONS)
        or entry in _SHORT_WORDS
    ]
    abbreviations.difference_update(learned_words)
    abbreviations.update(_KNOWN_LONG_ABBREVIATIONS, _MISSING_SHORT_ABBREVIATIONS)
    tokenizer.parameters.freeze_sets()
    tokenizer.parameters.invalidate_patterns()
    tokenizer.clear_decision_cache()
    # "She works at Yahoo! in the ...": "!" or "?" followed by a lowercase word
    # continues the sentence.
    tokenizer.EXCL_QUEST_LOWERCASE_CONTINUES = True
    return tokenizer


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences.

    :param text: The text, with line breaks normalised to ``\\n``.
    :return: ``(start, end)`` code point offsets of each sentence, in order,
        non-overlapping, trimmed of surrounding whitespace. A sentence is
        never empty and never crosses a blank line.
    """
    if not text or text.isspace():
        return []

    # nupunkt's spans are already trimmed, and only whitespace lies between
    # them, except before the first one (its first start is always 0);
    # tests/test_segmentation_reference.py holds us to the plain cut-and-trim.
    spans = list(_tokenizer().span_tokenize(text))
    if text[0].isspace():
        spans[0] = (len(text) - len(text.lstrip()), spans[0][1])

    if _has_bullet(text) or _LIST_START.match(text) or _LIST_START_AFTER_BREAK.search(text):
        # The list rules may also remove a start: cut the text anew.
        starts = {start for start, _ in spans}
        _list_items(text, starts)
        # Added last, so that the list rules can't remove a line break.
        starts.update(pos + 1 for pos in _line_breaks(text))
        return _joined_within_lines(text, _trimmed_pieces(text, sorted(starts)))

    if "\n" in text:
        spans = _cut_at(text, spans, _line_breaks(text))
    return _joined_within_lines(text, spans)


def _joined_within_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Correct Punkt where it goes wrong within a line: a reference mark or a
    footnote number that it puts at the start of a sentence goes to the end of
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
    """Join ``spans`` as ``_joined_within_lines`` says, and tell whether any of
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
            else None
        ):
            out[-1] = (prev_start, mark.end())
            if rest := _NON_SPACE.search(text, mark.end(), end):
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
        and word.group() not in _SENTENCE_STARTERS
    )


def _is_known_abbreviation(word: str) -> bool:
    # The model keeps abbreviations in lowercase without their last period.
    return word.lstrip(_OPENING).rstrip(".").lower() in _tokenizer().parameters.abbrev_types


def _cut_after_labels(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a sentence that starts with a caption's label or a letter's closing
    after it."""
    out = []
    for start, end in spans:
        if text.startswith(_LABEL_FIRST_WORDS, start) and (
            (label := _CAPTION_LABEL.match(text, start, end))
            or (
                (label := _LETTER_CLOSING.match(text, start, end))
                and label.group(1) not in _SENTENCE_STARTERS
            )
        ):
            out.append((start, label.end()))
            start = _NON_SPACE.search(text, label.end(), end).start()  # type: ignore[union-attr]
        out.append((start, end))
    return out


def _cut_after_answers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut sentences after a "No." that is an answer: Punkt's model knows "No."
    only as the abbreviation of "number"."""
    out = []
    for start, end in spans:
        for answer in _ANSWER_NO.finditer(text, start, end):
            out.append((start, answer.end()))
            start = _NON_SPACE.search(text, answer.end(), end).start()  # type: ignore[union-attr]
        out.append((start, end))
    return out


def _trimmed_pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Return the non-blank pieces between ``cuts``, trimmed of whitespace."""
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
        if stripped := text[a:b].lstrip():
            start = b - len(stripped)
            spans.append((start, start + len(stripped.rstrip())))
    return spans


def _cut_at(text: str, spans: list[tuple[int, int]], breaks: list[int]) -> list[tuple[int, int]]:
    """Cut the trimmed ``spans`` at the line breaks ``breaks`` that fall inside
    them; a break between two spans changes nothing. The same result as
    ``_trimmed_pieces`` on the spans' starts and the breaks, in time
    proportional to the breaks rather than to the text.
    """
    # Leave out, without a Python loop, the breaks that can't cut: one right
    # after a sentence, and one right after another break.
    skip = set(map(itemgetter(1), spans))
    skip.update(map(_PLUS_ONE, breaks))
    starts = list(map(itemgetter(0), spans))
    out: list[tuple[int, int]] = []
    done = 0  # spans[:done] are in ``out`` or being cut
    start = end = -1  # the rest of the span being cut
    for pos in filterfalse(skip.__contains__, breaks):
        i = bisect_right(starts, pos) - 1
        if i < 0:
            continue
        if i < done:
            if not start < pos < end:
                continue
        else:
            if pos >= spans[i][1]:
                continue
            if start >= 0:
                out.append((start, end))
            out += spans[done:i]
            done = i + 1
            start, end = spans[i]
        # text[start] is not a space, text[pos] is, and so is none of text[end - 1].
        out.append((start, start + len(text[start:pos].rstrip())))
        start = _NON_SPACE.search(text, pos + 1).start()  # type: ignore[union-attr]
    if start >= 0:
        out.append((start, end))
    out += spans[done:]
    return out


def _has_bullet(text: str) -> bool:
    # str's own search is some 10 times faster than a regex's character set,
    # and an ASCII text needs none.
    return not text.isascii() and any(bullet in text for bullet in _BULLETS)


def _list_items(text: str, starts: set[int]) -> None:
    """Start a sentence at each list item, and drop any start right after an
    item's number: Punkt reads "2." as a sentence, and doesn't know that an
    inline "2)" begins one.
    """
    # Looking for the bullets first is some 20 times faster than the regex.
    for m in _BULLET.finditer(text) if _has_bullet(text) else ():
        starts.add(m.start())
        starts.difference_update(range(m.start() + 1, m.end() + 1))

    # Only a line starting with "1" or "a" begins a list, and only the
    # following numbers in sequence are items, so that numbers in prose
    # ("see p. 55", "turn 2) left") are left alone.
    first_line = [first] if (first := _LIST_START.match(text)) else []
    for m in [*first_line, *_LIST_START_AFTER_BREAK.finditer(text)]:
        end = text.find("\n", m.start(1))
        expect = m.group(1)
        for item in _ITEM.finditer(text, m.start(1), len(text) if end < 0 else end):
            if item.group(1) == expect:
                starts.add(item.start())
                starts.difference_update(range(item.start() + 1, item.end() + 1))
                expect = str(int(expect) + 1) if expect.isdigit() else chr(ord(expect) + 1)


def _line_breaks(text: str) -> list[int]:
    """Return the offsets of the line breaks that end a sentence: all of them,
    unless the text is hard-wrapped, where a line that is full to the wrap
    width continues on the next line.

    Every step over the lines runs in ``map`` and friends, not in a Python
    loop: only the paragraphs are looped over.
    """
    lines = text.split("\n")
    # Line k ends at the break sum(len(line) + 1 for line in lines[: k + 1]) - 1.
    breaks = list(accumulate(map(_PLUS_ONE, map(len, lines[:-1])), initial=-1))[1:]
    # A line of two words or more longer than the widest wrap: not wrapped.
    # Lazy, so that it stops at the first.
    if any(map(_LONG_LINE.match, compress(lines, map(gt, map(len, lines), repeat(_WRAP_MAX))))):
        return breaks

    trimmed = list(map(str.rstrip, lines))
    widths = list(map(len, trimmed))

    # The first word of each line. Split at spaces only: a no-break space
    # doesn't allow a wrap.
    words = map(str.partition, map(str.lstrip, lines, repeat(" \t")), repeat(" "))
    word_widths = list(map(len, map(itemgetter(0), words)))

    # A line is full if the first word of the next line would not have fit
    # on it: the wrapper broke it, not the writer. The width is the longest
    # line of the paragraph, and paragraphs end at blank lines.
    full = [False] * len(breaks)
    inner = 0  # lines that continue a paragraph
    first = 0
    for blank in [*compress(count(), map(not_, widths)), len(lines)]:
        if blank - first > 1:
            inner += blank - first - 1
            width = max(widths[first:blank])
            if width >= _WRAP_MIN:
                # widths[k] + 1 + word_widths[k + 1] > width
                full[first : blank - 1] = map(
                    gt,
                    map(add, widths[first : blank - 1], word_widths[first + 1 : blank]),
                    repeat(width - 1),
                )
        first = blank + 1

    # Wrapped text: at least half the lines that continue a paragraph are full
    # and end without terminal punctuation (the others end a sentence by
    # chance). One such line is too little to go by ("Title\nSubtitle"),
    # unless the next line goes on in lowercase.
    last_chars = map(itemgetter(slice(-1, None)), map(str.rstrip, trimmed, repeat(_CLOSING)))
    unpunctuated = list(map(gt, full, map(_TERMINAL.__contains__, last_chars)))
    count_unpunctuated = sum(unpunctuated)
    if 2 * count_unpunctuated < inner or count_unpunctuated == 0:
        return breaks
    if count_unpunctuated == 1:
        k = unpunctuated.index(True)
        if not lines[k + 1].lstrip()[:1].islower():
            return breaks

    return list(compress(breaks, map(not_, full)))
