"""The sentence splitter gives the same sentences as a plain reference
implementation of the same rules.

``annotator.core.segmentation`` takes nupunkt's spans as they are and only cuts the
ones a line break falls into, and it runs its hard-wrap detection over the lines
with ``map``. The reference below is the straightforward form of the same rules
(the module as it was before it was made faster): every nupunkt start and every
sentence-ending line break is a cut, the text between two cuts is trimmed, and
the wrap detection is a loop over the lines. Both must agree on every text;
``SEGMENTER_VERSION`` promises that the boundaries did not change.
"""

from __future__ import annotations

import re

import pytest

from annotator.core.segmentation import split_sentences
from annotator.core.segmentation.model import tokenizer
from annotator.core.segmentation.within_lines import SENTENCE_STARTERS
from tests.extras import need
from tests.segmentation_eval import load_golden, load_pud, load_seeds, wrap_in_place

need("hypothesis")

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WRAP_MIN = 40
_WRAP_MAX = 100
_TERMINAL = re.compile(r"[.!?:;…][\"')\]}’”»]*$")
_BULLET = re.compile(
    r"[•‣⁃◦▪●](?<!\S[•‣⁃◦▪●])[^\S\n]*(?:(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])[^\S\n]+)?"
)
_ITEM = re.compile(r"(?<!\S)(\d{1,2}|[a-z])(?:\.\)|[.)])[^\S\n]+")
_LIST_START = re.compile(r"^[^\S\n]*(1|a)(?:\.\)|[.)])[^\S\n]", re.MULTILINE)
_EMOJI = "[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]\ufe0f?\u20e3?"
_MARK = re.compile(
    r"(\[(\d{1,3}(\s*[,–-]\s*\d{1,3})*|\.\.\.|…)\]|[:;=][-']?[()\[\]DPp/|*]"
    rf"|{_EMOJI}(\u200d?{_EMOJI})*)(?=\s|$)"
)
_ANSWER = re.compile(r"(?<![\w.])No\.(?=[^\S\n]+[\"“‘']?[A-Z])")
_CAPTION = re.compile(
    r"((Figure|Fig\.|Table)[^\S\n]+\d{1,3}(\.\d{1,3})*[a-z]?)[^\S\n]+[\"“‘']?[A-Z]"
)
_LETTER_CLOSING = re.compile(
    r"(Sincerely|Respectfully|Cordially|Regards|(Best|Kind|Kindest|Warm|Warmest)[^\S\n]+[Rr]egards"
    r"|Best[^\S\n]+wishes|Yours[^\S\n]+(truly|sincerely|faithfully)),[^\S\n]+([A-Z][\w'’-]*)"
)
_FOOTNOTE = re.compile(r"(\d{1,3})[^\S\n]+([A-Za-z]+)\b")
_INITIALISM = re.compile(r"[\"“‘'(\[]?((?:[A-Za-z]\.){2,})")


def reference_split(text: str) -> list[tuple[int, int]]:
    if not text or text.isspace():
        return []
    starts = {0, *(start for start, _ in tokenizer().span_tokenize(text))}
    _list_items(text, starts)
    starts.update(pos + 1 for pos in _line_breaks(text))
    spans = _pieces(text, starts)
    # Within a line: a "No." that answers ends a sentence; a reference mark
    # or a footnote number that starts one goes to the one before; nothing
    # ends with "e.g." & co., nor with an initialism before a word that
    # continues it.
    starts = {start for start, _ in spans}
    starts.update(m.end() for m in _ANSWER.finditer(text))
    spans = _pieces(text, starts)
    # A sentence that starts with a caption's label or a letter's closing
    # ends after it.
    starts = {start for start, _ in spans}
    starts.update(start + _label_end(text[start:end]) for start, end in spans)
    spans = _pieces(text, starts)
    joined = spans[:1]
    for start, end in spans[1:]:
        before = joined[-1]
        same_line = "\n" not in text[before[1] : start]
        mark = _MARK.match(text, start)
        footnote = _FOOTNOTE.match(text[start:end])
        if footnote and footnote.group(2) in SENTENCE_STARTERS:
            mark = footnote
            mark_end = start + footnote.end(1)
        elif mark:
            mark_end = mark.end()
        if same_line and mark:
            joined[-1] = (before[0], mark_end)
            rest = text[mark_end:end]
            if rest.strip():
                joined.append((end - len(rest.lstrip()), end))
        elif same_line and (
            text[before[0] : before[1]].endswith(("e.g.", "i.e.", "cf.", "viz.", "vs."))
            or _runs_on_after_initialism(text[before[0] : before[1]], text[start:end])
        ):
            joined[-1] = (before[0], end)
        else:
            joined.append((start, end))
    return joined


