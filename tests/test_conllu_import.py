"""Importing CoNLL-U (Universal Dependencies) files: the text rebuilt as the file spaces it.

A CoNLL-U token line has ten tab-separated columns (ID FORM ... MISC); ``SpaceAfter=No`` in
MISC says no space follows the token, a multi-word token's range line (``2-3``) holds the
form the text shows, and its words (``2``, ``3``) are not in the text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Document, Span
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.helpers import login


def _line(index: str, form: str, misc: str = "_", ner: str = "O") -> str:
    return "\t".join([index, form, form.lower(), "X", "_", "_", "0", "dep", "_", misc, ner])


# Sentence 1 has SpaceAfter=No before its full stop; sentence 2 has none at all; sentence 3
# has a multi-word token ("don't": words "do" and "n't") and an empty node (8.1).
CONLLU = "\n".join(
    [
        "# newdoc id = news",
        "# sent_id = 1",
        "# text = Peace is near.",
        _line("1", "Peace", ner="B-CLAIM"),
        _line("2", "is", ner="I-CLAIM"),
        _line("3", "near", "SpaceAfter=No", "I-CLAIM"),
        _line("4", "."),
        "",
        "# newpar",
        "# sent_id = 2",
        _line("1", "Officials", ner="B-SOURCE"),
        _line("2", "said", ner="B-CUE"),
        _line("3", "so"),
        "",
        "# sent_id = 3",
        _line("1", "Moscow", ner="B-SOURCE"),
        _line("2-3", "don't", "_", "_"),
        _line("2", "do", ner="B-CLAIM"),
        _line("3", "n't", ner="I-CLAIM"),
        _line("4", "agree", "SpaceAfter=No", "I-CLAIM"),
        _line("4.1", "agreed"),
        _line("5", "!", "SpaceAfter=No"),
        "",
    ]
)
TEXT = "Peace is near.\nOfficials said so\nMoscow don't agree!"


def test_conllu_text_follows_space_after_and_multiword_tokens(
    session: Session, make_project: Any, make_user: Any, tmp_path: Path
) -> None:
    project = make_project("ud")
    make_user("alice", "annotator")
    path = tmp_path / "news.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    report = import_paths(
        session, project, [path], format="conll", options=DatasetOptions(annotator="alice")
    )
    session.commit()
    assert report.created == 1 and not report.errors
    document = session.scalars(select(Document).where(Document.project_id == project.id)).one()
    assert document.text == TEXT
    spans = session.execute(select(Span.label, Span.start, Span.end).order_by(Span.start)).all()
    found = [(label, document.text[start:end]) for label, start, end in spans]
    assert found == [
        ("CLAIM", "Peace is near"),
        ("SOURCE", "Officials"),
        ("CUE", "said"),
        ("SOURCE", "Moscow"),
        ("CLAIM", "don't agree"),
    ]
    sentences = [document.text[s.start : s.end] for s in document.sentences]
    assert sentences == TEXT.split("\n")


def test_the_import_page_says_what_spacing_a_conll_text_gets(
    client: Any, make_user: Any, make_project: Any
) -> None:
    make_project("ud")
    make_user("ada", "admin")
    login(client, "ada")
    html = client.get("/projects/ud/import").get_data(as_text=True)
    hint = re.search(r'<p class="field__hint" id="files-hint">([^<]*)</p>', html)
    assert hint is not None, html
    assert "a space between tokens except after a CoNLL-U token" in hint.group(1)
    assert "SpaceAfter=No" in hint.group(1)


def test_empty_nodes_left_out_are_counted_in_the_report(
    session: Session, make_project: Any, make_user: Any, tmp_path: Path
) -> None:
    from annotator.core.formats.conll_reader import EMPTY_NODES

    make_user("alice", "annotator")
    path = tmp_path / "news.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    report = import_paths(
        session,
        make_project("ud"),
        [path],
        format="conll",
        options=DatasetOptions(annotator="alice"),
    )
    assert report.tallies[EMPTY_NODES] == 1
    assert EMPTY_NODES.said(1) == "1 CoNLL-U empty node left out (not in the text)"


#: A CoNLL-U token line short of its MISC column.
NINE = "\t".join(["1", "Bad", "bad", "ADJ", "_", "_", "0", "root", "_"])


def _refused(session: Session, make_project: Any, path: Path) -> dict[str, Any]:
    """Import ``path`` as alice's, expecting a refusal of one problem; return it, nothing
    stored."""
    from annotator.core.errors import ImportFailed

    with pytest.raises(ImportFailed) as refused:
        import_paths(
            session,
            make_project("ud"),
            [path],
            format="conll",
            options=DatasetOptions(annotator="alice"),
        )
    session.rollback()
    (detail,) = refused.value.details
    assert session.scalars(select(Document)).first() is None
    return dict(detail)


def test_a_conllu_line_without_its_misc_column_is_refused_naming_the_count(
    session: Session, make_project: Any, make_user: Any, tmp_path: Path
) -> None:
    make_user("alice", "annotator")
    path = tmp_path / "b.conllu"
    path.write_text(f"# sent_id = 1\n{_line('1', 'Hello')}\n\n{NINE}\n", encoding="utf-8")
    detail = _refused(session, make_project, path)
    assert (detail["file"], detail["line"]) == (str(path), 4)
    assert detail["message"] == (
        "a CoNLL-U token line has 10 tab-separated columns (ID FORM LEMMA UPOS XPOS FEATS "
        "HEAD DEPREL DEPS MISC), this one 9"
    )


def test_conllu_lines_short_of_misc_in_a_conll_file_are_refused_too(
    session: Session, make_project: Any, make_user: Any, tmp_path: Path
) -> None:
    """Without the .conllu extension, 8 or 9 tab-separated columns led by a word id are still
    CoNLL-U lines short of columns, not a token "1" tagged "_"."""
    make_user("alice", "annotator")
    path = tmp_path / "b.conll"
    path.write_text(f"{NINE}\n", encoding="utf-8")
    detail = _refused(session, make_project, path)
    assert (detail["file"], detail["line"]) == (str(path), 1)
    assert detail["message"].endswith("this one 9")
