"""A long span is named by both of its ends: two spans with the same start whose ends differ
must not read the same on the review page, in the curation view or in History."""

from __future__ import annotations

import html
from typing import Any

import pytest

from annotator.core.wording import span_words
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import login, review_team

CLAIM = (
    "Russia and relevant countries in the post-Soviet space have in-depth economic "
    "cooperation and cultural exchanges"
)
LONGER = CLAIM + ", and they are fluent in the same language"
TEXT = f"Putin said that {LONGER}.\n\nNobody denied it."
START = TEXT.index(CLAIM)


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    for name, words in (("alice", CLAIM), ("bob", LONGER)):
        layer = open_layer(session, users[name], doc, None)
        add_span(session, layer, "CLAIM", START, START + len(words))
    session.commit()
    return {"doc": doc}


def test_a_long_span_is_named_by_its_first_and_last_words() -> None:
    said = span_words("CLAIM", START, START + len(LONGER), TEXT)
    assert said.startswith(f"CLAIM [{START}, {START + len(LONGER)}) \u201cRussia and relevant")
    assert said.endswith("fluent in the same language\u201d")
    assert "\u2026" in said and len(said) < len(LONGER)
    short = span_words("CLAIM", 0, 5, TEXT)
    assert short == "CLAIM [0, 5) \u201cPutin\u201d"


@pytest.mark.parametrize("page", ["", "/curate"])
def test_two_claims_whose_ends_differ_read_differently_on_the_review_pages(
    client, world, page: str
) -> None:
    login(client, "rita")
    answer = client.get(f"/projects/demo/review/{world['doc'].id}{page}")
    text = html.unescape(answer.get_data(as_text=True))
    assert "CLAIM: same start; the ends are 42 characters apart" in text
    assert "cultural exchanges\u201d" in text  # alice's end
    assert "in the same language\u201d" in text  # bob's
