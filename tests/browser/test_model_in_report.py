"""A reviewer trains a model over the API and reads it scored against gold in the browser."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from tests.assist_world import mark_gold
from tests.extras import need

requests = need("requests")

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_assist_world: Any) -> Any:
    return make_assist_world()


def _post(server: Any, token: dict[str, str], path: str, body: Any) -> dict[str, Any]:
    response = requests.post(f"{server.url}/api/v1{path}", json=body, headers=token, timeout=120)
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_the_trained_model_appears_as_an_annotator_in_the_report_and_review(
    session: Any, world: Any, server: Any, open_tab: Any
) -> None:
    trained = _post(server, world.token, "/projects/assist/assist/train", {})
    predicted = _post(server, world.token, "/projects/assist/assist/predict", {})
    assert predicted["documents"] == ["unseen"]
    # Gold for the unseen document, made after the training: the model never saw it.
    text = world.unseen.text
    layer = ensure_layer(session, world.unseen, None)
    for label, part in (("SOURCE", "Peter Brown"), ("CUE", "said"), ("SOURCE", "port")):
        add_span(session, layer, label, text.index(part), text.index(part) + len(part))
    session.commit()
    mark_gold(session, [world.unseen], "final")  # the gold scored against by default

    tab = open_tab("rita")
    page = tab.open("/projects/assist/agreement")
    section = page.locator("section.model-against-gold")
    assert section.locator("h2").inner_text() == "The model against gold"
    assert section.locator(".model-name").inner_text() == f"model v{trained['version']}"
    cue = section.locator("tr", has=page.locator("th", has_text="CUE")).first
    assert "1.000 / 1.000 / 1.000" in cue.inner_text()
    # Gold's second source ("port") lies inside the model's claim, not a source: missed.
    source = section.locator("tr", has=page.locator("th", has_text="SOURCE")).first
    assert "1.000 / 0.500 / 0.667" in source.inner_text()

    review = tab.open(f"/projects/assist/review/{world.unseen.id}")
    assert review.locator("section.model-against-gold .model-name").inner_text() == (
        f"model v{trained['version']}"
    )
    other = tab.open(f"/projects/assist/review/{world.gold[0].id}")
    assert "No suggestions on documents with gold spans yet." in (
        other.locator("section.model-against-gold").inner_text()
    )
