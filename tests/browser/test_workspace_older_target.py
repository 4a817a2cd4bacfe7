"""A stance given before its target changed is marked in the annotator's workspace, on a wide
window and on a phone, until the annotator gives it again."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer

pytestmark = pytest.mark.server

NEW_TARGET = "Fuel subsidies"


def test_a_value_given_toward_the_old_target_is_marked_until_given_again(
    session: Any, make_world: Any, open_tab: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=("Officials said it. Critics denied it.", "a"))
    layer = open_layer(session, world.alice, world.doc, None)
    set_label(session, layer, 0, "stance", "AGAINST")
    session.commit()
    schema = copy.deepcopy(world.project.schema)
    stance = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
    old = stance["target"]
    stance["target"] = NEW_TARGET
    edit_project(session, world.project, None, schema=schema, confirm_meaning=True)
    session.commit()

    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    note = page.locator("#sentence-fields .older-target")
    assert note.inner_text() == (
        f"AGAINST was given when the target was {old!r} (schema version 1): look at it again."
    )
    chip = page.locator(".chip--older")
    assert chip.count() == 1 and chip.get_attribute("title") == (
        f"stance: AGAINST, given when the target was {old!r}"
    )
    # The field's name says today's target beside the mark.
    assert (
        NEW_TARGET
        in page.locator("#sentence-fields .field-row__name", has_text="stance").inner_text()
    )

    # On a phone the panel folds; the chip on the text still shows the mark.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator(".chip--older").is_visible()
    page.set_viewport_size({"width": 1400, "height": 900})

    # Given again (another value): toward today's target, so no mark, here and once reloaded.
    page.click("#sentence-fields button.value[data-focus='value:stance:FAVOR']")
    tab.wait_saved()
    assert page.locator(".older-target").count() == 0
    assert page.locator(".chip--older").count() == 0
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.locator(".chip", has_text="stance: FAVOR").count() == 1
    assert page.locator(".older-target, .chip--older").count() == 0
