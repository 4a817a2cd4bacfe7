"""The review page of a document whose gold is final offers no edit of gold, nor says how to
make one: the sentence tools and the words that explain them go together."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.helpers import login

EXPLAINED = "Wrong boundaries?"


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _page(world: World, client: Any, make_user: Any) -> str:
    make_user("rhea", "reviewer")  # with a password, to sign in to the pages
    login(client, "rhea")
    answer = client.get(f"/projects/demo/review/{world.doc.id}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_the_review_page_explains_the_sentence_tools_while_gold_is_open(
    world: World, client: Any, make_user: Any
) -> None:
    page = _page(world, client, make_user)
    assert EXPLAINED in page and 'id="sentence-tools"' in page


def test_final_gold_review_page_hides_the_sentence_tools_and_their_explanation(
    world: World, client: Any, make_user: Any
) -> None:
    status = {"status": "final", "unanimous": "leave"}
    path = f"/projects/demo/review/{world.doc.id}/status"
    assert world.call("rita", "PUT", path, status).status_code == 200
    page = _page(world, client, make_user)
    assert 'id="gold-final"' in page  # the page knows gold is final
    assert 'id="sentence-tools"' not in page
    assert EXPLAINED not in page
