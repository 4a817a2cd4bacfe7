"""static/js/offsets.js, the one place where UTF-16 offsets become code points, run in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import units

TEXTS = [
    "plain ASCII text, no conversion at all",
    "😀 before, in👍🏽side and after 🇺🇦",
    "🇫🇷🇩🇪 flags side by side, a family 👨‍👩‍👧‍👦, skin tones 👋🏿👋🏻",
    "e\u0301 combining accent, CJK 漢字, and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters",
    "🎉",
]

CONVERT_ALL = """async (text) => {
  const { OffsetMap } = await import('/static/js/offsets.js');
  const map = new OffsetMap(text);
  const cps = [...Array(map.lengthCp + 1).keys()];
  const us = [...Array(text.length + 1).keys()];
  return {
    lengthCp: map.lengthCp,
    toUnits: cps.map(cp => map.toUnits(cp)),
    startCp: us.map(u => map.toCodePoints(u, 'start')),
    endCp: us.map(u => map.toCodePoints(u, 'end')),
  };
}"""


STATIC = Path(__file__).resolve().parents[2] / "annotator" / "static"
ORIGIN = "http://annotator.test"


@pytest.fixture
def page(browser: Any) -> Any:
    """A page that loads the module straight from the source tree (no server needed)."""
    context = browser.new_context()
    page = context.new_page()

    def serve(route: Any) -> None:
        path = route.request.url.removeprefix(ORIGIN)
        if path.startswith("/static/"):
            body = (STATIC / path.removeprefix("/static/")).read_text(encoding="utf-8")
            route.fulfill(body=body, content_type="text/javascript")
        else:
            route.fulfill(body="<!doctype html><title>offsets</title>", content_type="text/html")

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/")
    yield page
    context.close()


@pytest.mark.parametrize("text", TEXTS)
def test_offsets_convert_both_ways_at_every_position(page: Any, text: str) -> None:
    result = page.evaluate(CONVERT_ALL, text)
    assert result["lengthCp"] == len(text)
    assert result["toUnits"] == [units(text, cp) for cp in range(len(text) + 1)]
    # Every code-unit offset maps to the code point it starts; one inside a surrogate pair
    # moves to the character's start for a range start and to its end for a range end.
    boundaries = {units(text, cp): cp for cp in range(len(text) + 1)}
    for u in range(units(text, len(text)) + 1):
        if u in boundaries:
            assert result["startCp"][u] == result["endCp"][u] == boundaries[u]
        else:
            cp = max(c for b, c in boundaries.items() if b < u)
            assert (result["startCp"][u], result["endCp"][u]) == (cp, cp + 1)


def test_a_range_round_trips_around_emoji(page: Any) -> None:
    text = TEXTS[1]
    for word in ("😀", "before", "in👍🏽side", "👍🏽", "🇺🇦", "after 🇺🇦"):
        start = text.index(word)
        end = start + len(word)
        got = page.evaluate(
            """async ([text, s, e]) => {
              const { OffsetMap } = await import('/static/js/offsets.js');
              const map = new OffsetMap(text);
              const [u1, u2] = map.rangeToUnits(s, e);
              return [text.slice(u1, u2), map.rangeToCodePoints(u1, u2)];
            }""",
            [text, start, end],
        )
        assert got == [word, [start, end]]


def test_trimming_drops_only_surrounding_white_space(page: Any) -> None:
    got = page.evaluate(
        """async () => {
          const { trimRange } = await import('/static/js/offsets.js');
          const t = '  a 😀 b \\n\\t ';
          return [trimRange(t, 0, t.length), trimRange(t, 0, 2), trimRange(t, 2, 3)];
        }"""
    )
    assert got == [[2, 8], None, [2, 3]]
