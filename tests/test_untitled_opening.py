"""A document without a title is shown by its opening words, cut by one rule everywhere.

The project page showed an untitled document by its first line cut by Jinja's ``truncate``
(``...``, with five characters' leeway), while a CoNLL import's title is the same words cut by
:func:`~annotator.core.untitled.opening_title` (at a word, ``…``, at most 90 characters):
the same text read two ways. The page now asks the rule.
"""

from __future__ import annotations

import re
from typing import Any

from annotator.core.untitled import OPENING_MAX_CHARS, opening_title
from tests.helpers import login

LONG = " ".join(["word"] * 40)  # 199 characters: cut
NEAR = "x" * 93  # within truncate's leeway, past the rule's 90


def _previews(html: str) -> list[str]:
    return re.findall(r'<span class="muted preview">([^<]*)</span>', html)


def test_the_project_page_shows_an_untitled_document_by_the_rule(
    client: Any, session: Any, make_user: Any, make_project: Any, make_document: Any
) -> None:
    make_user("root", "admin")
    project = make_project("p")
    make_document(project, f"\n\n  {LONG}  \nThe rest of it.", "long")
    make_document(project, f"{NEAR}\nThe rest.", "near")
    make_document(project, "Short and plain.", "short")
    make_document(project, "A heading", "titled", title="A heading")
    session.commit()
    login(client, "root")
    html = client.get("/projects/p").get_data(as_text=True)
    assert _previews(html) == [opening_title(LONG), opening_title(NEAR), "Short and plain."]
    assert all(len(shown) <= OPENING_MAX_CHARS for shown in _previews(html))
    assert _previews(html)[0].endswith("word…")
