"""A workspace left open overnight: its login session ended (logged out in another tab, timed
out, or logged in again elsewhere). A save then failed with the API's words for it ("log in or
send 'Authorization: Bearer TOKEN'", "CSRF check failed: The CSRF tokens do not match.") in a
message that went away after a few seconds, saying nothing of what to do. The page now says
that the session ended and offers the way back: log in again (back to this document), or
reload the page.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. Nobody else spoke."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))


def log_in(page: Any) -> None:
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def log_out_elsewhere(tab: Any, *, again: bool) -> None:
    """Log out in another tab of the same browser (and, with ``again``, back in)."""
    other = tab.page.context.new_page()
    other.goto(tab.server.url + "/projects/demo")
    other.click("text=Log out")
    # The logout's redirect landed before the page is closed: closing a page in the middle of
    # its navigation hung Playwright's close() (seen once in eight runs on PostgreSQL).
    other.wait_for_url(lambda url: "/auth/login" in url, timeout=10_000)
    other.wait_for_load_state("load", timeout=10_000)
    if again:
        log_in(other)
        other.wait_for_url(lambda url: "/auth/login" not in url, timeout=10_000)
        other.wait_for_load_state("load", timeout=10_000)
    other.close()


def make_a_span(page: Any) -> None:
    page.keyboard.press("ArrowRight")
    page.keyboard.press("s")


def test_a_save_after_the_session_ended_says_to_log_in_and_leads_back(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    path = f"/projects/demo/documents/{world.doc.id}"
    page = tab.open(path)
    log_out_elsewhere(tab, again=False)
    make_a_span(page)
    tab.wait_saved()
    box = page.locator("#signed-out")
    box.wait_for(state="visible")
    assert "logged out" in box.inner_text()
    # The bar's saved state says it in the page's words too, not the API's.
    assert "logged out" in page.inner_text("#save-state")
    assert "Bearer" not in box.inner_text() + page.inner_text("#save-state")
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["spans"] == []
    # A label value refused so is not shown as set (reading the layer again failed too).
    value = page.locator("#sentence-fields button.value").first
    value.click()
    tab.wait_saved()
    page.wait_for_function("() => !document.querySelector('#sentence-fields button.value.is-on')")
    assert value.get_attribute("aria-pressed") == "false"
    # Still there a while later: the way back is not a passing message.
    page.wait_for_timeout(3000)
    assert box.is_visible()
    page.click("#signed-out-action")
    page.wait_for_url(lambda url: "/auth/login" in url)
    log_in(page)
    page.wait_for_url(lambda url: url.endswith(path))
    page.wait_for_selector("#workspace[data-ready='true']")
    make_a_span(page)
    tab.wait_saved()
    assert [s["text"] for s in api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]] == [
        "Officials"
    ]


def test_a_save_after_logging_in_again_elsewhere_says_to_reload(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    log_out_elsewhere(tab, again=True)
    make_a_span(page)
    tab.wait_saved()
    box = page.locator("#signed-out")
    box.wait_for(state="visible")
    assert "CSRF" not in box.inner_text()
    assert page.inner_text("#signed-out-action") == "Reload"
    page.click("#signed-out-action")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert not page.locator("#signed-out").is_visible()
    make_a_span(page)
    tab.wait_saved()
    assert len(api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]) == 1
