"""Coming back to a document: the workspace opens where its layer was last changed.

An annotator who stopped half-way through a long article yesterday opened it again at its
first sentence, at the top of the page, and had to scroll and read to find her place.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements

pytestmark = pytest.mark.server

TEXT = statements(40)
SENTENCE = "Officials said in statement {n} that the border was closed."


def offset_of(n: int) -> int:
    """Where statement ``n`` (sentence ``n + 1``) starts in TEXT."""
    return TEXT.index(SENTENCE.format(n=n))


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "rita": "reviewer"},
        long=(TEXT, "long.txt"),
        fresh=(TEXT, "fresh.txt"),
    )


def current_row(page: Any) -> Any:
    return page.locator("#text .sent.is-current")


@pytest.mark.parametrize("size", [None, PHONE], ids=["desktop", "phone"])
def test_the_workspace_opens_at_the_sentence_last_changed(
    world: Any, open_tab: Any, api_as: Any, size: dict[str, int] | None
) -> None:
    api = api_as(world.tokens["alice"])
    doc = world.long.id
    start = offset_of(5)
    api.write(
        "POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": start, "end": start + 9}
    )
    # The newest change: a label of sentence 31 (index 30).
    api.write(
        "PUT", f"/documents/{doc}/labels", {"sentence": 30, "name": "stance", "value": "NONE"}
    )
    tab = open_tab("alice", touch=bool(size))
    if size:
        tab.page.set_viewport_size(size)
    page = tab.open(f"/projects/demo/documents/{doc}")
    assert page.inner_text("#sentence-number") == "31"
    assert "statement 30 " in current_row(page).inner_text()
    assert page.evaluate(REACHABLE_JS, current_row(page).element_handle())
    # The keys go on from there.
    page.keyboard.press("j")
    assert page.inner_text("#sentence-number") == "32"


def test_a_span_changed_last_brings_its_sentence_and_gold_its_own(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.long.id
    alice = api_as(world.tokens["alice"])
    alice.write(
        "PUT", f"/documents/{doc}/labels", {"sentence": 2, "name": "stance", "value": "NONE"}
    )
    start = offset_of(20)
    alice.write(
        "POST", f"/documents/{doc}/spans", {"label": "CUE", "start": start + 10, "end": start + 14}
    )
    rita = api_as(world.tokens["rita"])
    gold = f"/documents/{doc}/labels?layer=gold"
    rita.write("PUT", gold, {"sentence": 12, "name": "bias", "value": "BIASED"})
    page = open_tab("alice").open(f"/projects/demo/documents/{doc}")
    assert page.inner_text("#sentence-number") == "21"
    reviewer = open_tab("rita")
    page = reviewer.open(f"/projects/demo/documents/{doc}?layer=gold")
    assert page.inner_text("#sentence-number") == "13"
    # Reading alice's layer is reading it from the start.
    page = reviewer.open(f"/projects/demo/documents/{doc}?annotator=alice")
    assert page.inner_text("#sentence-number") == "1"


def test_a_document_never_changed_opens_at_its_start(world: Any, open_tab: Any) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.fresh.id}")
    assert page.inner_text("#sentence-number") == "1"
    assert page.evaluate("window.scrollY") == 0
