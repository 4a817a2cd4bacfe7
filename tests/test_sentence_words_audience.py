"""A sentence in a message shared by the API and the pages: the API says its index (from 0, as
its bodies give ``sentence``), a page its number from 1 (as the workspace shows it); one rule,
:func:`annotator.core.wording.sentence_said`, asked by who reads."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.wording import sentence_pair_said, sentence_said
from annotator.services.review.history import document_history
from tests.api_world import World, build_world
from tests.helpers import login


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def test_the_api_counts_from_0_and_a_page_from_1() -> None:
    assert (sentence_said(0, "api"), sentence_said(0, "page")) == ("sentence 0", "sentence 1")
    assert (sentence_said(4, "api"), sentence_said(4, "page")) == ("sentence 4", "sentence 5")


def test_two_sentences_are_counted_by_the_same_rule() -> None:
    assert sentence_pair_said(1, 2, "page") == "sentences 2 and 3"
    assert sentence_pair_said(1, 2, "api") == "sentences 1 and 2"


def _label(world: World, sentence: int, value: str) -> None:
    body = {"sentence": sentence, "name": "stance", "value": value}
    answer = world.call("alice", "PUT", f"/documents/{world.doc.id}/labels", body)
    assert answer.status_code == 200, answer.get_json()


def test_a_label_changes_words_and_restore_refusal_count_by_audience(
    world: World, session: Any, client: Any, make_user: Any
) -> None:
    _label(world, 1, "FAVOR")
    _label(world, 1, "AGAINST")
    _label(world, 1, "FAVOR")  # back as the update's before: restoring it is refused
    rita = world.users["rita"]
    session.expire_all()
    page = document_history(session, rita, world.doc, "alice", per_page=500).changes
    api = document_history(session, rita, world.doc, "alice", per_page=500, audience="api")
    update = next(c for c in api.changes if c.kind == "label" and c.after["value"] == "AGAINST")
    on_page = next(c for c in page if c.id == update.id)
    assert update.after_text == "stance = AGAINST (sentence 1)"
    assert on_page.after_text == "stance = AGAINST (sentence 2)"

    # The API's history and restore say the index; the page's the number.
    changes = world.call(
        "rita", "GET", f"/projects/demo/documents/{world.doc.id}/history?annotator=alice"
    )
    listed = next(c for c in changes.get_json()["changes"] if c["id"] == update.id)
    assert listed["summary"]["after"] == "stance = AGAINST (sentence 1)"
    refused = world.call(
        "rita", "POST", f"/projects/demo/documents/{world.doc.id}/history/{update.id}/restore"
    )
    assert refused.status_code == 409
    assert refused.get_json()["error"]["message"].startswith(
        "sentence 1 holds stance = 'FAVOR' already"
    )
    assert listed["not_restorable"].startswith("sentence 1 holds stance = 'FAVOR' already")
    make_user("rex", "reviewer")  # the world's users have no password
    login(client, "rex")
    shown = client.get(f"/projects/demo/review/{world.doc.id}/history?annotator=alice").get_data(
        as_text=True
    )
    assert "stance = AGAINST (sentence 2)" in shown
    assert "sentence 2 holds stance = &#39;FAVOR&#39; already" in shown
