"""How a bar chart row's name is cut into lines left of the bars (the agreement page)."""

from __future__ import annotations

import pytest

from annotator.views.charts import NAME_CHARS, name_lines


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("stance", ["stance"]),
        ("document:genre", ["document:genre"]),
        ("document:loaded_language", ["document:", "loaded_language"]),
        ("checkworthiness_of_claims", ["checkworthiness_of_", "claims"]),
        ("abcdefghijklmnopqrstuvwxyz", ["abcdefghijklmnopqrstuv", "wxyz"]),
        (
            "document:loaded_language_in_headline_and_lead",
            ["document:", "loaded_lan…ne_and_lead"],
        ),
    ],
)
def test_a_long_name_takes_two_lines_and_keeps_its_end(name: str, lines: list[str]) -> None:
    assert name_lines(name) == lines
    assert all(len(line) <= NAME_CHARS for line in lines)
