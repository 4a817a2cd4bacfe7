"""Comma-separated lists, as options, forms and query arguments give them."""

from __future__ import annotations

import pytest

from annotator.core.comma_lists import comma_separated


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        ("", []),
        (" , ,", []),
        ("alice", ["alice"]),
        (" alice , ,bob ", ["alice", "bob"]),
        ("doc 1,doc 2", ["doc 1", "doc 2"]),
    ],
)
def test_items_are_stripped_and_blank_ones_dropped(value: str | None, expected: list[str]) -> None:
    """Spaces around an item go, an empty item is no item; spaces inside an item stay."""
    assert comma_separated(value) == expected
