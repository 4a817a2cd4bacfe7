"""A CoNLL document's title: its ``# title =`` comment, else the start of its first sentence.

Named "news.conll:17" alone, the documents of a CoNLL file could not be told apart on the
project page; plain text's first line is its title in the same way (``.txt`` uploads).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.untitled import opening_title
from annotator.models import Document
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths

LONG = " ".join(["word"] * 40)
CONLL = (
    "-DOCSTART- -X- -X- O\n# title = Hart on fuel taxes\n\nSenator B-PER\nHart I-PER\nsaid O\n"
    "\nThe O\nmayor O\n\n-DOCSTART- -X- -X- O\n\nThe O\nmayor O\ndenied O\nit O\n. O\n"
    "\n-DOCSTART- -X- -X- O\n\n" + "".join(f"{w} O\n" for w in LONG.split()) + "\n"
)


def test_a_conll_document_takes_its_title_comment_or_its_opening(
    session: Session, make_project: Any, tmp_path: Path
) -> None:
    path = tmp_path / "news.conll"
    path.write_text(CONLL, encoding="utf-8")
    project = make_project("p")
    import_paths(session, project, [path], options=DatasetOptions(texts_only=True), format="conll")
    session.commit()
    titles = dict(session.execute(select(Document.external_id, Document.title)).all())
    assert titles == {
        "news.conll:1": "Hart on fuel taxes",
        "news.conll:11": "The mayor denied it .",
        "news.conll:19": opening_title(LONG),
    }
    assert titles["news.conll:19"].endswith("…") and len(titles["news.conll:19"]) <= 90


def test_an_opening_is_the_first_line_cut_at_a_word() -> None:
    assert opening_title("  First line here.\nSecond") == "First line here."
    assert opening_title("\n\n") is None
    cut = opening_title(LONG)
    assert cut is not None and cut == "word " * 17 + "word…"
