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
        "open documents will see them next time they open one. Reviewers see them too.",
    }
    # A document nobody is assigned reaches no annotator, whatever the others hold.
    nobody = client.post(PREDICT, headers=rita, json={"documents": ["gold-0"]}).get_json()
    assert nobody["documents"] == ["gold-0"]
    assert (nobody["audience"]["annotators"], nobody["audience"]["documents"]) == (0, 0)


def test_after_done_the_audience_is_who_marked_the_document_done(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    rita = make_token(world.reviewer)
    _set_suggestions(session, world.project, "after_done")
    before = client.post(PREDICT, headers=rita, json={"documents": ["unseen"]}).get_json()
    assert (before["audience"]["setting"], before["audience"]["annotators"]) == ("after_done", 0)
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
        "Annotators see suggestions from the start in this project: 1 annotator with open "
        "documents will see them next time they open one. Reviewers see them too."
    )
    _set_suggestions(session, world.project, "off")
    result = runner.invoke(args=["assist", "predict", "assist", "--documents", "unseen"])
    assert "never see suggestions" in result.output.splitlines()[-1]
