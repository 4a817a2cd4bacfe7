"""The uncertainty queue in the browser: an annotator's documents in the model's order, the
column reviewers see, and the suggestion model's Train now button."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from annotator.core.label_schema import validate_schema
from annotator.db import get_sessionmaker
from annotator.models import AssistJob, DocumentUncertainty
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.training import train_project
from tests.extras import need

need("requests")

pytestmark = pytest.mark.server

TEXTS = [
    "Maria Lopez told reporters on Monday that the plan would fail.",
    "The weather was mild and the river was calm all week.",
    "According to the mayor, taxes will rise; critics denied it.",
    "Nobody knows.",
    "Anna Berg warned that the bridge is unsafe, officials said.",
]


@pytest.fixture
def world(session: Any, make_document: Any, assign: Any, make_assist_world: Any) -> Any:
    world = make_assist_world()
    for n, text in enumerate(TEXTS):
        assign(make_document(world.project, text, f"q-{n}"), world.annotator)
    train_project(session, world.project, world.reviewer)
    predict_documents(session, world.project)
    world.project.schema = validate_schema({**world.project.schema, "queue_order": "uncertainty"})
    session.commit()
    scores = dict(session.query(DocumentUncertainty.document_id, DocumentUncertainty.value))
    mine = [world.unseen.id] + [
        d for d in scores if d != world.unseen.id and d not in {g.id for g in world.gold}
    ]
    world.order = sorted(mine, key=lambda d: -scores[d])
    world.scores = scores
    return world


def test_an_annotators_queue_follows_the_models_uncertainty(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    page = tab.page
    page.goto(f"{tab.server.url}/projects/assist")
    page.click("text=Continue annotating")
    page.wait_for_selector("#workspace[data-ready='true']", timeout=10_000)
    visited = [int(re.search(r"/documents/(\d+)", page.url).group(1))]
    while page.locator("#next-doc").count():
        assert len(visited) <= len(world.order), visited  # a queue leading back would loop
        page.click("#next-doc")
        page.wait_for_selector("#workspace[data-ready='true']", timeout=10_000)
        visited.append(int(re.search(r"/documents/(\d+)", page.url).group(1)))
    # Most uncertain first; documents the model scores alike follow the queue's seeded order
    # (services/datasets/queue_order.py, tested there), which a sort here would not know.
    assert sorted(visited) == sorted(world.order)
    assert [world.scores[d] for d in visited] == [world.scores[d] for d in world.order]
    assert len({round(world.scores[d], 6) for d in visited}) > 1  # an order, not all ties
    assert not tab.errors, tab.errors


def test_reviewers_see_the_uncertainty_column_and_train_from_the_button(
    app: Any, world: Any, open_tab: Any
) -> None:
    tab = open_tab("rita")
    page = tab.page
    page.goto(f"{tab.server.url}/projects/assist")
    top = world.order[0]
    row = page.locator("tr", has=page.locator(f"a[href$='/documents/{top}']"))
    assert row.locator("[data-uncertainty]").inner_text() == f"{world.scores[top]:.3f}"
    page.click("text=Suggestion model")
    assert page.locator("[data-version]").inner_text() == "1"
    page.click("button:has-text('Train now')")
    # alice's documents wait unbegun: the new model's suggestions reach her, asked first.
    page.click("#train-confirm input[name=confirm]")
    assert "Training started" in page.locator(".flashes").inner_text()
    maker = get_sessionmaker(app)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with maker() as own:
            # Stored, and done suggesting for the waiting documents (the claim released).
            job = own.get(AssistJob, world.project.id)
            if job is not None and job.claimed_by is None and job.last_version == 2:
                break
        time.sleep(0.2)
    page.reload()
    assert page.locator("[data-version]").inner_text() == "2"
    assert page.locator("#model-scores tbody tr").count() == 6  # 3 labels x exact, overlap
    assert not tab.errors, tab.errors
