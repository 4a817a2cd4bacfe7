"""Coming back to a long document: the sentence the workspace opens at is the one shown as
current, on screen, and the one the keys act on.

A long article (five blocks of sentences drawn as they come near, beyond the resume test's
one): the sentence opened at is on screen, `j` goes to the next and a value key labels it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements

pytestmark = pytest.mark.server

TEXT = statements(200)
SENTENCE = "Officials said in statement {n} that the border was closed."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, long=(TEXT, "long.txt"))


@pytest.mark.parametrize("size", [None, PHONE], ids=["desktop", "phone"])
def test_the_resumed_sentence_is_in_sight_and_the_keys_go_on_from_it(
    world: Any, open_tab: Any, api_as: Any, size: dict[str, int] | None
) -> None:
    api = api_as(world.tokens["alice"])
    doc = world.long.id
    api.write(
        "PUT", f"/documents/{doc}/labels", {"sentence": 150, "name": "stance", "value": "NONE"}
    )
    tab = open_tab("alice", touch=bool(size))
    if size:
        tab.page.set_viewport_size(size)
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.wait_for_timeout(500)  # blocks off screen laid out as they come near
    current = page.locator("#text .sent.is-current")
    assert current.get_attribute("data-i") == "150"
    assert page.evaluate(REACHABLE_JS, current.element_handle())
    page.keyboard.press("j")
    assert page.inner_text("#sentence-number") == "152"
    page.keyboard.press("f")  # FAVOR, on the sentence in sight
    tab.wait_saved()
    labels = api.layer(doc)["sentence_labels"]
    assert {(label["sentence"], label["value"]) for label in labels} == {
        (150, "NONE"),
        (151, "FAVOR"),
    }
    assert not tab.errors
