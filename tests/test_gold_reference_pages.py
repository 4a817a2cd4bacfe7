"""Which gold counts, on the pages: the model page's "Train now" (its opt-in, its refusal
kept), and the agreement page (finished work by default, final gold, unpaired annotators)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from annotator.models import Assignment
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from annotator.web import training as background
from tests.assist_world import build_assist_world, build_half_reviewed
from tests.helpers import csrf_token_from, login

MODEL_PAGE = "/projects/assist/suggestions/model"


def _text(page: str, element_id: str) -> str:
    """The text of the element with ``element_id``, unescaped, on one line."""
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</p>', page, re.S)
    assert found is not None, element_id
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def test_a_refused_train_now_is_kept_with_its_time_and_names_the_way_in(
    client: Any, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    build_assist_world(session, make_user, make_project, make_document, assign, final=0)
    login(client, "rita")
    page = client.get(MODEL_PAGE).text
    assert "0 such documents now" in " ".join(page.split())
    in_review = re.search(r'<span id="gold-in-review">(.*?)</span>', page, re.S)
    assert in_review is not None
    assert html.unescape(in_review.group(1)).startswith(
        "6 more documents have gold still in review, left out"
    )
    assert _text(page, "training-state") == "No training has run yet."
    answer = client.post(
        "/projects/assist/suggestions/train", data={"csrf_token": csrf_token_from(page)}
    )
    assert answer.status_code == 303
    assert background.wait_idle(0)  # refused at once: nothing queued
    page = client.get(MODEL_PAGE).text
    flashed = re.search(r'<p class="flash flash--warning">([^<]*)</p>', page)
    assert flashed is not None
    said = html.unescape(flashed.group(1))
    assert "the project has 0" in said and "6 documents whose gold is still in review" in said
    assert "--include-in-review" in said and "Include gold still in review" in said
    state = _text(page, "training-state")
    assert state.startswith("The last training, at ") and "stored no model" in state
    assert "6 documents whose gold is still in review" in state
    # The API's training state says the same.
    training = client.get("/api/v1/projects/assist/assist/model").get_json()["training"]
    assert training["last_error"] in said and training["finished_at"] is not None
    # A reload still says it (the flashed message is gone).
    assert _text(client.get(MODEL_PAGE).text, "training-state") == state


def test_train_now_with_the_box_ticked_learns_from_gold_in_review(
    client: Any, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    build_assist_world(session, make_user, make_project, make_document, assign, final=2)
    login(client, "rita")
    page = client.get(MODEL_PAGE).text
    assert 'name="include_in_review"' in page
    answer = client.post(
        "/projects/assist/suggestions/train",
        # alice's document waits unbegun: the new model's suggestions reach her, so confirmed.
        data={
            "csrf_token": csrf_token_from(page),
            "include_in_review": "y",
            "confirm": "Train now, shown to annotators",
        },
    )
    assert answer.status_code == 303
    assert background.wait_idle(120)
    page = client.get(MODEL_PAGE).text
    assert re.search(r"data-documents>6<", page), page


# The agreement page --------------------------------------------------------------------------


@pytest.fixture
def half(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    project, documents = build_half_reviewed(
        session, make_user, make_project, make_document, assign
    )
    # dave is still annotating the first document; carol, done, shares no document with
    # anyone.
    dave, carol = make_user("dave"), make_user("carol")
    assign(documents[0], dave)
    add_span(session, ensure_layer(session, documents[0], dave.id), "CUE", 12, 16, None)
    alone = make_document(project, "Carol alone said so.", "alone")
    assign(alone, carol)
    add_span(session, ensure_layer(session, alone, carol.id), "CUE", 12, 16, None)
    for row in session.query(Assignment).filter_by(document_id=documents[0].id, user_id=dave.id):
        row.status = "in_progress"
    for row in session.query(Assignment).filter_by(document_id=alone.id):
        row.status = "done"
    session.commit()
    return project


def test_the_agreement_page_opens_on_done_only_and_keeps_the_choice(client: Any, half: Any) -> None:
    login(client, "rita")
    page = client.get("/projects/half/agreement").text
    assert '<option value="done" selected>Done only</option>' in page
    lead = " ".join(html.unescape(page.split('class="lead"')[1].split("</p>")[0]).split())
    assert "(alice, bob, carol)" in lead  # dave's layer is in progress
    page = client.get("/projects/half/agreement?status=all").text
    assert '<option value="all" selected>In progress and done</option>' in page
    assert "(alice, bob, carol, dave)" in " ".join(html.unescape(page).split())
    # An older link's empty status is every layer begun, as it was.
    assert "(alice, bob, carol, dave)" in " ".join(
        html.unescape(client.get("/projects/half/agreement?status=").text).split()
    )
    # The CSV follows the page's default too.
    csv = client.get("/projects/half/agreement.csv").text
    assert "dave" not in csv and "alice|bob" in csv


def test_the_agreement_page_scores_against_final_gold_saying_so(client: Any, half: Any) -> None:
    login(client, "rita")
    page = client.get("/projects/half/agreement").text
    assert _text(page, "gold-scope") == "Scored against gold marked final only."
    assert _text(page, "gold-in-review").startswith(
        "1 document’s gold is still in review (not marked final): left out here"
    )
    assert 'name="include_in_review" value="1">' in page
    page = client.get("/projects/half/agreement?include_in_review=1").text
    assert _text(page, "gold-scope").startswith("Scored against gold marked final and gold still")
    assert 'id="gold-in-review"' not in page
    assert 'name="include_in_review" value="1" checked>' in page
    assert "2 documents have a gold layer" in " ".join(page.split())


def test_the_agreement_page_leaves_an_unpaired_annotator_out_of_the_pairs_saying_why(
    client: Any, half: Any
) -> None:
    login(client, "rita")
    page = client.get("/projects/half/agreement").text
    said = _text(page, "unpaired")
    assert said.startswith("carol shares no document with another annotator")
    assert "left out of the pairs" in said
    heatmaps = re.findall(
        r"<svg[^>]*aria-label=\"Span F1 \(overlap\) per pair[^\"]*\".*?</svg>", page, re.S
    )
    assert heatmaps and all(">carol</text>" not in svg for svg in heatmaps)
    assert all(">alice</text>" in svg for svg in heatmaps)
