"""A manager changes a sentence label's target and keys, and adds a span attribute, on the
labels page; annotators then see them in the workspace."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


def _not_wider_than_the_window(page: Any) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def test_a_sentence_label_s_target_and_keys_reach_the_workspace(
    make_world: Any, open_tab: Any
) -> None:
    """A key already taken is said at its value's key field, with what was typed kept; once
    saved, the workspace names the new target and shows the new key."""
    world = make_world({"ada": "admin", "alice": "annotator"}, doc=("Moscow said no.", "n.txt"))
    page = open_tab("ada").open("/projects/demo/labels")
    page.get_by_role("link", name="Edit the sentence label stance").click()
    page.wait_for_url("**/labels/fields/edit?field=stance")
    page.get_by_label("Target").fill("NATO")
    page.get_by_role("group", name="Keys").get_by_label("AGAINST").fill("c")  # CLAIM's
    page.click("input[value='Save settings']")
    errors = page.locator("#keys-1-errors")
    errors.wait_for(timeout=10_000)
    assert "key 'c' is already used by span label CLAIM" in errors.inner_text()
    assert page.input_value("#target") == "NATO"
    assert page.input_value("#keys-1") == "c"
    page.set_viewport_size({"width": 390, "height": 844})
    _not_wider_than_the_window(page)
    page.get_by_role("group", name="Keys").get_by_label("AGAINST").fill("v")
    page.click("input[value='Save settings']")
    said = "The settings of the sentence label stance are saved"
    page.locator(".flash", has_text=said).wait_for(timeout=10_000)
    # One live region says it (a screen reader reads it once): the flashes' status region,
    # the flash inside it being no region of its own.
    regions = "[role=status], [role=alert], [role=log], [aria-live]"
    assert page.locator(regions, has_text=said).count() == 1
    assert page.locator(".flash", has_text=said).count() == 1
    assert page.input_value("#keys-1") == "v"

    workspace = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    row = workspace.locator(".field-row[data-field=stance]")
    row.wait_for(timeout=10_000)
    assert "stance (NATO)" in row.locator(".field-row__name").inner_text()
    assert row.locator("button.value", has_text="AGAINST").locator("kbd").last.inner_text() == "v"


def test_an_attribute_is_added_on_a_span_label_s_page(make_world: Any, open_tab: Any) -> None:
    """Folded until opened; a refused one opens again at its field, what was typed kept."""
    make_world({"ada": "admin"})
    page = open_tab("ada").open("/projects/demo/labels/edit?label=SOURCE")
    page.click("text=Add an attribute")
    page.fill("#attribute-name", "kind")
    page.click("input[value='Add attribute']")
    errors = page.locator("#attribute-values-errors")
    errors.wait_for(timeout=10_000)
    assert "'values' must be a non-empty list" in errors.inner_text()
    assert page.input_value("#attribute-name") == "kind"
    page.fill("#attribute-values", "PERSON\nORGANISATION")
    page.click("input[value='Add attribute']")
    page.wait_for_url("**/labels/edit?label=SOURCE#attributes")
    item = page.locator(".attribute-list li", has_text="kind")
    assert "PERSON, ORGANISATION" in item.inner_text()
    item.get_by_role("link", name="Edit the attribute SOURCE.kind").click()
    page.wait_for_url("**/labels/fields/edit?field=SOURCE.kind")
    assert page.locator("#target").count() == 0 and page.locator("#keys").count() == 0


def test_a_sentence_label_is_renamed_on_its_page_keeping_what_annotators_gave(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """A name taken is said at the name, what was typed kept; a free one renames the label
    in every layer: the page moves to it, and alice's label reads back under it."""
    world = make_world({"ada": "admin", "alice": "annotator"}, doc=("Moscow said no.", "n.txt"))
    alice = api_as(world.tokens["alice"])
    alice.write(
        "PUT",
        f"/documents/{world.doc.id}/labels",
        {"sentence": 0, "name": "stance", "value": "AGAINST"},
    )
    page = open_tab("ada").open("/projects/demo/labels/fields/edit?field=stance")
    assert page.input_value("#name") == "stance"
    page.fill("#name", "bias")
    page.click("input[value='Save settings']")
    errors = page.locator("#name-errors")
    errors.wait_for(timeout=10_000)
    assert "the name 'bias' is taken by another sentence label" in errors.inner_text()
    assert "renames." not in errors.inner_text()  # the API's field, which this page has not
    assert page.input_value("#name") == "bias"
    page.fill("#name", "position")
    page.click("input[value='Save settings']")
    page.wait_for_url("**/labels/fields/edit?field=position")
    page.locator(".flash, [role=status]", has_text="stance is now position").first.wait_for(
        timeout=10_000
    )
    assert page.input_value("#name") == "position"
    labels = alice.layer(world.doc.id)["sentence_labels"]
    assert labels == [{"sentence": 0, "name": "position", "value": "AGAINST"}]
