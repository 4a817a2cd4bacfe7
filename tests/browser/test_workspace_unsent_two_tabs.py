"""Two tabs on one document and layer each keep their own offline writes: both outlive the
tabs and go once, whichever tab kept them.

Found in use: two tabs open on a document, the connection down, a span marked in one and a
stance set in the other; both tabs closed, the document opened again, and only one of the two
was saved. Each tab wrote the whole list of kept writes under the document's one key, its own
writes over the other's.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.kept_writes import (
    KEPT_JS,
    TEXT,
    mark_source,
    no_network_errors,
    reopen,
    spans,
    stance,
    stance_favor_on_sentence_2,
    writes_fail,
)

pytestmark = pytest.mark.server


def _writes_sent(page: Any) -> list[str]:
    """Record the method and path of each write the page sends from now on."""
    sent: list[str] = []

    def record(route: Any) -> None:
        if route.request.method != "GET":
            sent.append(f"{route.request.method} {route.request.url}")
        route.continue_()

    page.route("**/api/v1/**", record)
    return sent


def test_the_offline_writes_of_two_tabs_on_one_document_are_both_sent_once(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    first = tab.open(f"/projects/demo/documents/{doc}")
    second = reopen(tab, doc)
    first.context.set_offline(True)
    mark_source(first)
    first.locator("#save-state[data-state='retrying']").wait_for(timeout=10_000)
    stance_favor_on_sentence_2(second)
    second.locator("#save-state[data-state='retrying']").wait_for(timeout=10_000)
    # Each tab's write kept, neither over the other's.
    first.wait_for_function(f"() => ({KEPT_JS})().sort().join() === '1,1'", timeout=10_000)
    first.close()
    second.close()

    tab.page.context.set_offline(False)
    page = tab.page.context.new_page()
    sent = _writes_sent(page)
    page.goto(f"{tab.server.url}/projects/demo/documents/{doc}")
    page.wait_for_selector("#workspace[data-ready='true']", timeout=20_000)
    assert spans(api, doc) == [("SOURCE", 0, 9)]
    assert stance(api, doc) == [(1, "FAVOR")]
    assert len(sent) == 2, sent  # once each
    assert "Saved 2 changes made before this page was last closed." in page.inner_text("#notice")
    assert page.evaluate(KEPT_JS) == []
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert len(sent) == 2, sent  # and not again
    no_network_errors(tab)


def test_a_tab_opening_leaves_the_kept_writes_of_a_tab_still_open_to_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """The tab that kept them sends them once its connection is back; the one opening meanwhile
    sends none of them (it shows the layer as the server has it)."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    first = tab.open(f"/projects/demo/documents/{doc}")
    writes_fail(first)
    mark_source(first)
    first.wait_for_function(f"() => ({KEPT_JS})().join() === '1'", timeout=10_000)

    second = tab.page.context.new_page()
    sent = _writes_sent(second)
    second.goto(f"{tab.server.url}/projects/demo/documents/{doc}")
    second.wait_for_selector("#workspace[data-ready='true']", timeout=20_000)
    assert sent == []
    assert spans(api, doc) == []
    assert first.evaluate(KEPT_JS) == [1]  # still the first tab's

    first.unroute("**/api/v1/**")  # its connection back: its retry goes
    tab.wait_saved()
    assert spans(api, doc) == [("SOURCE", 0, 9)]
    assert first.evaluate(KEPT_JS) == []
    first.close()
    second.reload()
    second.wait_for_selector("#workspace[data-ready='true']")
    assert sent == []
    assert spans(api, doc) == [("SOURCE", 0, 9)]
    tab.errors[:] = [e for e in tab.errors if "ERR_FAILED" not in e]
