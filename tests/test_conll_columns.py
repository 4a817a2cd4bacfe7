"""A plain CoNLL file's columns are counted as the file separates them.

A tab-separated file (its first token line has a tab) is split on tabs, an empty column
(``Token<TAB><TAB>B-CLAIM``) kept as one; any other on runs of whitespace. Every token line has
as many columns as the file's first, so that a stray word is refused at its line and not read as
the tag (the last column); splitting a tab file on whitespace dropped its empty columns, and a
line with one was refused as a line of fewer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ImportFailed
from annotator.core.formats.conll_blocks import read_blocks
from annotator.core.formats.option_words import COMMAND_LINE
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.test_brat_import import SCHEMA, export_records

# TOKEN POS TAG, the part of speech missing on two lines (and a space before one tab).
TABBED = (
    "Officials\tNNS\tB-SOURCE\n"
    "said\t\tB-CUE\n"
    "the\tDT\tB-CLAIM\n"
    "plan \t\tI-CLAIM\n"
    "works\tVBZ\tI-CLAIM\n"
)


def _read(text: str, name: str = "f.conll") -> tuple[list[Any], list[tuple[int | None, str]]]:
    blocks, problems, _ = read_blocks(name, name, text, COMMAND_LINE)
    tokens = [(token, tag) for s in blocks[0].sentences for _, _, token, tag, _, _ in s]
    return tokens, [(p.line, p.message) for p in problems]


def test_a_tab_file_with_empty_columns_imports_with_its_spans(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    """Refused before: lines 2 and 4 were read as 2 columns against the first line's 3."""
    path = tmp_path / "tabbed.conll"
    path.write_text(TABBED, encoding="utf-8")
    project = make_project("p", SCHEMA)
    options = DatasetOptions(annotator="alice", create_users=True)
    report = import_paths(session, project, [path], options=options, format="conll")
    session.commit()
    assert report.created == 1
    [record] = export_records(session, project)
    assert record["text"] == "Officials said the plan works"
    spans = [(s["label"], s["text"]) for s in record["annotations"][0]["spans"]]
    assert spans == [("SOURCE", "Officials"), ("CUE", "said"), ("CLAIM", "the plan works")]


def test_a_tab_line_gives_its_first_column_as_token_and_its_last_as_tag() -> None:
    tokens, problems = _read(TABBED)
    assert problems == []
    assert tokens == [
        ("Officials", "B-SOURCE"),
        ("said", "B-CUE"),
        ("the", "B-CLAIM"),
        ("plan", "I-CLAIM"),
        ("works", "I-CLAIM"),
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # A stray word in a space-separated file of two columns.
        (
            "First O\nSecond B-CLAIM\nThird B-ASSERTION extra col\n",
            "this token line has 4 columns and the file's first (line 1) 2",
        ),
        # In a tab file with empty columns: read on whitespace, its 3 words were as many as
        # the first line's, and 'extra' was taken for its tag.
        (
            "First\tNN\tO\nSecond\t\tB-CLAIM\nThird\t\tB-CLAIM\textra\n",
            "this token line has 4 tab-separated columns and the file's first (line 1) 3",
        ),
    ],
    ids=["spaces", "tabs"],
)
def test_a_stray_word_is_refused_at_its_line(
    session: Any, make_project: Any, tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(text, encoding="utf-8")
    project = make_project("p", SCHEMA)
    options = DatasetOptions(annotator="alice", create_users=True)
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, project, [path], options=options, format="conll")
    session.rollback()
    [detail] = failure.value.details
    assert (detail["file"], detail["line"]) == (str(path), 3)
    assert detail["message"].startswith(said + "; every token line of a file has the same")
    assert export_records(session, project) == []


def test_a_space_separated_file_splits_a_tab_as_any_whitespace() -> None:
    """Columns lined up with a tab here and spaces there are still two columns."""
    tokens, problems = _read("Officials  B-SOURCE\nsaid\t\tB-CUE\nit \t O\n")
    assert problems == []
    assert tokens == [("Officials", "B-SOURCE"), ("said", "B-CUE"), ("it", "O")]


def test_a_tab_files_tokens_with_offsets_are_read_from_their_columns() -> None:
    tokens, problems = _read("Officials\t0\t9\tB-SOURCE\nsaid\t10\t14\tO\n")
    assert problems == []
    assert tokens == [("Officials", "B-SOURCE"), ("said", "O")]
