"""Suggestions reach annotators by choice, not by surprise, in a browser: the model page says
who will see what Suggest now writes before the click and asks first when an annotator would
see it mid-document; the new-project page asks how annotators see suggestions."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.browser_helpers import SHOTS
from tests.extras import need

need("requests")

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed. Moscow denied it."


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_suggest_now_asks_first_when_an_annotator_is_mid_document(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt"))
    alice, rita = api_as(world.tokens["alice"]), api_as(world.tokens["rita"])
    # Her first span: the document is in progress, she is in the middle of it.
    cue = {"label": "CUE", "start": 10, "end": 14}
    alice.write("POST", f"/documents/{world.doc.id}/spans", cue)
    tab = open_tab("rita")
    page = tab.open("/projects/demo/suggestions/model")
    said = page.locator("#suggest-audience").inner_text()
    assert said == (
        "Annotators see suggestions from the start in this project: 1 annotator with open "
        "documents will see them next time they open one, 1 of them in the middle of a "
        "document. Reviewers see them too."
    )
    page.click("button:has-text('Suggest now')")
    confirm = page.locator("#suggest-confirm")
    confirm.wait_for(timeout=10_000)
    assert confirm.get_attribute("role") == "alertdialog"
    assert "Annotators would see them while annotating." in confirm.inner_text()
    _shot(page, "suggest-now-asks-first.png")
    assert page.locator(".flash").count() == 0  # nothing queued, nothing said as done
    assert rita.get(f"/documents/{world.doc.id}/suggestions")["spans"] == []
    confirm.locator("input[name=confirm]").click()
    flashed = page.locator(".flash").first.inner_text()
    assert flashed.startswith("Suggesting for every document of the project. Annotators see")
    deadline = time.monotonic() + 60
    while not rita.get(f"/documents/{world.doc.id}/suggestions")["spans"]:
        assert time.monotonic() < deadline, "no suggestions written within a minute"
        time.sleep(0.2)
    assert tab.errors == []


def test_a_new_project_asks_how_annotators_see_suggestions_and_suggest_now_then_runs(
    make_user: Any, make_token: Any, open_tab: Any, api_as: Any
) -> None:
    """Made with the page's default (after done), nobody sees suggestions while annotating:
    Suggest now runs at the first click, saying so."""
    ada = make_user("ada", "admin")
    tab = open_tab("ada")
    page = tab.open("/projects/new")
    assert page.get_by_role("radio", name="Shown once the annotator has marked").is_checked()
    for mode in ("after_done", "off", "on"):
        assert page.locator(f"#suggestions-why-{mode}").is_visible()
    assert page.get_by_role("radio", name="Shown from the start").get_attribute(
        "aria-describedby"
    ) == ("suggestions-why-on")
    page.locator("fieldset.suggestion-choice").scroll_into_view_if_needed()
    _shot(page, "new-project-suggestions.png")
    page.fill("input[name=name]", "Press review")
    page.click("input[name=submit]")
    page.wait_for_url("**/projects/press-review")
    reader = api_as(make_token(ada))
    assert reader.get("/projects/press-review")["schema"]["suggestions"] == "after_done"
    page = tab.open("/projects/press-review/suggestions/model")
    assert (
        page.locator("#suggest-audience")
        .inner_text()
        .startswith("Annotators see suggestions only on documents they have marked done:")
    )
    page.click("button:has-text('Suggest now')")
    assert page.locator(".flash").first.inner_text().startswith("Suggesting for every document")
    assert page.locator("#suggest-confirm").count() == 0
    assert tab.errors == []
