"""The project page's document filters: an annotator's name nobody in the project has is said
to be one, with the names there are, not answered as an empty list."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        doc=("Officials said the border was closed.", "a.txt"),
    )


def filter_by(page: Any, annotator: str) -> None:
    page.get_by_label("Annotator").fill(annotator)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()


def test_a_name_nobody_in_the_project_has_is_said_to_be_unknown(world: Any, open_tab: Any) -> None:
    page = open_tab("rita").open("/projects/demo")
    filter_by(page, "alcie")
    said = page.locator("#unknown-annotator").inner_text()
    assert said == (
        "No documents match. Nobody called “alcie” annotates this project"
        " (its annotators: alice, bob)."
    )
    filter_by(page, "alice")
    assert page.locator("#unknown-annotator").count() == 0
    assert page.locator("table tbody tr").count() == 1
    # A known annotator with nothing in the status asked for is an ordinary empty list.
    page.select_option("select[name=status]", "done")
    filter_by(page, "alice")
    assert page.locator("#unknown-annotator").count() == 0
    assert page.get_by_text("No documents match.", exact=True).count() == 1  # that alone
