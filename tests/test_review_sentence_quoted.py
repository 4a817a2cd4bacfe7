"""A sentence label's difference on the review page quotes its sentence.

Found by an analyst reviewing stance: "Sentence label mismatch · sentence 3 - stance: alice=AGAINST,
bob=FAVOR" gave no words to judge the stances on; the reviewer had to open the curation view.
The section now quotes the sentence (escaped, as all text is).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from tests.helpers import login, review_team
from tests.review_world import build_disagreement


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    # A second sentence's stances apart too, its words holding markup to escape.
    for name, value in (("alice", "FAVOR"), ("bob", "AGAINST")):
        set_label(session, world["layers"][name], 1, "stance", value)
    session.commit()
    return world


def _sections(page: str, kind: str) -> list[str]:
    return re.findall(rf'<section class="difference difference--{kind}.*?</section>', page, re.S)


def test_each_label_difference_quotes_its_own_sentence(client: Any, world: dict[str, Any]) -> None:
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{world['doc'].id}").get_data(as_text=True)
    quoted = [
        re.findall(r'<blockquote class="difference__sentence" dir="auto">(.*?)</blockquote>', s)
        for s in _sections(page, "sentence_label")
    ]
    assert quoted == [["Officials said the talks failed."], ["Moscow denied it strongly."]]
    # Span differences quote nothing: their versions are the words.
    assert all("difference__sentence" not in s for s in _sections(page, "boundary"))


def test_the_quoted_sentence_is_escaped(
    session, client, make_user, make_project, make_document, assign
) -> None:
    project = make_project("demo")
    doc = make_document(project, "<b>Moscow</b> & Kyiv disagreed.", external_id="d2")
    users = review_team(make_user, assign, doc)
    for name, value in (("alice", "FAVOR"), ("bob", "AGAINST")):
        set_label(session, open_layer(session, users[name], doc, None), 0, "stance", value)
    session.commit()
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True)
    (section,) = _sections(page, "sentence_label")
    assert "&lt;b&gt;Moscow&lt;/b&gt; &amp; Kyiv disagreed." in section
    assert "<b>Moscow</b>" not in section
