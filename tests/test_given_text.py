"""Offsets counted in a text as given, carried onto the stored text (core/text.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.text import GivenText, normalise_text

# Texts of the characters that move offsets, and of those that do not.
PIECES = st.lists(st.sampled_from(["a", " ", "\r", "\n", "\r\n", "\U0001f600"])).map("".join)
TEXTS = PIECES | PIECES.map(lambda body: "\ufeff" + body)


def _inside_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"


@settings(max_examples=300)
@given(TEXTS)
def test_every_offset_lands_where_the_text_before_it_ends_once_stored(text: str) -> None:
    """An offset moves to the length of what precedes it once stored; one between the
    ``\\r`` and the ``\\n`` of a pair lands before their line break."""
    moved = GivenText.of(text)
    assert moved.stored == normalise_text(text)
    for offset in range(len(text) + 1):
        before = normalise_text(text[:offset])
        expected = len(before) - (1 if _inside_crlf(text, offset) else 0)
        if offset == 1 and text.startswith("\ufeff"):
            expected = 0
        assert moved.stored_offset(offset) == expected, (text, offset)


def test_a_span_of_what_the_stored_text_drops_is_said() -> None:
    text = GivenText.of("\ufeffa\r\nb")
    assert text.vanishes(0, 1) == "holds only the byte-order mark, which the stored text drops"
    assert "only the \\r of a \\r\\n" in (text.vanishes(2, 3) or "")
    assert text.vanishes(2, 4) is None and text.vanishes(1, 2) is None
