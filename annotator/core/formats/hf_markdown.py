"""Markdown for the ``hf`` dataset card: tables, numbers, and the project's text escaped for
a table cell or a code span."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a Markdown table whose first column is text and the others numbers, then a
    blank line; the caller leaves out a table that would have no rows."""
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def figure(value: Any) -> str:
    """Return a measure as the card's tables show it: three decimals, ``n/a`` for none."""
    return "n/a" if value is None else f"{value:.3f}"


def cell(value: Any) -> str:
    """Return text for a Markdown table cell: no line breaks, pipes and markup escaped."""
    text = " ".join(str(value).split())
    for char in "\\|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def code(value: Any) -> str:
    """Return text for inside a code span: one line, no backticks, pipes escaped for tables."""
    return " ".join(str(value).split()).replace("`", "'").replace("|", "\\|")
