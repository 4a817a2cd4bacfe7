"""Words with their marks: the tokens of the CoNLL export and the suggestions.

Python's ``\\w`` takes no combining mark, so "Café" written with a combining acute, a Hindi
word with its vowel signs, or an emoji with a skin tone fell apart into letters and lone
marks: a CoNLL file no tagger could learn from."""

from __future__ import annotations

import unicodedata

import pytest

from annotator.core.tokens import tokenize

DECOMPOSED = unicodedata.normalize("NFD", "Café")  # "Cafe" and U+0301


def words(text: str) -> list[str]:
    tokens = tokenize(text)
    # The offsets are the text's own code points, and tokens never overlap.
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:], strict=False))
    return [t.text for t in tokens]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # As before: inner hyphens and apostrophes, punctuation on its own.
        (
            'Officials said, "don\'t" well-known.',
            ["Officials", "said", ",", '"', "don't", '"', "well-known", "."],
        ),
        # A combining acute stays with its letter, and the word goes on after it.
        (f"{DECOMPOSED} noir", [DECOMPOSED, "noir"]),
        (unicodedata.normalize("NFD", "résumé,"), [unicodedata.normalize("NFD", "résumé"), ","]),
        # Devanagari: vowel signs and the virama are marks inside one word.
        ("हिन्दी भाषा", ["हिन्दी", "भाषा"]),
        # Arabic with its vowel marks.
        ("كَتَبَ الولد", ["كَتَبَ", "الولد"]),
        # An emoji with a skin tone, a joined sequence, one with its presentation selector.
        ("👍🏽 ok", ["👍🏽", "ok"]),
        ("👩\u200d💻 codes", ["👩\u200d💻", "codes"]),
        ("❤\ufe0f it", ["❤\ufe0f", "it"]),
        # Two emoji without a joiner stay two tokens; punctuation after a mark stays apart.
        ("😀😀", ["😀", "😀"]),
        (f"{DECOMPOSED}.", [DECOMPOSED, "."]),
    ],
)
def test_marks_joiners_and_modifiers_stay_with_their_character(
    text: str, expected: list[str]
) -> None:
    assert words(text) == expected


def test_offsets_inside_a_text() -> None:
    text = f"Le {DECOMPOSED} ferme."
    tokens = tokenize(text, 3, len(text) - 1)
    assert [(t.text, t.start, t.end) for t in tokens] == [
        (DECOMPOSED, 3, 8),
        ("ferme", 9, 14),
    ]