def _label_end(sentence: str) -> int:
    """Return where a caption's label or a letter's closing that starts
    ``sentence`` ends, or 0 if it starts with neither."""
    if caption := _CAPTION.match(sentence):
        return caption.end(1)
    closing = _LETTER_CLOSING.match(sentence)
    if (
        closing
        and closing.group(4) not in SENTENCE_STARTERS
        and not sentence.startswith(",", closing.end())
    ):
        return closing.end(1) + 1
    return 0


def _runs_on_after_initialism(before: str, after: str) -> bool:
    last_word = before.split(" ")[-1]
    initialism = _INITIALISM.fullmatch(last_word)
    if not initialism or initialism.group(1)[:-1].lower() in tokenizer().parameters.abbrev_types:
        return False
    if after[0].islower():
        return True
    word = re.match("[A-Za-z]+", after)
    return bool(
        word
        and word.group()[0].isupper()
        and last_word.isupper()
        and word.group() not in SENTENCE_STARTERS
    )


def _pieces(text: str, starts: set[int]) -> list[tuple[int, int]]:
    cuts = sorted(starts)
    spans = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
        if stripped := text[a:b].lstrip():
            start = b - len(stripped)
            spans.append((start, start + len(stripped.rstrip())))
    return spans


def _list_items(text: str, starts: set[int]) -> None:
    for m in _BULLET.finditer(text):
        starts.add(m.start())
        starts.difference_update(range(m.start() + 1, m.end() + 1))
    for m in _LIST_START.finditer(text):
        end = text.find("\n", m.start())
        expect = m.group(1)
        for item in _ITEM.finditer(text, m.start(), len(text) if end < 0 else end):
            if item.group(1) == expect:
                starts.add(item.start())
                starts.difference_update(range(item.start() + 1, item.end() + 1))
                expect = str(int(expect) + 1) if expect.isdigit() else chr(ord(expect) + 1)


def _line_breaks(text: str) -> list[int]:
    breaks = [m.start() for m in re.finditer("\n", text)]
    lines = text.split("\n")
    widths = [len(line.rstrip()) for line in lines]
    if any(
        w > _WRAP_MAX and len(line.split(None, 1)) > 1
        for w, line in zip(widths, lines, strict=True)
    ):
        return breaks
    full = [False] * len(breaks)
    inner = unpunctuated = 0
    lowercase = False
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and widths[j]:
            j += 1
        width = max(widths[i:j], default=0)
        for k in range(i, j - 1):
            inner += 1
            word = len(lines[k + 1].lstrip(" \t").split(" ", 1)[0])
            full[k] = width >= _WRAP_MIN and widths[k] + 1 + word > width
            if full[k] and not _TERMINAL.search(lines[k].rstrip()):
                unpunctuated += 1
                lowercase = lowercase or lines[k + 1].lstrip()[:1].islower()
        i = j + 1
    if 2 * unpunctuated < inner or (unpunctuated < 2 and not lowercase):
        return breaks
    return [pos for pos, soft in zip(breaks, full, strict=True) if not soft]


def test_same_sentences_as_the_reference_on_all_data() -> None:
    """Every gold text, and each hard-wrapped at three widths: 1,880 texts,
    some hundreds of them detected as wrapped.
    """
    texts = [d["text"] for d in load_seeds()]
    texts += [text for text, _ in load_pud()]
    texts += [case["text"] for case in load_golden()]
    texts += [wrap_in_place(text, width) for text in texts for width in (40, 60, 72)]
    pud = [text for text, _ in load_pud()]
    texts += [wrap_in_place("\n\n".join(pud[i : i + 5]), 72) for i in range(0, len(pud), 5)]
    differ = [text for text in texts if split_sentences(text) != reference_split(text)]
    assert not differ, differ[:3]


# Pieces that exercise every rule: abbreviations, ellipses, closing quotes,
# list items and bullets, footnote numbers, initialisms before the words that
# continue a sentence and those that start one, captions and letter closings,
# blank and whitespace-only lines, no-break spaces, other line-separating
# whitespace, long words and long lines.
PIECES = [
    "Mr.", "Smith", "said", "the", "The", "word", ".", "!", "?", "...", ". . .", "…",
    "\n", "\n\n", " \n ", "\n \n", "\t", "\r\n", "\u00a0", "\u2028", "\x0b", "\x1c",
    "(", ")", '"', "”", "’", "»", "--", "1.", "2.", "3)", "a)", "b)", "1", "a", "•", "◦ 3.",
    "U.S.", "e.g.", "No.", "p.m.", "I.", "Hello World.", "x" * 30, "y" * 101,
    "[6]", "[3, 4]", "[...]", ":)", ";-P", "4", "12", "Lt.", "Gen.", "pct.", "call.", "cf.", "“No.",
    "G.D.P.", "(N.F.L.", "x.y.", "Even", "At", "It's", "Itself", "A-list", "growth", "Players",
    "Figure 1.5", "Fig.", "Table", "2a", "Sincerely,", "Best regards,", "regards,", "Jane",
    "Senator,", "🤔", "👍🏽❤️", "👨‍👩‍👧", "🇺🇦", "€", "©",
]  # fmt: skip
SENTENCES = [text[s:e] for text, gold in load_pud()[:80] for s, e in gold]


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(PIECES), max_size=40))
    spaces = draw(st.lists(st.sampled_from(["", " ", "  "]), min_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, spaces, strict=False))


