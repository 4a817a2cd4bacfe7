"""The curation view: after a version is accepted into gold, the page comes back at the next
difference to decide, and the confirmation is said in the difference it is about (decided
now, just above), on screen, not at the page's top that the page scrolled away from.

It was said in the next difference's card, which it was not about."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, statements

pytestmark = pytest.mark.server

#: Many sentences, so that the differences near the end are far below the page's top.
TEXT = statements(40)


def _in_window(page: Any, selector: str) -> bool:
    """Whether the element is on screen: in the window and in the list's scrolled box."""
    return bool(
        page.eval_on_selector(
            selector,
            """node => { const box = node.getBoundingClientRect();
              const list = node.closest('.curation__differences');
              const frame = list ? list.getBoundingClientRect() : { top: 0, bottom: innerHeight };
              return box.height > 0 && box.top >= Math.max(0, frame.top) - 1
                && box.bottom <= Math.min(innerHeight, frame.bottom) + 1; }""",
        )
    )


@pytest.mark.parametrize("width", [1366, PHONE["width"]])
def test_the_confirmation_is_where_the_reviewer_is(
    make_world: Any, server: Any, open_tab: Any, api_as: Any, width: int
) -> None:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        doc=(TEXT, "long.txt"),
    )
    doc = world.doc.id
    sentences = api_as(world.tokens["rita"]).get(f"/documents/{doc}")["sentences"]
    # A span only alice marked in every sentence: a difference in each, far down the page.
    for sentence in sentences:
        body = {"label": "SOURCE", "start": sentence["start"], "end": sentence["start"] + 9}
        api_as(world.tokens["alice"]).write("POST", f"/documents/{doc}/spans", body)
    # bob's layer is started (a stance), so that it is compared with alice's.
    api_as(world.tokens["bob"]).write(
        "PUT", f"/documents/{doc}/labels", {"sentence": 0, "name": "stance", "value": "NONE"}
    )
    tab = open_tab("rita")
    page = tab.page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    page.wait_for_selector(".cur-diff--focus")
    for _ in range(30):  # the reviewer has worked her way down the document
        page.keyboard.press("n")
    first = page.locator(".cur-diff--focus").get_attribute("data-number")
    assert first == "31"
    page.keyboard.press("1")  # alice's version of the focused difference into gold
    page.wait_for_selector(f"#diff-{first}.cur-diff--decided")
    page.wait_for_selector(".cur-diff--focus")  # the page's script has run
    confirmation = page.locator(".flash", has_text="into gold")
    assert confirmation.count() == 1
    assert _in_window(page, ".flash"), "the confirmation is off screen"
    # It is said in the difference it is about, not in the one the page came back to.
    assert page.locator(f"#diff-{first} .flash").count() == 1
    assert page.locator(".flash").inner_text().startswith(f"Difference {first}: Accepted")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "32"
    assert page.locator(".cur-diff--focus .flash").count() == 0
    assert _in_window(page, ".cur-diff--focus .cur-diff__head")  # the next one's too

    # Reopened (u on it), the difference is focused again, and the confirmation is its own.
    page.locator(f"#diff-{first} .cur-diff__number").click()
    page.keyboard.press("u")
    page.wait_for_selector(f"#diff-{first}.cur-diff--open.cur-diff--focus")
    assert page.locator(f"#diff-{first} .flash", has_text="Reopened").count() == 1
    assert _in_window(page, ".flash")

    # None of these (0): said in the difference decided, the page on the next one.
    page.keyboard.press("0")
    page.wait_for_selector(f"#diff-{first}.cur-diff--decided")
    page.wait_for_selector(".cur-diff--focus")
    assert page.locator(f"#diff-{first} .flash", has_text="none of its versions").count() == 1
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "32"
    assert _in_window(page, ".flash")
