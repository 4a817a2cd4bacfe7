"""An admin creates a project in headless Chromium: a bad pasted schema, then a good one."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.server


def test_an_admin_creates_a_project_after_fixing_the_schema(make_user: Any, open_tab: Any) -> None:
    make_user("ada", "admin")
    tab = open_tab("ada")
    page = tab.open("/projects/new")
    page.fill("input[name=slug]", "press")
    page.fill("input[name=name]", "Press review")
    bad = {"span_labels": [{"name": "QUOTE", "color": "red"}]}
    page.fill("textarea[name=schema_text]", json.dumps(bad))
    page.fill("textarea[name=guidelines]", "Mark every *quote*.")
    page.click("input[name=submit]")
    errors = page.locator("#schema_text-errors")
    errors.wait_for(timeout=10_000)
    assert "span label QUOTE (line 1): color must look like #1f77b4" in errors.inner_text()
    # What was entered is still there, and the field says it is invalid.
    assert page.input_value("input[name=slug]") == "press"
    assert page.input_value("textarea[name=guidelines]") == "Mark every *quote*."
    assert page.get_attribute("textarea[name=schema_text]", "aria-invalid") == "true"

    page.fill("textarea[name=schema_text]", json.dumps({"span_labels": [{"name": "QUOTE"}]}))
    page.click("input[name=preview]")
    assert page.locator("#guidelines-preview em").inner_text() == "quote"
    page.click("input[name=submit]")
    page.wait_for_url("**/projects/press")
    assert page.locator("h1").inner_text() == "Press review"
    listed = tab.open("/")
    assert listed.locator("a[href='/projects/press']").count() >= 1

    settings = tab.open("/projects/press/settings")
    assert settings.locator("#schema-version").inner_text() == "1"
    assert "created" in settings.locator("table.schema-versions").inner_text()


def test_a_long_unbroken_project_name_wraps_inside_the_page(make_user: Any, open_tab: Any) -> None:
    """A name of 200 letters without a space (the longest allowed) stays on the page: the
    notice, the breadcrumbs and the heading wrap it instead of running off to the right."""
    make_user("ada", "admin")
    tab = open_tab("ada")
    page = tab.open("/projects/new")
    page.fill("input[name=slug]", "long")
    page.fill("input[name=name]", "N" * 200)
    page.click("input[name=submit]")
    page.wait_for_url("**/projects/long")
    assert page.locator("h1").inner_text() == "N" * 200
    for shown in (page, tab.open("/")):  # the project's page, and the list of projects
        widths = shown.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths


def test_the_project_page_hides_the_idle_upload_bar_and_keeps_button_words_whole(
    make_world: Any, open_tab: Any
) -> None:
    """Before any upload the upload's progress bar takes no room (it showed as an empty bar),
    and the documents table's Delete button stays on one line on a narrow window (the
    table's rule that lets names break anywhere broke it into "Del" and "ete"), while the
    table scrolls in its own box rather than widening the page."""
    make_world({"ada": "admin", "alice": "annotator"}, doc=("Moscow said no. " * 40, "n.txt"))
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    assert page.locator("[data-progress]").bounding_box() is None  # not rendered at all
    page.set_viewport_size({"width": 700, "height": 900})
    button = page.get_by_role("link", name="Delete document")
    lines = button.evaluate(
        "b => Math.round(b.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(b).lineHeight))"
    )
    assert lines == 1, lines
    # The table scrolls in its own box instead: the page itself is no wider than the window.
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def test_wide_tables_scroll_in_their_box_on_a_narrow_window(make_world: Any, open_tab: Any) -> None:
    """The agreement report's tables (and the audit log's) ran past a 640-pixel window and
    widened the whole page; every page table now scrolls inside its own box."""
    make_world({"ada": "admin", "alice": "annotator"}, doc=("Moscow said no.", "n.txt"))
    tab = open_tab("ada")
    page = tab.open("/projects/demo/agreement")
    page.set_viewport_size({"width": 640, "height": 900})
    assert page.locator(".table-scroll > table").count() >= 1
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def _on_screen(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900


def _wait_for_focus(page: Any, name: str) -> None:
    page.wait_for_function(
        "name => document.activeElement && document.activeElement.name === name",
        arg=name,
        timeout=10_000,
    )


def test_a_refused_form_opens_on_its_first_problem_not_at_the_top(
    make_user: Any, make_project: Any, open_tab: Any
) -> None:
    """Settings with a schema that breaks the rules, and a project file that is not one: the
    page comes back focused on the field that says what is wrong. Both fields sit below the
    first screen, so the page looked unchanged, as if the settings had been saved."""
    make_user("ada", "admin")
    make_project("demo")
    tab = open_tab("ada")
    page = tab.open("/projects/demo/settings")
    schema = json.loads(page.input_value("textarea[name=schema_text]"))
    schema["span_labels"][0]["color"] = "red"
    page.fill("textarea[name=schema_text]", json.dumps(schema))
    page.click("input[name=submit]")
    page.locator("#schema_text-errors").wait_for(timeout=10_000)
    _wait_for_focus(page, "schema_text")  # the browser focuses it once the page is drawn
    assert _on_screen(page, "#schema_text-errors")

    page = tab.open("/projects/new")
    page.set_input_files(
        "input[name=load-file]",
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a project file\n"},
    )
    page.click("input[name=load-load]")
    page.locator("#load-file-errors").wait_for(timeout=10_000)
    _wait_for_focus(page, "load-file")
    assert _on_screen(page, "#load-file-errors")


def test_a_team_lead_turns_suggestions_off_for_a_blind_pass_by_a_choice(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """Suggestions on, off (a blind pass) or after done were set only by editing the schema's
    JSON by hand on the settings page; they are a choice of their own now."""
    world = make_world({"ada": "admin", "alice": "annotator"}, doc=("Officials said it.", "a.txt"))
    tab = open_tab("ada")
    page = tab.open("/projects/demo/settings")
    assert page.get_by_role("radio", name="Shown from the start").is_checked()
    assert '"suggestions"' not in page.input_value("textarea[name=schema_text]")
    page.get_by_role("radio", name="Never shown: a blind pass").check()
    page.click("input[name=submit]")
    page.wait_for_url("**/projects/demo/settings")
    assert page.locator("#schema-version").inner_text() == "2"
    assert "changed suggestions" in page.locator("table.schema-versions").inner_text()
    assert page.get_by_role("radio", name="Never shown: a blind pass").is_checked()
    reader = api_as(world.tokens["alice"])
    assert reader.get("/projects/demo")["schema"]["suggestions"] == "off"
    workspace = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    assert workspace.inner_text("#suggestions-hidden").startswith(
        "Hidden: suggestions are turned off"
    )


def test_the_slug_follows_the_name_until_it_is_typed(make_user: Any, open_tab: Any) -> None:
    """Accents lose their marks, anything else becomes one dash; a slug typed by hand, or one
    shown again in a refused form, is left as it is."""
    make_user("ada", "admin")
    page = open_tab("ada").open("/projects/new")
    page.locator("input[name=name]").press_sequentially("Presse: Über Kyiv & Moskau, 2026!")
    assert page.input_value("input[name=slug]") == "presse-uber-kyiv-moskau-2026"
    page.fill("input[name=name]", "")
    page.locator("input[name=name]").press_sequentially(
        "Word " * 20
    )  # cut at the input's maxlength
    assert page.input_value("input[name=slug]") == ("word-" * 13)[:64].rstrip("-")
    page.fill("input[name=slug]", "mine")
    page.locator("input[name=name]").press_sequentially(" more")
    assert page.input_value("input[name=slug]") == "mine"

    page = open_tab("ada").open("/projects/new")
    page.locator("input[name=name]").press_sequentially("New")  # a slug the server refuses
    page.click("input[name=submit]")
    page.locator("#slug-errors").wait_for(timeout=10_000)
    page.locator("input[name=name]").press_sequentially(" desk")
    assert page.input_value("input[name=slug]") == "new"
