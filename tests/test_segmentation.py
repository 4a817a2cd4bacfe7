"""Sentence splitting, scored against gold data and checked for its invariants.

A boundary is the offset where a sentence starts (after leading whitespace).
Precision, recall and F1 of boundaries are counted over all documents of a set.
The data files and their licences are listed in ``tests/data/README.md``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import nupunkt
import pytest

from annotator.core.segmentation import SEGMENTER_VERSION, split_sentences
from tests.segmentation_eval import (
    boundary_prf,
    load_conllu,
    load_golden,
    load_pud,
    load_seeds,
    wrap_in_place,
)

SEEDS_DIR = Path(__file__).parent.parent / "seeds"
BLANK_LINE = re.compile(r"\n\s*\n")

SEEDS = load_seeds()
PUD = load_pud()
GOLDEN = load_golden()


def assert_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    """Check what the interface promises about any segmentation."""
    previous_end = 0
    for start, end in spans:
        assert type(start) is int and type(end) is int
        assert previous_end <= start < end <= len(text), (start, end)
        sentence = text[start:end]
        assert not sentence[0].isspace() and not sentence[-1].isspace(), sentence
        assert not BLANK_LINE.search(sentence), sentence
        # Only whitespace is left out between sentences.
        assert text[previous_end:start].strip() == "", text[previous_end:start]
        previous_end = end
    assert text[previous_end:].strip() == ""


@pytest.mark.parametrize("doc", SEEDS, ids=[d["doc_id"] for d in SEEDS])
def test_seed_articles_match_gold_exactly(doc: dict[str, Any]) -> None:
    """Every seed article is split exactly as the hand-checked gold says."""
    gold = [(s, e) for s, e in doc["sentences"]]
    assert boundary_prf([(doc["text"], gold)]) == (1.0, 1.0, 1.0)
    assert split_sentences(doc["text"]) == gold


@pytest.mark.parametrize("doc", SEEDS, ids=[d["doc_id"] for d in SEEDS])
def test_seed_gold_is_about_the_seed_files(doc: dict[str, Any]) -> None:
    """The gold texts are the project's seed files, so the gold isn't stale."""
    data = (SEEDS_DIR / doc["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == doc["sha256"]
    assert data.decode("utf-8") == doc["text"]


def test_ud_pud_boundary_f1() -> None:
    """UD English PUD news and Wikipedia paragraphs reach boundary F1 0.995."""
    assert len(PUD) == 397
    _, _, f1 = boundary_prf(PUD)
    assert f1 >= 0.995


@pytest.mark.parametrize("width", [60, 72, 80])
def test_hard_wrapped_ud_pud_scores_as_unwrapped(width: int) -> None:
    """Hard-wrapping PUD paragraphs (five to a text, blank lines between)
    keeps F1: the line breaks inside a paragraph are not taken as boundaries.
    """
    texts = []
    for i in range(0, len(PUD), 5):
        text, gold = "", []
        for paragraph, sentences in PUD[i : i + 5]:
            offset = len(text) + 2 if text else 0
            text = f"{text}\n\n{paragraph}" if text else paragraph
            gold += [(s + offset, e + offset) for s, e in sentences]
        texts.append((wrap_in_place(text, width), gold))
    assert max(len(line) for text, _ in texts for line in text.split("\n")) <= width + 20
    _, _, f1 = boundary_prf(texts)
    assert f1 >= 0.995


def test_golden_rules_score() -> None:
    """At least 44 of the 48 pySBD golden rules are split exactly right."""
    passed = [
        case["id"]
        for case in GOLDEN
        if [case["text"][s:e] for s, e in split_sentences(case["text"])] == case["sentences"]
    ]
    assert len(GOLDEN) == 48
    assert len(passed) >= 44, sorted(set(c["id"] for c in GOLDEN) - set(passed))


ALL_TEXTS = (
    [d["text"] for d in SEEDS]
    + [text for text, _ in PUD]
    + [wrap_in_place(text, 70) for text, _ in PUD]
    + [c["text"] for c in GOLDEN]
)


def test_invariants_hold_on_all_data() -> None:
    """Sentences are in order, non-overlapping, trimmed, non-empty, never
    cross a blank line, and leave out nothing but whitespace.
    """
    for text in ALL_TEXTS:
        spans = split_sentences(text)
        assert_invariants(text, spans)
        assert split_sentences(text) == spans  # deterministic


def test_line_break_is_a_boundary() -> None:
    """In text that isn't hard-wrapped, every line is a new sentence, with or
    without punctuation.
    """
    text = (
        "Breaking news\n"
        "The minister resigned on Monday. Nobody was surprised by the decision\n"
        "More to follow"
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Breaking news",
        "The minister resigned on Monday.",
        "Nobody was surprised by the decision",
        "More to follow",
    ]


def test_short_unpunctuated_lines_are_not_joined() -> None:
    """Headlines and menu items one per line aren't mistaken for wrapped text."""
    text = (
        "Putin admits Soviet invasions were wrong\n"
        "Gas supplies may be used as a weapon, officials fear\n"
        "NATO expels eight Russian diplomats\n"
        "Armenia and Azerbaijan agree to talks in Moscow\n"
        "\n"
        "About the Creator\n"
        "KeepMakingProgress\n"
        "Comments"
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        line for line in text.split("\n") if line
    ]


