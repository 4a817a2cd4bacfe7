"""A stance field that takes each document's target from its meta names, in the workspace, the
target of the document open: two documents, two targets (the fallback where meta has none)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.browser.browser_helpers import SHOTS
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server


def _schema() -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["target_from"] = "topic"
    schema["document_labels"][0]["target_from"] = "outlet"
    return schema


def test_two_documents_show_their_own_targets(make_world: Any, open_tab: Any) -> None:
    world = make_world(
        {"alice": "annotator"},
        schema=_schema(),
        vaccines=("Officials said the jab is safe. Critics disagreed.", "v.txt",
                  {"meta": {"topic": "Vaccines", "outlet": "Daily Post"}}),
        nato=("Moscow said no. The alliance said yes.", "n.txt"),
    )  # fmt: skip
    tab = open_tab("alice")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for document, stance, genre in (
        (world.vaccines, "Vaccines", "genre (Daily Post)"),
        (world.nato, "Russian foreign policy", "genre"),
    ):
        page = tab.open(f"/projects/demo/documents/{document.id}")
        page.set_viewport_size({"width": 1366, "height": 800})
        name = page.locator("#sentence-fields .field-row[data-field=stance] .field-row__name")
        name.wait_for(timeout=10_000)
        assert name.inner_text() == f"stance ({stance})"
        label = page.locator("#document-fields label[for=doc-label-genre]")
        assert label.inner_text() == genre
        page.screenshot(path=str(SHOTS / f"workspace-{document.external_id}-1366.png"))
        page.set_viewport_size({"width": 390, "height": 844})
        # On a phone the labels sheet folds; opened, it names the same target.
        if not name.is_visible():  # the sheet's state is kept between documents
            page.click("button[data-fold=sentence-panel]")
        name.wait_for(state="visible", timeout=10_000)
        page.screenshot(path=str(SHOTS / f"workspace-{document.external_id}-390.png"))
        assert name.inner_text() == f"stance ({stance})"
