"""A prediction asks nobody first (unlike the model page's buttons), so the CLI and the API
say afterwards who will see what it wrote, and when, by the project's ``suggestions``."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment
from tests.assist_world import build_assist_world

PREDICT = "/api/v1/projects/assist/assist/predict"


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign)


def _set_suggestions(session: Any, project: Any, mode: str) -> None:
    project.schema = {**project.schema, "suggestions": mode}
    session.commit()


def test_the_api_says_which_annotators_see_the_documents_written(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    rita = make_token(world.reviewer)
    _set_suggestions(session, world.project, "on")
    answer = client.post(PREDICT, headers=rita, json={"documents": ["unseen"]}).get_json()
    assert answer["audience"] == {
        "setting": "on",
        "annotators": 1,
        "documents": 1,
        "mid_document": 0,
        "said": "Annotators see suggestions from the start in this project: 1 annotator with "
        "this document open will see them next time they open it. Reviewers see them too.",
    }
    # A document nobody is assigned reaches no annotator, whatever the others hold, and the
    # sentence speaks of that document, not of the project (alice has another one open).
    nobody = client.post(PREDICT, headers=rita, json={"documents": ["gold-0"]}).get_json()
    assert nobody["documents"] == ["gold-0"]
    assert (nobody["audience"]["annotators"], nobody["audience"]["documents"]) == (0, 0)
    assert "no annotator has this document open now" in nobody["audience"]["said"]
    both = client.post(PREDICT, headers=rita, json={"documents": ["gold-0", "unseen"]})
    assert "1 annotator with one of these documents open" in both.get_json()["audience"]["said"]
    # Every document: counted over the project, as Suggest now says it.
    every = client.post(PREDICT, headers=rita).get_json()["audience"]
    assert "1 annotator with open documents will see them next time they open one" in every["said"]
    # A list naming none writes nothing, and says so.
    none = client.post(PREDICT, headers=rita, json={"documents": []}).get_json()["audience"]
    assert "no document got suggestions" in none["said"]


def test_after_done_the_audience_is_who_marked_the_document_done(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    rita = make_token(world.reviewer)
    _set_suggestions(session, world.project, "after_done")
    before = client.post(PREDICT, headers=rita, json={"documents": ["unseen"]}).get_json()
    assert (before["audience"]["setting"], before["audience"]["annotators"]) == ("after_done", 0)
    assert "no annotator has marked this document done yet" in before["audience"]["said"]
    assignment = session.scalars(
        select(Assignment).where(Assignment.document_id == world.unseen.id)
    ).one()
    assignment.status = "done"
    session.commit()
    after = client.post(PREDICT, headers=rita, json={"documents": ["unseen"]}).get_json()
    assert after["audience"]["annotators"] == 1
    assert "nobody sees them before marking a document done" in after["audience"]["said"]


def test_the_cli_prints_who_will_see_them(runner: Any, session: Any, world: Any) -> None:
    _set_suggestions(session, world.project, "on")
    result = runner.invoke(args=["assist", "predict", "assist", "--documents", "unseen"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "Annotators see suggestions from the start in this project: 1 annotator with this "
        "document open will see them next time they open it. Reviewers see them too."
    )
    _set_suggestions(session, world.project, "off")
    result = runner.invoke(args=["assist", "predict", "assist", "--documents", "unseen"])
    assert "never see suggestions" in result.output.splitlines()[-1]


def test_a_whole_project_prediction_counts_only_the_documents_it_wrote_to(
    client: Any, session: Any, world: Any, make_token: Any, make_user: Any, assign: Any
) -> None:
    # bob's only document is one the model learned from: the prediction skips it (no
    # suggestions there), so bob sees none of them and is not counted; alice is.
    from annotator.services.assist.training import train_project

    _set_suggestions(session, world.project, "on")
    train_project(session, world.project, world.reviewer)
    session.commit()
    rita = make_token(world.reviewer)
    learned = client.post(PREDICT, headers=rita).get_json()["skipped"]
    bob = make_user("bob", "annotator")
    assign(next(d for d in world.gold if d.external_id == learned[0]), bob)
    answer = client.post(PREDICT, headers=rita).get_json()
    assert learned[0] in answer["skipped"] and "unseen" in answer["documents"]
    assert (answer["audience"]["annotators"], answer["audience"]["documents"]) == (1, 1)
    assert "1 annotator with open documents will see them" in answer["audience"]["said"]