@st.composite
def wrapped_documents(draw: st.DrawFn) -> str:
    """Paragraphs of real sentences, some hard-wrapped, some headings or lists."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()) and draw(st.booleans()):
            paragraphs.append(draw(st.sampled_from(PIECES + ["Minutes", "1. one 2. two"])))
            continue
        paragraph = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5)))
        if draw(st.booleans()):
            paragraph = paragraph.lower()
        width = draw(st.integers(20, 110))
        paragraphs.append(wrap_in_place(paragraph, width) if draw(st.booleans()) else paragraph)
    return draw(st.sampled_from(["\n\n", "\n", "\n \n", " \n"])).join(paragraphs)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
# Found by Hypothesis: a piece that starts right after a period, with an initialism as its
# last word (the splitter looked behind the piece's start).
@example(".(N.F.L. Smith")
def test_same_sentences_as_the_reference_on_made_up_text(text: str) -> None:
    assert split_sentences(text) == reference_split(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wrapped_documents())
def test_same_sentences_as_the_reference_on_wrapped_documents(text: str) -> None:
    assert split_sentences(text) == reference_split(text)


# Paragraph ends and starts where nupunkt reads across a blank line: closing
# quotes, spaced ellipses, several candidates in the last word, enumerators.
PARAGRAPH_ENDS = [
    "said.", "U.S.", "p.m.", ". . .", "...", "…", "wow!", "!?", "Hi!!", "end.”", "end.)",
    '"end."', "a.(b", "(a).", "1.", "Mr.", ".", "!", "»", "’", "word", "x. .", "*bold*.",
    "»!”. . .", "no! . . .", "Hello World.p.m.",
]  # fmt: skip
PARAGRAPH_STARTS = [
    "The", "the", "”", "’", "'", '"', ")", "»", "*", ".", ". . .", "…", "!", "?", "--",
    "1.", "a)", "•", "Mr.", "U.S.", "\u00a0The", "\x1cThe", " The", "\tthe",
]  # fmt: skip
GAPS = ["\n\n", "\n \n", "\n\n\n", "\n\t\n  ", "\n\u2028\n", " \n\n"]


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(["", *GAPS]))
    for i in range(draw(st.integers(2, 5))):
        if i:
            text += draw(st.sampled_from(GAPS))
        middle = draw(st.sampled_from(["", "Mr. Smith went.", "He said no. Then", "a b"]))
        start, end = draw(st.sampled_from(PARAGRAPH_STARTS)), draw(st.sampled_from(PARAGRAPH_ENDS))
        text += " ".join(filter(None, [start, middle, end]))
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs())
def test_same_sentences_as_the_reference_across_blank_lines(text: str) -> None:
    assert split_sentences(text) == reference_split(text)


@pytest.mark.parametrize(
    "text",
    [
        # Found by generated text: a spaced ellipsis joins the "!" before it.
        "the'the »!”. . .\n\n \t\u00a0 No.(",
        "\"? --    \x1c»Mr.'2.p.m.\n\n •\u00a0p.m. U.S. No. \n\n◦ 3.",
        "He said:\n\n” Then he left.",
    ],
)
def test_same_sentences_as_the_reference_at_these_blank_lines(text: str) -> None:
    assert split_sentences(text) == reference_split(text)


@pytest.mark.parametrize(
    "text",
    [
        "Trust fell. 4 Even so, turnout rose. 5 At the polls, 20 Republicans voted. 3 May ended.",
        '"What G.D.P. growth?" The (N.F.L. Players) objected. The N.F.L. He was 22. U.S. Army.',
        'It ended.\n\nFigure 1.5 Residents gather. Fig. 2a "The map". Table 3 lists them.',
        "Thanks. Sincerely, Jane Doe\nRespectfully, I disagree. Respectfully, Senator, no.",
        "Best  regards, Debra. Kind Regards, Bo\tBest regards to all. Yours truly, Ann-Marie",
        "It was called false. 🤔 Officials say so! 👍🏽❤️\n🚨 Breaking. 👨‍👩‍👧 Prices rose."
        " € 5 more. Done. ✅",
    ],
)
def test_same_sentences_as_the_reference_at_these_rules(text: str) -> None:
    """Texts that meet the footnote, initialism, caption, closing and emoji rules."""
    assert split_sentences(text) == reference_split(text)
