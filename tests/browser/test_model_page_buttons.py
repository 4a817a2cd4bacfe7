"""The suggestion model page's buttons in a browser: Train now refused at once when there is
too little to learn from, and Suggest now writing suggestions in the background."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.extras import need

requests = need("requests")

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_assist_world: Any) -> Any:
    # One gold document: too few to train on (three are needed).
    return make_assist_world(1)


def _suggested_spans(server: Any, token: dict[str, str], document_id: int) -> int:
    url = f"{server.url}/api/v1/documents/{document_id}/suggestions"
    answer = requests.get(url, headers=token, timeout=30)
    assert answer.status_code == 200, answer.text
    return len(answer.json()["spans"])


def test_train_now_is_refused_at_once_and_suggest_now_writes_in_the_background(
    world: Any, server: Any, open_tab: Any
) -> None:
    tab = open_tab("rita")
    page = tab.open("/projects/assist/suggestions/model")
    page.click("button:has-text('Train now')")
    warning = page.locator(".flash--warning")
    assert warning.inner_text().startswith("Not trained: training needs at least 3 documents")
    # The refusal is kept, dated and quoted, where "No training has run yet." was.
    state = page.locator("#training-state").inner_text()
    assert state.startswith("The last training, at ") and "stored no model" in state
    assert "the project has 1" in state

    assert _suggested_spans(server, world.token, world.unseen.id) == 0
    page.click("button:has-text('Suggest now')")
    # alice has an open document: she would see them while annotating, asked first.
    page.click("#suggest-confirm input[name=confirm]")
    said = page.locator(".flash").first.inner_text()
    assert said.startswith("Suggesting for every document of the project.")
    assert page.locator(".flash--warning").count() == 0
    deadline = time.monotonic() + 60
    while _suggested_spans(server, world.token, world.unseen.id) == 0:
        assert time.monotonic() < deadline, "no suggestions written within a minute"
        time.sleep(0.2)
    assert tab.errors == []
