"""A manager adds and edits span labels on the labels page; annotators then mark with them."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


def test_a_label_added_in_the_browser_is_in_the_annotators_palette(
    make_world: Any, open_tab: Any
) -> None:
    """The colour comes from the colour picker's value, the key from its field; a key already
    taken is said at the key field first, with what was typed kept."""
    world = make_world({"ada": "admin", "alice": "annotator"}, doc=("Moscow said no.", "n.txt"))
    page = open_tab("ada").open("/projects/demo")
    page.click("nav.project-nav >> text=Labels")
    page.click("text=Add a span label")
    page.fill("#span_labels-name", "QUOTE")
    page.fill("#span_labels-key", "c")  # CLAIM's
    page.fill("#span_labels-color", "#aa3300")
    page.click("input[value='Add span label']")
    errors = page.locator("#span_labels-key-errors")
    errors.wait_for(timeout=10_000)
    assert "key 'c' is already used by" in errors.inner_text()
    assert page.input_value("#span_labels-name") == "QUOTE"
    assert page.input_value("#span_labels-color") == "#aa3300"
    page.fill("#span_labels-key", "u")
    page.click("input[value='Add span label']")
    page.wait_for_url("**/projects/demo/labels")
    row = page.locator("table.span-labels tr", has_text="QUOTE")
    assert row.locator("kbd").inner_text() == "u"
    assert row.locator("rect").get_attribute("fill") == "#aa3300"

    workspace = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    item = workspace.locator(".palette__item", has_text="QUOTE")
    item.wait_for(timeout=10_000)
    assert item.locator("kbd").inner_text() == "u"
    colour = item.locator(".swatch").evaluate("s => getComputedStyle(s).getPropertyValue('--c')")
    assert colour.strip() == "#aa3300"


def test_the_labels_table_keeps_its_edit_buttons_on_a_phone(make_world: Any, open_tab: Any) -> None:
    """Stacked on a narrow window: every Edit button is on screen, the page not wider."""
    make_world({"ada": "admin"})
    page = open_tab("ada").open("/projects/demo/labels")
    page.set_viewport_size({"width": 390, "height": 844})
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    for box in (b.bounding_box() for b in page.get_by_role("link", name="Edit label").all()):
        assert box is not None and box["x"] + box["width"] <= 390, box


def test_a_relation_type_is_added_by_ticking_its_ends(make_world: Any, open_tab: Any) -> None:
    """The span labels at each end are checkboxes in a fieldset named by its legend; a type
    with no end ticked is refused at that end, with what was typed kept."""
    make_world({"ada": "admin"})
    page = open_tab("ada").open("/projects/demo/labels")
    page.click("text=Add a relation type")
    page.fill("#relation_types-name", "QUOTED_BY")
    page.get_by_role("group", name="From").get_by_label("CLAIM").check()
    page.click("input[value='Add relation type']")
    errors = page.locator("#relation_types-to_labels-errors")
    errors.wait_for(timeout=10_000)
    assert "'to' must be a non-empty list" in errors.inner_text()
    assert page.input_value("#relation_types-name") == "QUOTED_BY"
    assert page.get_by_role("group", name="From").get_by_label("CLAIM").is_checked()
    page.get_by_role("group", name="To").get_by_label("SOURCE").check()
    page.click("input[value='Add relation type']")
    page.wait_for_url("**/projects/demo/labels")
    row = page.locator("table.relation-types tr", has_text="QUOTED_BY")
    assert row.locator("[data-label=From]").inner_text() == "CLAIM"
    assert row.locator("[data-label=To]").inner_text() == "SOURCE"


def test_a_refused_removal_on_a_phone_opens_at_its_message(make_world: Any, open_tab: Any) -> None:
    """The refusal is said beside the Remove button, at the foot of the page: on a phone the
    page opened at its top, the message below the fold, as if nothing had happened."""
    make_world({"ada": "admin"})
    page = open_tab("ada").open("/projects/demo/labels/edit?label=CLAIM")
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("input[value='Remove span label']")
    message = page.locator(".form-error")
    message.wait_for(timeout=10_000)
    assert "Not removed" in message.inner_text()  # relation types name CLAIM
    page.wait_for_function(
        "value => document.activeElement && document.activeElement.value === value",
        arg="Remove span label",
        timeout=10_000,
    )
    box = message.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    described = page.evaluate("() => document.activeElement.getAttribute('aria-describedby')")
    assert described and page.locator(f"#{described}").inner_text().startswith("Not removed")
