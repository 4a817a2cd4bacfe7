"""A heading breaks a long document name at its separators, never before its extension."""

from __future__ import annotations

import pytest

from annotator.web.document_names import document_name, name_breaks


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("004_b3889e6c0fe1530c.txt", "004_<wbr>b3889e6c0fe1530c.txt"),
        ("reuters-2024--04/12.txt", "reuters-<wbr>2024--<wbr>04/<wbr>12.txt"),
        ("a.b.c.txt", "a.<wbr>b.<wbr>c.txt"),
        ("plain", "plain"),
        ("trailing_", "trailing_"),
        ("<b>_&", "&lt;b&gt;_<wbr>&amp;"),
    ],
)
def test_a_name_may_break_after_its_separators_and_is_escaped(name: str, shown: str) -> None:
    assert str(name_breaks(name)) == shown


def test_a_headings_document_name_breaks_and_a_lists_does_not() -> None:
    assert str(document_name(5, None, "004_a.txt", breaks=True)) == (
        '<span class="document-number">#5</span> 004_<wbr>a.txt'
    )
    assert str(document_name(5, None, "004_a.txt")) == (
        '<span class="document-number">#5</span> 004_a.txt'
    )