def test_hard_wrapped_paragraph_is_joined() -> None:
    """In hard-wrapped text, sentences run across single line breaks; the
    heading line and the blank line still end a sentence.
    """
    text = (
        "Minutes of the meeting\n"
        "The committee met on Tuesday to discuss the proposal, which had been\n"
        "circulated to all members a week earlier. Several members said that\n"
        "the budget was too small for the work described, and they asked for a\n"
        "revised estimate before the next meeting of the committee in March.\n"
        "\n"
        "The chair agreed to the request and closed the meeting at noon.\n"
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Minutes of the meeting",
        "The committee met on Tuesday to discuss the proposal, which had been\n"
        "circulated to all members a week earlier.",
        "Several members said that\n"
        "the budget was too small for the work described, and they asked for a\n"
        "revised estimate before the next meeting of the committee in March.",
        "The chair agreed to the request and closed the meeting at noon.",
    ]


@pytest.mark.parametrize(
    ("text", "spans", "sentences"),
    [
        (
            "👍🏽🇺🇦 The vote passed. It was close.",
            [(0, 21), (22, 35)],
            ["👍🏽🇺🇦 The vote passed.", "It was close."],
        ),
        (
            "🇺🇦\n👍🏽 Slava Ukraini! 🇺🇦🇺🇦 Thanks.",
            [(0, 2), (3, 25), (26, 33)],
            # The flags after the sentence are its own (an emoji after a sentence).
            ["🇺🇦", "👍🏽 Slava Ukraini! 🇺🇦🇺🇦", "Thanks."],
        ),
    ],
    ids=["skin-tone-and-flags", "flags-and-a-line-break"],
)
def test_offsets_are_code_points(
    text: str, spans: list[tuple[int, int]], sentences: list[str]
) -> None:
    """Offsets count code points: emoji with a skin tone and flags (two code
    points, four UTF-16 units each) before a sentence don't shift it.
    """
    assert split_sentences(text) == spans
    assert [text[s:e] for s, e in spans] == sentences


