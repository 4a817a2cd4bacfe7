"""On a phone the workspace's header leaves the window to the text: the site's header is one
line, its account links behind a menu, the title one smaller line, the bar's controls close
together; every control still reachable.

At 390x844 the header (the site's, the title, the bar) took 375 of 844 pixels before the
text's first line."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TITLE = (
    "Vladimir Putin's Admission of Soviet Invasions Raises Questions about Russia's Foreign Policy"
)


@pytest.fixture
def world(make_world: Any) -> Any:
    text = statements(30)
    return make_world(
        {"alice": "annotator"},
        schema={**SEED_SCHEMA, "guidelines": "Mark every claim with its source."},
        first=(text, "first.txt", {"title": TITLE}),
        second=(text, "second.txt", {"title": "Second"}),
    )


def reachable(page: Any, selector: str) -> bool:
    """Whether every control ``selector`` finds (one at least) is on screen and not covered."""
    found = page.locator(selector)
    return found.count() > 0 and all(
        page.evaluate(REACHABLE_JS, found.nth(i).element_handle()) for i in range(found.count())
    )


def test_a_phone_shows_the_text_high_up_and_every_control_stays_reachable(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice", touch=True)
    page = tab.page
    page.set_viewport_size(PHONE)
    page = tab.open(f"/projects/demo/documents/{world.first.id}")
    top = page.evaluate("() => document.querySelector('#text').getBoundingClientRect().top")
    assert top <= 200, top
    # The bar's controls and the ways out, each on screen and not covered.
    for selector in (
        ".brand",
        ".site-nav a",
        ".ws-bar .breadcrumbs a",
        "#next-doc",
        "#show-guidelines",
        "#show-history",
        "#mark-done",
        "#mark-skip",
        "#show-help",
        "#undo",
        "#redo",
    ):
        assert reachable(page, selector), selector
    # The account's links are behind the menu: one tap opens it, each is then reachable.
    for name in ("Password", "API tokens", "API", "Log out"):
        assert (
            not page.get_by_role("link", name=name, exact=True)
            .or_(page.get_by_role("button", name=name, exact=True))
            .is_visible()
        )
    page.locator(".account-toggle").tap()
    for selector in (
        ".account a[href$='/account/password']",
        ".account a[href$='/account/tokens']",
        ".account a[href$='/api/v1/docs']",
        ".account button[type=submit]",
    ):
        assert reachable(page, selector), selector
    assert "alice" in page.locator(".account").inner_text()
    # The title is there whole for whoever asks (its tooltip, a screen reader).
    assert page.locator(".ws-bar h1").get_attribute("title") == TITLE
    assert page.locator(".ws-bar h1").text_content() == TITLE
    page.locator(".account a[href$='/account/tokens']").tap()
    page.wait_for_url("**/account/tokens")


def test_a_wide_window_keeps_the_account_links_in_the_header(world: Any, open_tab: Any) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.first.id}")
    assert not page.locator(".account-toggle").is_visible()
    for selector in (".account a[href$='/account/password']", ".account button[type=submit]"):
        assert reachable(page, selector), selector


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("rita", "/projects/demo/review"),
        ("rita", "/projects"),
        ("ada", "/admin/users"),
        ("ada", "/account/tokens"),
    ],
)
def test_every_page_keeps_the_site_header_one_line_on_a_phone(
    make_world: Any, open_tab: Any, username: str, path: str
) -> None:
    """The account's links fold behind the menu on every page, not only the workspace's: the
    review list's header took three lines (145 of 844 pixels), an admin's nav included."""
    make_world({"alice": "annotator", "rita": "reviewer", "ada": "admin"}, doc=("One.", "a.txt"))
    tab = open_tab(username, touch=True)
    page = tab.page
    page.set_viewport_size(PHONE)
    page.goto(tab.server.url + path)
    header = page.evaluate("() => document.querySelector('.site-header').offsetHeight")
    assert header <= 50, header
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for selector in (".brand", ".site-nav a", ".account-toggle"):
        assert reachable(page, selector), selector
    # Every link of the nav whole, none cut at the menu's edge (the nav may scroll sideways
    # only on a window narrower than a phone's).
    nav = page.locator(".site-nav")
    assert nav.evaluate("(n) => n.scrollWidth - n.clientWidth") <= 1
    assert not page.locator(".account a[href$='/account/password']").is_visible()
    page.locator(".account-toggle").tap()
    for selector in (".account a[href$='/account/password']", ".account button[type=submit]"):
        assert reachable(page, selector), selector
    assert not tab.errors
