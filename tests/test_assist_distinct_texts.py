"""Enough gold to learn from counts distinct texts, as the cross-validation's folds do.

Copies of one text fall in one fold (a fold's model never saw what it is scored on), so
five gold documents holding three texts are three to learn from: the "Train now" button,
the API and the CLI refuse too few of them in words, before anything is queued, and train
on enough of them with as many folds as there are texts (it was a ValueError, a 500).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.models import AssistJob, User
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from annotator.web import training as background
from tests.assist_world import attribution_text, mark_gold
from tests.helpers import csrf_token_from, login

SENTENCES = [
    ("Lena Ott", "said", "the ferry will stop in May"),
    ("The mayor", "warned", "the bridge is unsafe"),
    ("Officials", "claimed", "taxes will rise next year"),
]


@pytest.fixture
def project(session: Any, make_user: Any, make_project: Any) -> Any:
    make_user("rita", "reviewer")
    return make_project("copies")


def _gold(session: Any, make_document: Any, project: Any, texts: int, documents: int) -> None:
    """``documents`` gold documents cycling through ``texts`` distinct texts."""
    for n in range(documents):
        text, spans = attribution_text([SENTENCES[n % texts]] * 3)
        document = make_document(project, text, f"doc-{n}")
        layer = ensure_layer(session, document, None)
        for label, start, end in spans:
            extra = {"claimer": "REPORTED"} if label == "CLAIM" else None
            add_span(session, layer, label, start, end, extra)
        session.commit()
        mark_gold(session, [document], "final")


TOO_FEW = "training needs at least 3 documents"


def test_five_copies_of_two_texts_are_refused_in_words_on_page_api_and_cli(
    session: Any, client: Any, runner: Any, make_document: Any, make_token: Any, project: Any
) -> None:
    _gold(session, make_document, project, texts=2, documents=5)
    login(client, "rita")
    url = "/projects/copies/suggestions/model"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    answer = client.post("/projects/copies/suggestions/train", data={"csrf_token": token})
    assert answer.status_code == 303
    page = client.get(url).get_data(as_text=True)
    said = re.search(r'<p class="flash flash--warning">([^<]*)</p>', page)
    assert said is not None, page
    assert said.group(1).startswith(f"Not trained: {TOO_FEW}")
    assert "copies of one text count once); the project has 2." in said.group(1)
    # Nothing queued: no training ran; the refusal is kept with its words.
    assert background.wait_idle(0)
    job = session.query(AssistJob).filter_by(project_id=project.id).one()
    assert job.claimed_by is None and job.last_version is None
    assert job.last_error is not None and job.last_error.endswith("the project has 2")

    rita = session.query(User).filter_by(username="rita").one()
    api = client.post("/api/v1/projects/copies/assist/train", headers=make_token(rita))
    assert api.status_code == 422, api.get_json()
    assert TOO_FEW in api.get_json()["error"]["message"]
    assert api.get_json()["error"]["message"].endswith("the project has 2")

    cli = runner.invoke(args=["assist", "train", "copies"])
    assert cli.exit_code == 1  # a ClickException: the refusal in words, no traceback
    assert TOO_FEW in cli.output and "the project has 2" in cli.output


def test_five_documents_of_three_texts_train_with_three_folds(
    session: Any, client: Any, make_document: Any, make_token: Any, project: Any
) -> None:
    _gold(session, make_document, project, texts=3, documents=5)
    rita = session.query(User).filter_by(username="rita").one()
    api = client.post("/api/v1/projects/copies/assist/train", headers=make_token(rita))
    assert api.status_code == 201, api.get_json()
    assert api.get_json()["version"] == 1