@pytest.mark.parametrize("text", ["", " ", "\n", "\n\n\n", " \t\u00a0\u2003\n\u3000"])
def test_empty_and_whitespace_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_carriage_return_does_not_crash() -> None:
    """Text is normalised to ``\\n`` before, but a stray ``\\r`` is only
    whitespace: it is trimmed off the sentences.
    """
    text = "One.\r\nTwo\r\n\r\nThree.\rFour."
    spans = split_sentences(text)
    assert_invariants(text, spans)
    assert [text[s:e] for s, e in spans] == ["One.", "Two", "Three.", "Four."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An inline numbered list starting a line: one sentence per item.
        ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
        # Numbers inside a sentence aren't a list.
        (
            "We need 1) money and 2) time. Then we go.",
            ["We need 1) money and 2) time.", "Then we go."],
        ),
        ("Please turn to p. 55.", ["Please turn to p. 55."]),
        # A bullet starts a sentence, and its item number doesn't end one.
        (
            "• 9. The first item • 10. The second item",
            ["• 9. The first item", "• 10. The second item"],
        ),
    ],
)
def test_list_items(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_segmenter_version_names_nupunkt_and_our_rules() -> None:
    assert SEGMENTER_VERSION.startswith(f"nupunkt-{nupunkt.__version__}+lines-")
    assert SEGMENTER_VERSION.split("+lines-")[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Whole words that nupunkt's model learned as abbreviations end sentences.
        (
            "It was the managers who made the call. Computers followed the same path.",
            ["It was the managers who made the call.", "Computers followed the same path."],
        ),
        (
            "Changing behaviour works. Here are some tips.",
            ["Changing behaviour works.", "Here are some tips."],
        ),
        # Real abbreviations of four letters or more still don't.
        (
            "Shares of Enron Corp. rose on Sept. 11 in Calif. and Mass. markets.",
            ["Shares of Enron Corp. rose on Sept. 11 in Calif. and Mass. markets."],
        ),
        # Titles and units that the model lacked.
        (
            "Lt. Gen. Andrei Mordvichev said so. Prices rose 5 pct. in May.",
            ["Lt. Gen. Andrei Mordvichev said so.", "Prices rose 5 pct. in May."],
        ),
        # A reference mark belongs to the sentence before it.
        (
            "He studied at Harrow until July 1805. [6] He then went to Cambridge. [3, 4]",
            ["He studied at Harrow until July 1805. [6]", "He then went to Cambridge. [3, 4]"],
        ),
        (
            "The ministry said so. [...] Talks went on.",
            ["The ministry said so. [...]", "Talks went on."],
        ),
        (
            "Loved every bit of it. :) Will come back.",
            ["Loved every bit of it. :)", "Will come back."],
        ),
        # An emoji after a sentence is a reaction to it, as an emoticon is (a run of them,
        # with skin tones, variation selectors and joiners, too); at a line's start, or
        # before any sentence, it starts its own.
        (
            "The post was called false. 🤔 Officials say it is true. Great! 👍🏽❤️ "
            "The vote passed. 👨‍👩‍👧\nNo comment.\n🚨 Breaking: a vote.",
            [
                "The post was called false. 🤔",
                "Officials say it is true.",
                "Great! 👍🏽❤️",
                "The vote passed. 👨‍👩‍👧",
                "No comment.",
                "🚨 Breaking: a vote.",
            ],
        ),
        # A symbol that is no emoji (a currency, the copyright sign) is left as Punkt puts it.
        ("Prices rose. € 5 more is due.", ["Prices rose.", "€ 5 more is due."]),
        # A number starting a sentence stays there.
        (
            "The talks ended. 10 Downing Street said nothing.",
            ["The talks ended.", "10 Downing Street said nothing."],
        ),
        # "e.g." never ends a sentence; an answering "No." does, "No. 2" doesn't.
        (
            "Outlets (e.g. The Moscow Times) reported it.",
            ["Outlets (e.g. The Moscow Times) reported it."],
        ),
        (
            "Will Russia return? No. Not under the No. 2 official.",
            ["Will Russia return?", "No.", "Not under the No. 2 official."],
        ),
        ('"No. We will not," Lavrov said.', ['"No.', 'We will not," Lavrov said.']),
        # A reference mark after a line break is not moved across it.
        ("The end.\n[6] Notes follow.", ["The end.", "[6] Notes follow."]),
        # A bare footnote number belongs to the sentence before it when the
        # next word can't follow a number ...
        (
            "Few voters trust Congress. 4 Even so, turnout rose. 5 At the polls, lines were long.",
            [
                "Few voters trust Congress. 4",
                "Even so, turnout rose. 5",
                "At the polls, lines were long.",
            ],
        ),
        # ... and starts the next one when it can.
        (
            "The bill passed. 20 Republicans voted for it. 3 May was the deadline.",
            ["The bill passed.", "20 Republicans voted for it.", "3 May was the deadline."],
        ),
        # A dotted initialism before a lowercase word doesn't end a sentence,
        (
            "“I don’t know what G.D.P. growth was,” he said. Then he left.",
            ["“I don’t know what G.D.P. growth was,” he said.", "Then he left."],
        ),
        # nor one in capitals before a name,
        (
            "The N.F.L. Players Association objected. A.B.C. News reported it.",
            ["The N.F.L. Players Association objected.", "A.B.C. News reported it."],
        ),
        # but one before a word that starts sentences does.
        (
            "He was drafted by the N.F.L. He was 22. Was it the N.F.L. Which team?",
            ["He was drafted by the N.F.L.", "He was 22.", "Was it the N.F.L.", "Which team?"],
        ),
        # The same for a sentence that starts right after a lone period.
        (".(N.F.L. Smith", [".", "(N.F.L. Smith"]),
        # A caption's label whose line break was lost is a sentence of its own,
        # a figure named in the text is not.
        (
            "Talks ended.\n\nFigure 2.1 Protesters gather. Figure 2.2 The route of the march.",
            [
                "Talks ended.",
                "Figure 2.1",
                "Protesters gather.",
                "Figure 2.2",
                "The route of the march.",
            ],
        ),
        (
            "Table 3 lists the results. Turnout rose (Figure 4). See Table 5 for more.",
            ["Table 3 lists the results.", "Turnout rose (Figure 4).", "See Table 5 for more."],
        ),
        # So is a letter's closing before a name, but not a sentence that
        # starts with the same word.
        (
            "We look forward to your reply. Sincerely, Jane Doe",
            ["We look forward to your reply.", "Sincerely,", "Jane Doe"],
        ),
        (
            "Respectfully, I disagree. Respectfully, Senator, that is wrong. Best regards to all.",
            [
                "Respectfully, I disagree.",
                "Respectfully, Senator, that is wrong.",
                "Best regards to all.",
            ],
        ),
    ],
    ids=[
        "learned-word-call",
        "learned-word-works",
        "long-abbreviations-kept",
        "titles-and-units",
        "reference-marks",
        "editorial-cut",
        "emoticon",
        "emoji",
        "symbols-not-emoji",
        "number-starts-a-sentence",
        "e-g",
        "answering-no",
        "quoted-no",
        "mark-after-line-break",
        "footnote-numbers",
        "numbers-starting-sentences",
        "initialism-before-lowercase",
        "initialism-before-a-name",
        "initialism-ending-a-sentence",
        "initialism-after-a-period",
        "caption-labels",
        "figures-named-in-text",
        "letter-closing",
        "closing-words-in-sentences",
    ],
)
def test_news_and_reference_rules(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert_invariants(text, spans)
    assert [text[s:e] for s, e in spans] == expected


def test_a_treebank_is_read_into_documents_with_gold_offsets(tmp_path: Path) -> None:
    """UD ``.conllu`` files (for held-out scoring in benchmarks/segmentation.py):
    sentences of a paragraph joined by a space, paragraphs by a blank line,
    one document per ``# newdoc``; ``# newpar_block`` is not a paragraph.
    """
    treebank = tmp_path / "tiny.conllu"
    treebank.write_text(
        "# newdoc id = GUM_news_one\n# newpar\n# newpar_block = p (2 s)\n"
        "# sent_id = 1\n# text = Talks ended.\n1\tTalks\n\n"
        "# sent_id = 2\n# text = Nobody won.\n1\tNobody\n\n"
        "# newpar\n# text = Then rain.\n1\tThen\n\n"
        "# newdoc id = GUM_news_two\n# text = 😀 Only this.\n1\tOnly\n\n",
        encoding="utf-8",
    )
    docs = load_conllu(treebank)
    assert [doc_id for doc_id, _, _ in docs] == ["GUM_news_one", "GUM_news_two"]
    _, text, gold = docs[0]
    assert text == "Talks ended. Nobody won.\n\nThen rain."
    assert [text[s:e] for s, e in gold] == ["Talks ended.", "Nobody won.", "Then rain."]
    assert docs[1][1:] == ("😀 Only this.", [(0, 12)])
