"""A lead takes a leaving annotator off their unfinished documents from the browser: the
confirmation names each document and whose work is deleted, and reads on a phone."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def test_the_confirmation_names_the_work_it_deletes_and_takes_the_annotator_off(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"bob": "annotator", "root": "admin"},
        worked=(TEXT, "worked.txt", {"title": "A title long enough to wrap on a phone"}),
        untouched=(TEXT, "untouched.txt"),
    )
    bob = api_as(world.tokens["bob"])
    bob.write(
        "POST", f"/documents/{world.worked.id}/spans", {"label": "SOURCE", "start": 0, "end": 9}
    )
    tab = open_tab("root")
    page = tab.open("/projects/demo/assignments/take-off?annotator=bob")
    warning = page.inner_text("#take-off-warning")
    assert "worked.txt" in warning and "deleted" in warning and "untouched.txt" not in warning
    button = page.locator("#take-off button[type=submit]")
    assert button.inner_text() == "Delete their unfinished work and take them off"
    # On a phone each document heads its row, readable, and nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    head = page.locator("#take-off-documents tbody th").first
    assert head.bounding_box()["width"] > 250
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1400, "height": 900})
    with page.expect_navigation():
        button.click()
    assert "/assignments" in page.url
    gone = bob.http.get(f"{bob.server.url}/api/v1/documents/{world.worked.id}/annotations")
    assert gone.status_code == 404
    assert tab.errors == []
